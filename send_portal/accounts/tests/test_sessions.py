"""Sessions: staff are signed out after 30 minutes without activity; changing the password
ends the person's other sessions and keeps this one; a password reset ends them all."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from cases.roles import Role

from .conftest import PASSWORD
from .conftest import actions
from .conftest import minutes
from .conftest import sign_in

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")
NEW_PASSWORD = "a-much-longer-passphrase-2026"


# --- idle staff sessions -----------------------------------------------------------------------


def test_staff_are_signed_out_after_30_idle_minutes(client, make_user, idle_30, clock):
    client.force_login(make_user(Role.CASE_OFFICER))
    clock.shift(minutes(29))
    assert client.get("/staff/").status_code == 200

    clock.shift(minutes(31))
    response = client.get("/staff/cases/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/staff/cases/"
    assert "_auth_user_id" not in client.session

    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page


def test_activity_keeps_a_staff_session_going(client, make_user, idle_30, clock):
    client.force_login(make_user(Role.SEN_MANAGER))
    for _ in range(6):  # 2 hours, a page every 20 minutes
        clock.shift(minutes(20))
        assert client.get("/staff/").status_code == 200


def test_the_idle_limit_comes_from_the_setting(client, make_user, settings, clock):
    settings.SEND_STAFF_IDLE_MINUTES = 10
    client.force_login(make_user(Role.PANEL_MEMBER))
    clock.shift(minutes(11))
    response = client.get("/staff/", follow=True)
    assert "You were signed out after 10 minutes without activity" in response.content.decode()


def test_portal_users_have_no_idle_limit(client, make_user, idle_30, clock):
    client.force_login(make_user(Role.PARENT))
    clock.shift(minutes(120))
    assert client.get("/portal/").status_code == 200


def test_a_signed_in_page_does_not_write_the_session_every_time(
    client, make_user, idle_30, clock, django_assert_num_queries
):
    client.force_login(make_user(Role.CASE_OFFICER))
    client.get("/accessibility/")
    clock.shift(10)
    with django_assert_num_queries(2):  # session and user; no session write within a minute
        client.get("/accessibility/")


# --- changing the password ---------------------------------------------------------------------


def test_anyone_signed_in_can_change_their_password(client, make_user):
    assert client.get(CHANGE)["Location"].startswith(reverse("login"))
    parent = make_user(Role.PARENT)
    client.force_login(parent)
    page = client.get(CHANGE).content.decode()
    assert '<h1 class="govuk-heading-l">Change your password</h1>' in page
    for label in ("Current password", "New password", "Confirm new password"):
        assert label in page


def test_a_wrong_current_password_gets_a_gov_uk_error(client, make_user):
    client.force_login(make_user(Role.PARENT))
    response = client.post(
        CHANGE,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change your password" in page
    assert '<a href="#id_old_password">Your current password is not right</a>' in page


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(client, make_user):
    from django.test import Client

    officer = make_user(Role.CASE_OFFICER)
    laptop, phone = client, Client()
    assert sign_in(laptop, officer).status_code == 302
    assert sign_in(phone, officer).status_code == 302
    assert phone.get("/staff/").status_code == 200

    response = laptop.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("accounts:password_change_done")
    assert "Your password has been changed" in laptop.get(response["Location"]).content.decode()
    assert laptop.get("/staff/").status_code == 200  # this session goes on
    assert phone.get("/staff/")["Location"].startswith(reverse("login"))  # the other ended
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert actions(officer) == ["account.password_changed"]


def test_changing_the_password_keeps_the_second_factor_of_this_session(client, make_user, settings):
    from .conftest import add_authenticator
    from .conftest import code_for

    settings.SEND_STAFF_TWO_FACTOR = True
    officer = make_user(Role.CASE_OFFICER)
    device = add_authenticator(officer)
    sign_in(client, officer)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert client.get("/staff/").status_code == 200


def test_a_password_reset_ends_every_session(client, make_user):
    from django.test import Client

    parent = make_user(Role.PARENT, email="forgetful@example.org")
    signed_in = Client()
    signed_in.force_login(parent)
    assert signed_in.get("/portal/").status_code == 200

    client.post(reverse("password_reset"), {"email": "forgetful@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert signed_in.get("/portal/")["Location"].startswith(reverse("login"))
    assert actions(parent) == ["account.password_changed"]
    assert sign_in(client, parent, NEW_PASSWORD).status_code == 302
