"""The second factor: who needs it, authenticator apps and backup codes, and the audit trail.

An authenticator app is a django-otp `TOTPDevice`; backup codes are one `StaticDevice` with
`BACKUP_CODE_COUNT` one-time tokens. A person has at most one confirmed app: setting up a new one
replaces the old one and its backup codes.

Council staff must use the second factor while `SEND_STAFF_TWO_FACTOR` is on; anyone who has set
up an app (staff, or a portal user who opted in from the Security page) must use it whatever the
setting says.
"""

import time
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.audit import audit_record

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

# Session keys. The session is stored on the server, so none of these can be set by a browser.
SESSION_HAS_AUTHENTICATOR = "accounts_has_authenticator"
SESSION_LAST_ACTIVITY = "accounts_last_activity"
SESSION_NEW_BACKUP_CODES = "accounts_new_backup_codes"
SESSION_NEXT = "accounts_next"


# --- who needs the second factor ---------------------------------------------------------------


def authenticator_for(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_device_for(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def role_requires_two_factor(user) -> bool:
    """Council staff, and support accounts (the Django admin), while the council requires it."""
    return bool((user.is_council_staff or user.is_staff) and settings.SEND_STAFF_TWO_FACTOR)


def two_factor_required(user, *, has_app: bool) -> bool:
    return has_app or role_requires_two_factor(user)


def session_has_authenticator(request) -> bool:
    """Whether the signed-in person has an app: noted at sign-in, asked of the database only
    for a session that began before this was noted."""
    value = request.session.get(SESSION_HAS_AUTHENTICATOR)
    if value is None:
        value = has_authenticator(request.user)
        request.session[SESSION_HAS_AUTHENTICATOR] = value
    return value


def two_factor_pending(request) -> bool:
    """True for a signed-in person who must still give a code (or set up an app)."""
    user = request.user
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return two_factor_required(user, has_app=session_has_authenticator(request))


def note_sign_in(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: a new sign-in starts unverified, with its idle clock at now."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if not hasattr(user, "otp_device"):  # django-otp's own forms set this; ours never do
        session.pop(DEVICE_ID_SESSION_KEY, None)
    session[SESSION_HAS_AUTHENTICATOR] = has_authenticator(user)
    session[SESSION_LAST_ACTIVITY] = int(time.time())


# --- authenticator apps ------------------------------------------------------------------------


def authenticator_start(*, user) -> TOTPDevice:
    """The app being set up: the same one until it is confirmed, so reloading the set-up page
    does not change the key the person may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_in_groups(device: TOTPDevice) -> str:
    """The key as an authenticator app wants it typed: base32, in groups of 4."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def authenticator_confirm(
    *, user, device_id: int, token: str
) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the app being set up with a code it shows. On success the app replaces any
    earlier one, new backup codes replace the old ones, and both are returned (the codes are
    shown once). None when the code is wrong."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device_id, user=user, confirmed=False)
        .first()
    )
    if device is None or not device.verify_token(token):
        return None
    replacing = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _backup_codes_create(user)
    audit_record(
        actor=user,
        action="account.two_factor_set_up",
        payload={"app": "a new authenticator app" if replacing else "an authenticator app"},
        obj=user,
    )
    return device, codes


@transaction.atomic
def authenticator_remove(*, user) -> None:
    """Turn two-step sign-in off (portal users, and staff while the council does not require it)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        actor=user,
        action="account.two_factor_turned_off",
        obj=user,
    )


# --- backup codes ------------------------------------------------------------------------------


def _backup_codes_create(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < BACKUP_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def backup_codes_renew(*, user) -> list[str]:
    """New backup codes; every old one stops working."""
    codes = _backup_codes_create(user)
    audit_record(
        actor=user,
        action="account.backup_codes_renewed",
        payload={"count": len(codes)},
        obj=user,
    )
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def format_backup_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}"


# --- checking a code ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """What a code check found: the device that accepted the code, or none and why not."""

    device: TOTPDevice | StaticDevice | None = None
    no_device: bool = False
    throttled: dict | None = None  # django-otp's throttle info while wrong codes are held off


@transaction.atomic
def second_factor_check(*, user, backup: bool, token: str) -> CodeCheck:
    """Check a code from the authenticator app, or a backup code, with the device's row locked
    (SELECT ... FOR UPDATE) from the throttle check to the verdict. Two requests with the same
    code at the same moment are answered one after the other: the app's code is accepted once
    (django-otp keeps the last time step used), a backup code works once (the token is deleted
    before the lock is released), and every wrong guess is counted by the throttle."""
    model = StaticDevice if backup else TOTPDevice
    device = (
        model.objects.select_for_update().filter(user=user, confirmed=True).order_by("-pk").first()
    )
    if device is None:
        return CodeCheck(no_device=True)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(throttled=info or {})
    if device.verify_token(token):
        return CodeCheck(device=device)
    return CodeCheck()


# --- signing in --------------------------------------------------------------------------------


def second_factor_passed(*, user, device) -> int | None:
    """Audit a sign-in completed with a code. Returns the backup codes left when a backup code
    was used, else None."""
    if isinstance(device, StaticDevice):
        left = backup_codes_left(user)
        audit_record(
            actor=user,
            action="account.signed_in_two_factor",
            payload={"second_factor": "a backup code"},
            obj=user,
        )
        audit_record(
            actor=user,
            action="account.backup_code_used",
            payload={"left": left},
            obj=user,
        )
        return left
    audit_record(
        actor=user,
        action="account.signed_in_two_factor",
        payload={"second_factor": "a code from an authenticator app"},
        obj=user,
    )
    return None


def password_changed(*, user, by_reset: bool) -> None:
    audit_record(
        actor=user,
        action="account.password_changed",
        payload={"how": "with a reset link sent by email" if by_reset else "signed in"},
        obj=user,
    )
