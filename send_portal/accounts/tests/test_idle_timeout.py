"""The staff idle limit, beyond signing out (test_sessions.py): the page carries the timeout
warning with the time left, "Stay signed in" keeps the session going, and a form sent after the
limit is kept for the same person, offered again after signing in, and sent to complete it."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cases.roles import Role
from send_portal.accounts import idle

from .conftest import PASSWORD
from .conftest import minutes

pytestmark = pytest.mark.django_db

EXTEND = reverse("accounts:session_extend")
KEPT = reverse("staff_accounts:kept_submission")
UNLOCK = reverse("staff_accounts:unlock")


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()


def dialog_of(page: str) -> str:
    start = page.find('data-module="app-timeout-warning"')
    return page[start : page.find("</dialog>", start)] if start != -1 else ""


# --- the warning and staying signed in ---------------------------------------------------------


def test_a_staff_page_carries_the_timeout_warning_with_the_time_left(
    client, make_user, idle_30, clock
):
    client.force_login(make_user(Role.CASE_OFFICER))
    client.get("/staff/")
    clock.shift(minutes(10))
    client.get("/accessibility/")  # activity noted now
    clock.shift(45)  # within a minute: not written again, so 29 min 15 s are left
    dialog = dialog_of(client.get("/staff/").content.decode())
    assert 'data-seconds-left="1755"' in dialog
    assert 'data-warn-seconds="120"' in dialog
    assert "You’re about to be signed out" in dialog
    assert f'data-extend-url="{EXTEND}"' in dialog
    assert 'action="/accounts/logout/"' in dialog and "Sign out" in dialog


def test_no_timeout_warning_without_a_limit_or_for_portal_users(client, make_user, settings, clock):
    settings.SEND_STAFF_IDLE_MINUTES = 0
    client.force_login(make_user(Role.CASE_OFFICER))
    assert not dialog_of(client.get("/staff/").content.decode())
    settings.SEND_STAFF_IDLE_MINUTES = 30
    parent = Client()
    parent.force_login(make_user(Role.PARENT))
    assert not dialog_of(parent.get("/portal/").content.decode())


def test_stay_signed_in_counts_as_activity_and_says_how_long_is_left(
    client, make_user, idle_30, clock
):
    client.force_login(make_user(Role.CASE_OFFICER))
    client.get("/staff/")
    clock.shift(minutes(29))
    response = client.post(EXTEND)
    assert response.status_code == 200
    assert response.json() == {"seconds_left": 30 * 60}
    clock.shift(minutes(29))  # 58 minutes after the last page, 29 after "Stay signed in"
    assert client.get("/staff/").status_code == 200


def test_stay_signed_in_is_refused_once_signed_out(client, make_user, idle_30, clock):
    client.force_login(make_user(Role.CASE_OFFICER))
    client.get("/staff/")
    clock.shift(minutes(31))
    assert client.post(EXTEND).status_code in (302, 403)
    assert client.post(EXTEND).status_code == 403
    assert "_auth_user_id" not in client.session


# --- what was sent after the limit ------------------------------------------------------------


def expire(client, user, clock):
    client.force_login(user)
    client.get("/staff/")
    clock.shift(minutes(31))


def test_a_form_sent_after_the_limit_is_kept_and_sent_again_after_signing_in(
    client, make_user, idle_30, clock
):
    manager = make_user(Role.SEN_MANAGER)
    expire(client, manager, clock)

    response = client.post(UNLOCK, {"username": "someone@example.org"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={KEPT}"
    assert "_auth_user_id" not in client.session

    signed_in = client.post(
        response["Location"], {"username": manager.email, "password": PASSWORD, "next": KEPT}
    )
    assert signed_in["Location"] == KEPT
    page = client.get(KEPT).content.decode()
    assert "Send what you entered before you were signed out" in page
    assert f'<form method="post" action="{UNLOCK}"' in page
    assert '<input type="hidden" name="username" value="someone@example.org">' in page

    sent = client.post(UNLOCK, {"username": "someone@example.org", idle.KEPT_MARKER: "1"})
    assert sent["Location"] == reverse("staff_accounts:locked")
    assert "someone@example.org was not locked" in client.get(sent["Location"]).content.decode()
    # Sent: no longer kept.
    assert idle.submission_for(manager) is None
    assert client.get(KEPT)["Location"] == "/"


def test_what_was_kept_is_shown_to_nobody_else(client, make_user, idle_30, clock):
    manager, other = make_user(Role.SEN_MANAGER), make_user(Role.SEN_MANAGER)
    expire(client, manager, clock)
    client.post(UNLOCK, {"username": "someone@example.org"})

    other_client = Client()
    other_client.force_login(other)
    response = other_client.get(KEPT)
    assert response.status_code == 302 and response["Location"] == "/"
    assert idle.submission_for(manager)["fields"] == [("username", "someone@example.org")]


def test_what_was_kept_can_be_deleted_and_lasts_an_hour_at_most(client, make_user, idle_30, clock):
    manager = make_user(Role.SEN_MANAGER)
    expire(client, manager, clock)
    client.post(UNLOCK, {"username": "someone@example.org"})
    client.force_login(manager)
    assert client.get(KEPT).status_code == 200
    response = client.post(KEPT)
    assert response["Location"] == "/"
    assert idle.submission_for(manager) is None

    expire(client, manager, clock)
    client.post(UNLOCK, {"username": "someone@example.org"})
    clock.shift(minutes(61))
    assert idle.submission_for(manager) is None


def test_passwords_codes_and_forms_outside_casework_are_never_kept(
    client, make_user, idle_30, clock
):
    manager = make_user(Role.SEN_MANAGER)
    expire(client, manager, clock)
    client.post(UNLOCK, {"username": "a@example.org", "password": "secret", "code": "123456"})
    assert idle.submission_for(manager)["fields"] == [("username", "a@example.org")]

    cache.clear()
    expire(client, manager, clock)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "x", "new_password1": "y", "new_password2": "y"},
    )
    assert response.status_code == 302
    assert idle.submission_for(manager) is None


def test_a_form_that_fails_the_csrf_check_is_not_kept(make_user, idle_30, clock):
    manager = make_user(Role.SEN_MANAGER)
    client = Client(enforce_csrf_checks=True)
    expire(client, manager, clock)
    response = client.post(UNLOCK, {"username": "planted@example.org"})
    assert response.status_code == 403
    assert idle.submission_for(manager) is None
