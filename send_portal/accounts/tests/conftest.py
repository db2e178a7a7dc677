import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import AuditEntry
from tests.kit import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """Every sign-in test starts with no rate-limit counters (see the root conftest.py), and the
    clock stands still unless a test moves it (`clock`), so a test's hits never straddle two of
    the limiter's fixed windows (a slow run crossing a 5-minute boundary would count afresh)."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture
def idle_30(settings):
    """Staff are signed out after 30 minutes without a request (off in the test settings)."""
    settings.SEND_STAFF_IDLE_MINUTES = 30
    return settings


@pytest.fixture
def clock():
    """Time stands still until shifted: `clock.shift(minutes(31))`."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def minutes(n):
    return datetime.timedelta(minutes=n)


@pytest.fixture
def two_factor_on(settings):
    settings.SEND_STAFF_TWO_FACTOR = True
    return settings


def sign_in(client, user_or_email, password=PASSWORD, **extra):
    """Post the sign-in form; `extra` goes into the request's META (e.g. REMOTE_ADDR)."""
    email = getattr(user_or_email, "email", user_or_email)
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def add_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the person's app shows now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    right = int(code_for(device))
    return f"{(right + 500_000) % 1_000_000:06d}"


def actions(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(actor=user).order_by("at", "id").values_list("action", flat=True)
    )
