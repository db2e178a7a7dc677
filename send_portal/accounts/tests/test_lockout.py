"""Lockout (django-axes): 5 failed sign-ins lock the account for 30 minutes, whatever the
address; an SEN manager can unlock it; both are audited."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEntry
from cases.roles import Role

from .conftest import PASSWORD
from .conftest import actions
from .conftest import add_authenticator
from .conftest import sign_in

pytestmark = pytest.mark.django_db

LONDON = timezone.get_fixed_timezone(0)  # 23 November: GMT
LOCKED = reverse("staff_accounts:locked")
UNLOCK = reverse("staff_accounts:unlock")


@pytest.fixture
def clock():
    # 14:02 in London (GMT in November).
    with time_machine.travel(
        datetime.datetime(2026, 11, 23, 14, 2, tzinfo=LONDON), tick=False
    ) as t:
        yield t


@pytest.fixture
def officer(make_user):
    return make_user(Role.CASE_OFFICER, email="sam.patel@example.gov.uk")


def fail(client, email, times, **extra):
    return [sign_in(client, email, "not-the-password", **extra) for _ in range(times)][-1]


def test_five_wrong_passwords_lock_the_account(client, officer, clock):
    for _ in range(4):
        response = sign_in(client, officer, "not-the-password")
        assert response.status_code == 200
        assert "Enter a correct email address and password." in response.content.decode()
        clock.shift(60)

    response = sign_in(client, officer, "not-the-password")  # 5th, at 14:06
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()

    clock.shift(60)
    response = sign_in(client, officer, PASSWORD)  # 6th: the right password, refused
    page = response.content.decode()
    assert response.status_code == 429
    assert "<title>Your account is locked" in page
    assert "You can try again after <strong>14:36</strong>." in page  # 30 minutes after the 5th
    assert "contact your SEN manager" in page
    assert "_auth_user_id" not in client.session
    assert actions(officer) == ["account.locked"]


def test_the_lock_is_per_account_whatever_the_case_or_address(client, officer, make_user, clock):
    sign_in(client, "Sam.Patel@example.gov.uk", "wrong", REMOTE_ADDR="10.0.0.1")
    sign_in(client, " sam.patel@EXAMPLE.gov.uk ", "wrong", REMOTE_ADDR="10.0.0.2")
    fail(client, officer.email, 2, REMOTE_ADDR="10.0.0.3")
    sign_in(client, officer.email.upper(), "wrong", REMOTE_ADDR="10.0.0.4")
    assert sign_in(client, officer, PASSWORD, REMOTE_ADDR="10.0.0.5").status_code == 429

    # Someone else in the same office (same address) is not locked out.
    colleague = make_user(Role.CASE_OFFICER)
    assert sign_in(client, colleague, PASSWORD, REMOTE_ADDR="10.0.0.3").status_code == 302


def test_the_lock_ends_by_itself_after_30_minutes(client, officer, clock):
    fail(client, officer, 5)
    clock.shift(datetime.timedelta(minutes=29))
    assert sign_in(client, officer).status_code == 429
    clock.shift(datetime.timedelta(minutes=2))
    assert sign_in(client, officer).status_code == 302


def test_a_complete_sign_in_clears_earlier_failures(client, officer, clock):
    fail(client, officer, 4)
    assert sign_in(client, officer).status_code == 302
    client.post(reverse("logout"))
    fail(client, officer, 4)
    assert sign_in(client, officer).status_code == 302


def test_the_password_alone_does_not_clear_failures_when_a_code_is_due(
    client, officer, settings, clock
):
    settings.SEND_STAFF_TWO_FACTOR = True
    add_authenticator(officer)
    fail(client, officer, 4)
    assert sign_in(client, officer).status_code == 302  # on to the code page
    response = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert response.status_code == 429  # the 5th failure: a wrong code


def test_an_address_without_an_account_gets_the_same_page(client, officer, clock):
    unknown = fail(client, "nobody@example.gov.uk", 5)
    known = fail(client, officer, 5)
    assert unknown.status_code == known.status_code == 429

    def body(response):
        return re.sub(r'(value|nonce)="[^"]+"', "", response.content.decode())

    assert body(unknown) == body(known)


# --- unlocking -------------------------------------------------------------------------------


@pytest.fixture
def manager(make_user):
    return make_user(Role.SEN_MANAGER, full_name="Morgan Manager")


def test_a_manager_sees_locked_accounts_and_unlocks_one(client, officer, manager, clock):
    fail(client, officer, 5)
    fail(client, "nobody@example.gov.uk", 5)
    fail(client, "nearly@example.gov.uk", 3)  # not locked

    client.force_login(manager)
    response = client.get(LOCKED)
    assert response.status_code == 200
    page = response.content.decode()
    assert "sam.patel@example.gov.uk" in page and officer.full_name in page
    assert "nobody@example.gov.uk" in page and "Not an account in this service" in page
    assert "nearly@example.gov.uk" not in page
    assert "14:32" in page  # the lock ends 30 minutes after the last attempt
    assert f'href="{LOCKED}"' in page and "Locked accounts</strong>" in page  # in the menu

    response = client.post(UNLOCK, {"username": "sam.patel@example.gov.uk"})
    assert response.status_code == 302
    assert response["Location"] == LOCKED
    page = client.get(LOCKED).content.decode()
    assert "sam.patel@example.gov.uk is unlocked and can sign in again" in page
    assert "sam.patel@example.gov.uk</td>" not in page
    assert not AccessAttempt.objects.filter(username="sam.patel@example.gov.uk").exists()

    entry = AuditEntry.objects.get(action="account.unlocked")
    assert entry.actor == manager
    assert entry.case is None
    assert entry.object_id == officer.pk
    assert entry.text == f"Unlocked sign-in for {officer.full_name}"

    client.post(reverse("logout"))
    assert sign_in(client, officer).status_code == 302  # signs in again at once


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.PANEL_MEMBER, Role.MODERATOR])
def test_other_staff_cannot_see_or_unlock(client, officer, make_user, role, clock):
    fail(client, officer, 5)
    client.force_login(make_user(role))
    assert client.get(LOCKED).status_code == 403
    assert client.post(UNLOCK, {"username": officer.email}).status_code == 403
    assert AccessAttempt.objects.filter(username=officer.email).exists()
    assert not AuditEntry.objects.filter(action="account.unlocked").exists()


@pytest.mark.parametrize("role", [Role.PARENT, Role.PROFESSIONAL])
def test_portal_users_cannot_see_or_unlock(client, officer, make_user, role, clock):
    fail(client, officer, 5)
    client.force_login(make_user(role))
    assert client.get(LOCKED).status_code == 403
    assert client.post(UNLOCK, {"username": officer.email}).status_code == 403


def test_strangers_are_sent_to_sign_in(client):
    assert client.get(LOCKED)["Location"].startswith(reverse("login"))


def test_unlock_needs_a_post(client, manager):
    client.force_login(manager)
    assert client.get(UNLOCK).status_code == 405


def test_unlocking_an_empty_address_clears_nothing(client, officer, manager, clock):
    fail(client, officer, 5)
    client.force_login(manager)
    client.post(UNLOCK, {"username": ""})
    assert AccessAttempt.objects.filter(username=officer.email).exists()


def test_locked_accounts_page_is_two_queries_after_the_shell(
    client, manager, make_user, clock, django_assert_max_num_queries
):
    for i in range(6):
        fail(client, make_user(Role.PARENT).email, 5, REMOTE_ADDR=f"10.0.1.{i}")
    client.force_login(manager)
    client.get(LOCKED)
    with django_assert_max_num_queries(4):  # session, user, attempts, names
        response = client.get(LOCKED)
    assert response.content.decode().count("Unlock<span") == 6
