"""Signing in, second pass (issue 17): wrong codes count against the address too; one code
cannot be used twice by two requests at the same moment; a password reset answers the same,
in the same way, for an address with an account and one without."""

import contextlib
import threading

import pytest
from django.core import mail
from django.db import connection
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.roles import Role
from send_portal.accounts import services
from send_portal.accounts import tasks

from .conftest import add_authenticator
from .conftest import code_for
from .conftest import sign_in
from .conftest import wrong_code_for

VERIFY = reverse("accounts:two_factor_verify")
RESET = reverse("password_reset")


# --- wrong codes count against the address -------------------------------------------------------


@pytest.mark.django_db
def test_wrong_codes_count_against_the_address_like_wrong_passwords(client, make_user, settings):
    settings.SEND_STAFF_TWO_FACTOR = True
    settings.SEND_SIGN_IN_FAILURES_PER_IP = 3
    settings.AXES_FAILURE_LIMIT = 50  # so the account's own lockout does not answer first
    officer = make_user(Role.CASE_OFFICER)
    device = add_authenticator(officer)
    sign_in(client, officer)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    for _ in range(3):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        assert client.post(VERIFY, {"code": wrong_code_for(device)}).status_code == 200
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 429  # even the right code, from this address, for now
    # and the password step from this address is refused too: one count for every step
    client.logout()
    assert sign_in(client, make_user(Role.PARENT)).status_code == 429


# --- one code, two requests at the same moment ----------------------------------------------------


def _at_the_same_moment(monkeypatch, cls, method: str, seconds=1.0):
    """Make `cls.method` wait (up to `seconds`) until two threads are inside it: without the
    device row locked, both requests get there and both use the code; with it, the second waits
    at the lock until the first has finished, and finds the code used."""
    arrived = threading.Barrier(2)
    real = getattr(cls, method)

    def rendezvous(self, *args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            arrived.wait(seconds)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, rendezvous)


def _two_at_once(check) -> list:
    results, errors = [], []

    def attempt():
        try:
            results.append(check())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    return results


@pytest.fixture
def concurrent_db(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's: SQLite serialises whole transactions")


@pytest.mark.django_db(transaction=True)
def test_a_backup_code_used_twice_at_once_works_once(concurrent_db, make_user, monkeypatch):
    officer = make_user(Role.CASE_OFFICER)
    add_authenticator(officer)
    code = services.backup_codes_renew(user=officer)[0]
    _at_the_same_moment(monkeypatch, StaticToken, "delete")

    results = _two_at_once(
        lambda: (
            services.second_factor_check(user=officer, backup=True, token=code).device is not None
        )
    )

    assert sorted(results) == [False, True]
    assert services.backup_codes_left(officer) == 9


@pytest.mark.django_db(transaction=True)
def test_an_app_code_used_twice_at_once_works_once(concurrent_db, make_user, monkeypatch):
    officer = make_user(Role.CASE_OFFICER)
    device = add_authenticator(officer)
    code = code_for(device)
    _at_the_same_moment(monkeypatch, TOTPDevice, "save")

    results = _two_at_once(
        lambda: (
            services.second_factor_check(user=officer, backup=False, token=code).device is not None
        )
    )

    assert sorted(results) == [False, True]


@pytest.mark.django_db
def test_the_check_locks_the_device_row(make_user):
    officer = make_user(Role.CASE_OFFICER)
    code = code_for(add_authenticator(officer))
    with CaptureQueriesContext(connection) as queries:
        assert services.second_factor_check(user=officer, backup=False, token=code).device
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1  # one read of the device, the locking one; then its update
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in reads[0]


# --- a password reset answers alike for every address ---------------------------------------------


@pytest.mark.django_db
def test_a_password_reset_does_the_same_work_for_a_known_and_an_unknown_address(
    client, make_user, monkeypatch
):
    """Issue 17: the email was built and sent while the page waited, for existing addresses
    only, so the time taken told whether an address had an account."""
    make_user(Role.PARENT, email="known@example.org")
    queued = []
    monkeypatch.setattr(tasks.password_reset_send, "delay", lambda **kw: queued.append(kw))

    answers = {}
    for email in ("known@example.org", "unknown@example.org"):
        client.get(RESET)  # the session and the CSRF cookie, as a browser has them
        with CaptureQueriesContext(connection) as queries:
            response = client.post(RESET, {"email": email})
        answers[email] = (
            response.status_code,
            response["Location"],
            [q["sql"].replace(email, "<email>") for q in queries.captured_queries],
        )
    assert answers["known@example.org"] == answers["unknown@example.org"]
    assert answers["known@example.org"][:2] == (302, reverse("password_reset_done"))
    assert mail.outbox == []  # nothing sent while the page waited
    assert [q["email"] for q in queued] == ["known@example.org", "unknown@example.org"]
    assert {q["domain"] for q in queued} == {"testserver"}


@pytest.mark.django_db
def test_the_task_sends_the_reset_link_to_an_account_and_nothing_otherwise(make_user):
    user = make_user(Role.PARENT, email="known@example.org")
    tasks.password_reset_send(email="unknown@example.org", domain="send.example", use_https=True)
    assert mail.outbox == []
    tasks.password_reset_send(email="Known@Example.org", domain="send.example", use_https=True)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "https://send.example/accounts/reset/" in mail.outbox[0].body
