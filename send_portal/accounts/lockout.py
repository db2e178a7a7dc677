"""Account lockout with django-axes: whose sign-in is locked, until when, and the unlock.

Attempts are counted per account (the email address typed, trimmed and in lower case), not per
network address: a council office signs in from one address, and one person's typing must not
lock out the whole office (see docs/decisions/0004). Wrong second-factor codes count as failed
sign-ins too. The count is cleared when a sign-in completes (password, and code when one is
needed), not when the password alone is right, so a second factor cannot be guessed by signing
in again between guesses.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.db.models import Sum
from django.db.models.functions import Lower
from django.utils import timezone

from cases.audit import audit_record

logger = logging.getLogger(__name__)


def normalise(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    return value or None


def axes_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: "Jo@Example.org " and "jo@example.org" are one account."""
    if credentials and credentials.get("username") is not None:
        return normalise(credentials["username"])
    if request is not None and request.method == "POST":
        return normalise(request.POST.get("username"))
    return None


def cool_off() -> timedelta:
    return get_cool_off()


def _recent(now: datetime | None = None):
    return AccessAttempt.objects.filter(attempt_time__gte=(now or timezone.now()) - cool_off())


def unlocks_at(username: str | None) -> datetime | None:
    """When a lock on this account ends by itself (cool-off after the last counted failure)."""
    if not username:
        return None
    last = _recent().filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    return last + cool_off() if last else None


def is_locked(request, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": username})


def record_failure(request, username: str) -> bool:
    """Count a failed step of signing in that is not a password (a wrong code) against the
    account, as django-axes counts a wrong password. True when this locks the account."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return locked_by_this_request(request)


def locked_by_this_request(request) -> bool:
    """True when the failure this request recorded reached the limit. (While an account is
    locked, axes refuses attempts without recording them, so those do not count here.)"""
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is not None
    )


def sign_in_completed(username: str) -> None:
    """A complete sign-in clears the failures counted against the account."""
    username = normalise(username)
    if username:  # never reset(username=None): that would clear every account's failures
        reset(username=username)


def account_locked(*, username: str | None) -> None:
    """Audit (and log) that an account's sign-in has just been locked."""
    logger.warning("sign-in locked for an account after %s failures", settings.AXES_FAILURE_LIMIT)
    user = _user_for(username)
    if user is not None:
        audit_record(
            actor=user,
            action="account.locked",
            payload={"attempts": settings.AXES_FAILURE_LIMIT},
            obj=user,
        )


def _user_for(username: str | None):
    if not username:
        return None
    return get_user_model().objects.filter(email__iexact=username).first()


@dataclass(frozen=True)
class LockedAccount:
    username: str
    user: object | None
    failures: int
    last_failure: datetime
    unlocks_at: datetime


def locked_accounts() -> list[LockedAccount]:
    """Accounts locked now, the most recent first: one query for the attempts, one for names."""
    rows = list(
        _recent()
        .exclude(username=None)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    users = {
        u.email_lower: u
        for u in get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[row["username"] for row in rows])
        .only("pk", "email", "full_name", "role")
    }
    return [
        LockedAccount(
            username=row["username"],
            user=users.get(row["username"]),
            failures=row["failures"],
            last_failure=row["last"],
            unlocks_at=row["last"] + cool_off(),
        )
        for row in rows
    ]


def unlock(*, actor, username: str) -> int:
    """A manager ends the lock on an account; returns the attempt records cleared."""
    username = normalise(username) or ""
    cleared = reset(username=username) if username else 0
    user = _user_for(username)
    audit_record(
        actor=actor,
        action="account.unlocked",
        payload={"user": user.full_name if user else username},
        obj=user,
        changes={"failed_attempts_cleared": [cleared, 0]},
    )
    return cleared
