"""The staff idle limit: how long a session has left, keeping it going on request (the timeout
warning's "Stay signed in"), and keeping what was submitted after the limit, so that nothing typed
is lost (WCAG 2.2.1).

A form sent after the limit is kept in the cache under the person's account, not the session
(which signing out ends), for `KEPT_FOR_SECONDS`; after signing in again the same person, and
only they, is offered to send it again (`accounts/kept_submission.html`). Only forms that passed
the CSRF check are kept, so another site cannot plant a submission; never passwords, never files.
"""

import time

from django.conf import settings
from django.core.cache import cache

from . import services

# How long to warn before the limit (GOV.UK's timeout warning: two minutes).
WARN_SECONDS = 2 * 60
KEPT_FOR_SECONDS = 60 * 60
# Only casework forms are kept: sign-in and account forms carry passwords and codes.
KEPT_PATH_PREFIX = "/staff/"
# Sent with a kept form when it is sent again: the kept copy is then deleted.
KEPT_MARKER = "_kept_submission"
NEVER_KEPT = ("csrfmiddlewaretoken", KEPT_MARKER)
NEVER_KEPT_CONTAINING = ("password", "token", "code")


def limit_seconds() -> int:
    """The staff idle limit in seconds (0: none)."""
    return settings.SEND_STAFF_IDLE_MINUTES * 60


def applies_to(user) -> bool:
    return bool(limit_seconds() and user.is_authenticated and user.is_council_staff)


def idle_for(request, now: int) -> int | None:
    last = request.session.get(services.SESSION_LAST_ACTIVITY)
    return None if last is None else now - last


def seconds_left(request) -> int | None:
    """How long until this person is signed out for inactivity; None when no limit applies."""
    if not applies_to(request.user):
        return None
    idle = idle_for(request, int(time.time()))
    return limit_seconds() - max(idle or 0, 0)


def note_activity(request, now: int | None = None) -> None:
    request.session[services.SESSION_LAST_ACTIVITY] = int(time.time()) if now is None else now


# --- what was submitted after the limit ------------------------------------------------------


def _key(user_id: int) -> str:
    return f"accounts:kept-submission:{user_id}"


def _keepable(name: str) -> bool:
    lowered = name.lower()
    return name not in NEVER_KEPT and not any(part in lowered for part in NEVER_KEPT_CONTAINING)


def may_keep(request) -> bool:
    """A POST to a casework page that passed the CSRF check (so it came from our own form)."""
    return (
        request.method == "POST"
        and request.path.startswith(KEPT_PATH_PREFIX)
        and getattr(request, "csrf_processing_done", False)
    )


def submission_keep(request) -> None:
    """Keep the form the person sent, under their account, before they are signed out."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if _keepable(name)
        for value in values
    ]
    cache.set(
        _key(request.user.pk),
        {
            "path": request.get_full_path(),
            "fields": fields,
            "files_dropped": bool(request.FILES),
            "kept_at": int(time.time()),
        },
        KEPT_FOR_SECONDS,
    )


def submission_for(user) -> dict | None:
    """What this person sent after the limit, if it is still kept."""
    return cache.get(_key(user.pk))


def submission_discard(user) -> None:
    cache.delete(_key(user.pk))


def note_sent_again(request) -> None:
    """A kept form has been sent again: the kept copy is no longer needed."""
    if request.method == "POST" and request.POST.get(KEPT_MARKER):
        submission_discard(request.user)
