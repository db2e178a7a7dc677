"""The second factor: staff must give a code from an authenticator app (when the council's
setting is on), portal users may opt in and must then give one too; backup codes work once."""

import base64
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.roles import Role
from send_portal.accounts import services

from .conftest import PASSWORD
from .conftest import actions
from .conftest import add_authenticator
from .conftest import code_for
from .conftest import sign_in
from .conftest import wrong_code_for

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")


def verify(client, code, **data):
    return client.post(VERIFY, {"code": code, **data})


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def officer(make_user):
    return make_user(Role.CASE_OFFICER, email="jo.officer@example.gov.uk")


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


# --- staff, with the council's setting on ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/staff/",
        "/staff/cases/",
        "/staff/reviews/",
        "/staff/accounts/locked/",
        "/admin/",
        "/accounts/password/change/",
        "/accounts/security/",
        "/",
    ],
)
def test_staff_cannot_reach_any_page_with_a_password_only(client, two_factor_on, officer, url):
    add_authenticator(officer)
    response = sign_in(client, officer)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert is_signed_in(client)  # half way: the password is right

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")


def test_staff_without_an_app_are_sent_to_set_one_up(client, two_factor_on, officer):
    response = sign_in(client, officer)
    assert response["Location"] == f"{SETUP}?next=%2F"
    assert client.get("/staff/")["Location"] == f"{SETUP}?next=%2Fstaff%2F"
    # ...and cannot skip to the code page.
    assert client.get(VERIFY)["Location"] == SETUP


def test_a_wrong_code_is_refused_with_a_clear_message(client, two_factor_on, officer):
    device = add_authenticator(officer)
    sign_in(client, officer)

    response = verify(client, wrong_code_for(device), next="/staff/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Enter the code from your authenticator app" in page
    assert "There is a problem" in page
    assert 'href="#id_code"' in page
    assert "The code is not right, or it has expired" in page
    assert 'class="govuk-input govuk-input--error' in page
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter the 6-digit code from your authenticator app"), ("12ab56", "must be 6 numbers")],
)
def test_a_code_that_is_not_a_code_gets_a_message(client, two_factor_on, officer, typed, message):
    add_authenticator(officer)
    sign_in(client, officer)
    response = verify(client, typed)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_right_code_lets_staff_in(client, two_factor_on, officer):
    device = add_authenticator(officer)
    sign_in(client, officer)
    key_before = client.session.session_key

    response = verify(client, code_for(device), next="/staff/cases/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/cases/"
    assert client.session.session_key != key_before  # a new session key once verified
    assert client.get("/staff/").status_code == 200
    assert client.get("/staff/cases/").status_code == 200
    assert "account.signed_in_two_factor" in actions(officer)


def test_the_code_page_does_not_follow_a_link_to_another_site(client, two_factor_on, officer):
    device = add_authenticator(officer)
    sign_in(client, officer)
    response = verify(client, code_for(device), next="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_a_code_works_once(client, two_factor_on, officer, clock):
    device = add_authenticator(officer)
    sign_in(client, officer)
    code = code_for(device)
    assert verify(client, code).status_code == 302
    client.post(reverse("logout"))

    sign_in(client, officer)
    response = verify(client, code)
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()


def test_wrong_codes_slow_down_then_lock_the_account(client, two_factor_on, officer, clock):
    device = add_authenticator(officer)
    sign_in(client, officer)
    verify(client, wrong_code_for(device))
    # django-otp waits 1, 2, 4... seconds after each wrong code.
    response = verify(client, code_for(device))
    assert "Wait 1 second, then try again" in response.content.decode()
    assert client.get("/staff/").status_code == 302

    for _ in range(4):  # 5 wrong codes in all: the lockout counts them as failed sign-ins
        clock.shift(20)
        response = verify(client, wrong_code_for(device))
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert not is_signed_in(client)
    assert "account.locked" in actions(officer)

    clock.shift(20)
    response = sign_in(client, officer)
    assert response.status_code == 429  # the right password is refused while locked


def test_a_backup_code_works_once(client, two_factor_on, officer, clock):
    add_authenticator(officer)
    codes = services.backup_codes_renew(user=officer)
    sign_in(client, officer)

    page = client.get(VERIFY + "?method=backup").content.decode()
    assert "Use a backup code" in page
    # Typed in capitals with a space: still the code.
    response = verify(client, codes[0].upper()[:4] + " " + codes[0][4:], method="backup")

    assert response.status_code == 302
    home = client.get("/staff/")
    assert home.status_code == 200
    assert "You used a backup code. You have 9 left" in home.content.decode()
    assert services.backup_codes_left(officer) == 9
    assert actions(officer)[-2:] == ["account.signed_in_two_factor", "account.backup_code_used"]
    client.post(reverse("logout"))

    sign_in(client, officer)
    response = verify(client, codes[0], method="backup")
    assert response.status_code == 200
    assert "That backup code is not right, or it has been used" in response.content.decode()
    clock.shift(5)  # django-otp makes the next try wait a second after a wrong code
    assert verify(client, codes[1], method="backup").status_code == 302


def test_new_backup_codes_replace_the_old_ones(client, two_factor_on, officer, clock):
    device = add_authenticator(officer)
    old = services.backup_codes_renew(user=officer)
    sign_in(client, officer)
    verify(client, code_for(device))

    response = client.post(reverse("accounts:backup_codes_renew"))
    assert response["Location"] == reverse("accounts:backup_codes")
    page = client.get(reverse("accounts:backup_codes")).content.decode()
    new = re.findall(r"<code[^>]*>([a-z2-7]{4} [a-z2-7]{4})</code>", page)
    assert len(new) == 10
    client.post(reverse("logout"))

    sign_in(client, officer)
    assert verify(client, old[0], method="backup").status_code == 200
    clock.shift(5)
    assert verify(client, new[0], method="backup").status_code == 302
    assert "account.backup_codes_renewed" in actions(officer)


# --- setting up an authenticator app -----------------------------------------------------------


def test_set_up_end_to_end(client, two_factor_on, officer, clock):
    response = sign_in(client, officer)
    assert response["Location"] == f"{SETUP}?next=%2F"

    page = client.get(SETUP + "?next=/staff/").content.decode()
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    # The key as text, in groups of four...
    secret = services.secret_in_groups(device)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    assert secret in page
    # ...and as a QR code: an SVG image in a data: URI, with no style for the page's CSP to block.
    match = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    svg = base64.b64decode(match.group(1)).decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "style" not in svg
    assert "style=" not in page and "<style" not in page
    assert 'alt="QR code' in page
    # Reloading the page shows the same key (it may already be in the app).
    assert secret in client.get(SETUP).content.decode()

    response = client.post(SETUP, {"code": wrong_code_for(device), "next": "/staff/"})
    assert response.status_code == 200
    assert "The code is not right, or it has expired" in response.content.decode()

    clock.shift(5)
    response = client.post(SETUP, {"code": code_for(device), "next": "/staff/"})
    assert response["Location"] == reverse("accounts:backup_codes")
    device.refresh_from_db()
    assert device.confirmed

    page = client.get(reverse("accounts:backup_codes")).content.decode()
    codes = re.findall(r"<code[^>]*>([a-z2-7]{4} [a-z2-7]{4})</code>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "You will not see these codes again. Print this page" in page
    assert 'href="/staff/"' in page
    # Shown once.
    assert client.get(reverse("accounts:backup_codes"))["Location"] == reverse("accounts:security")
    assert client.get("/staff/").status_code == 200
    assert "account.two_factor_set_up" in actions(officer)

    client.post(reverse("logout"))
    clock.shift(60)
    assert sign_in(client, officer)["Location"] == f"{VERIFY}?next=%2F"
    assert verify(client, codes[3].replace(" ", ""), method="backup").status_code == 302


def test_an_app_cannot_be_replaced_without_a_code_from_the_old_one(client, two_factor_on, officer):
    add_authenticator(officer)
    sign_in(client, officer)
    response = client.get(SETUP)
    assert response["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_new_app_replaces_the_old_one(client, two_factor_on, officer, clock):
    old = add_authenticator(officer)
    sign_in(client, officer)
    verify(client, code_for(old))

    page = client.get(SETUP).content.decode()
    assert "Set up a new authenticator app" in page
    new = TOTPDevice.objects.get(user=officer, confirmed=False)
    clock.shift(31)
    client.post(SETUP, {"code": code_for(new)})

    assert list(TOTPDevice.objects.filter(user=officer)) == [new]
    assert client.get("/staff/").status_code == 200


# --- staff with the setting off (the demo) and portal users -------------------------------------


def test_with_the_setting_off_staff_sign_in_with_a_password(client, officer):
    response = sign_in(client, officer)
    assert response["Location"] == reverse("home")
    assert client.get("/staff/").status_code == 200


def test_with_the_setting_off_staff_may_opt_in_and_must_then_use_it(client, officer, clock):
    sign_in(client, officer)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Your authenticator app" in page and "Turn on two-step sign-in" in page
    client.get(SETUP)
    client.post(SETUP, {"code": code_for(TOTPDevice.objects.get(user=officer))})
    client.post(reverse("logout"))

    clock.shift(31)
    assert sign_in(client, officer)["Location"] == f"{VERIFY}?next=%2F"
    assert client.get("/staff/").status_code == 302


def test_staff_cannot_turn_it_off_while_the_council_requires_it(client, two_factor_on, officer):
    device = add_authenticator(officer)
    sign_in(client, officer)
    verify(client, code_for(device))
    assert client.get(reverse("accounts:two_factor_turn_off")).status_code == 403
    assert (
        "Turn off two-step sign-in" not in client.get(reverse("accounts:security")).content.decode()
    )


def test_portal_user_opts_in_and_is_then_asked_for_the_code(client, make_user, clock):
    parent = make_user(Role.PARENT, email="parent@example.net")
    assert sign_in(client, parent)["Location"] == reverse("home")
    security = client.get(reverse("accounts:security"))
    assert security.status_code == 200
    assert '<h1 class="govuk-heading-l">Security</h1>' in security.content.decode()
    assert "Two-step sign-in is off" in security.content.decode()

    client.get(SETUP)
    device = TOTPDevice.objects.get(user=parent)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 302
    assert client.get(reverse("accounts:backup_codes")).status_code == 200
    client.post(reverse("logout"))

    clock.shift(31)
    response = sign_in(client, parent)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert client.get("/portal/")["Location"] == f"{VERIFY}?next=%2Fportal%2F"
    page = client.get(VERIFY).content.decode()
    assert "Contact the SEND team" in page  # not "your SEN manager"

    assert verify(client, code_for(device), next="/portal/")["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_portal_user_turns_it_off_with_their_password(client, make_user):
    parent = make_user(Role.PARENT)
    device = add_authenticator(parent)
    services.backup_codes_renew(user=parent)
    sign_in(client, parent)
    verify(client, code_for(device))

    response = client.post(reverse("accounts:two_factor_turn_off"), {"password": "nope"})
    assert response.status_code == 200
    assert "The password is not right" in response.content.decode()

    response = client.post(reverse("accounts:two_factor_turn_off"), {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=parent).exists()
    assert services.backup_codes_left(parent) == 0
    assert "account.two_factor_turned_off" in actions(parent)
    client.post(reverse("logout"))
    assert sign_in(client, parent)["Location"] == reverse("home")


# --- the header ---------------------------------------------------------------------------------


def test_header_links_to_security_and_password_change(client, make_user, two_factor_on):
    officer = make_user(Role.CASE_OFFICER)
    device = add_authenticator(officer)
    sign_in(client, officer)
    pending = client.get(VERIFY).content.decode()
    assert "Change password" not in pending  # nothing to follow until the code is given

    verify(client, code_for(device))
    page = client.get("/staff/").content.decode()
    assert f'href="{reverse("accounts:security")}">Your authenticator app</a>' in page
    assert f'href="{reverse("accounts:password_change")}">Change password</a>' in page

    client.force_login(make_user(Role.PARENT))
    page = client.get("/portal/").content.decode()
    assert f'href="{reverse("accounts:security")}">Security</a>' in page


def test_force_login_sessions_need_no_extra_query(client, make_user, django_assert_num_queries):
    """The middleware knows from the session whether the person has an app: no query per page."""
    officer = make_user(Role.CASE_OFFICER)
    client.force_login(officer)
    client.get("/accessibility/")
    with django_assert_num_queries(2):  # the session and the user, as before
        client.get("/accessibility/")
    assert client.session[services.SESSION_HAS_AUTHENTICATOR] is False
