"""Two-step sign-in in a real browser: setting up an authenticator app, the backup codes, and
signing in with a code, with JavaScript and without; axe-core on every page of it, no console
errors and no Content-Security-Policy violations (the QR code is a data: image)."""

import re
import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
EMAIL = "jo.officer@example.gov.uk"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.SEND_STAFF_TWO_FACTOR = True  # the live server thread reads the same settings


@pytest.fixture
def case_officer():
    from cases.models import User

    return User.objects.create_user(
        email=EMAIL, password=PASSWORD, full_name="Jo Officer", role="case_officer"
    )


def sign_in(page, base_url):
    page.goto(base_url + reverse("login"))
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def app_code(secret: str, *, ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the set-up page. `ahead=1` is
    the next 30 seconds' code (accepted too), for a second sign-in within the same 30 seconds:
    a code is never accepted twice.

    A code is read early in its 30 seconds: one read in the last seconds reaches the server in
    the next 30, where django-otp takes it as the app's clock running behind and from then on
    expects every code one step back, so the next sign-in's `ahead=1` code would be refused."""
    while time.time() % 30 > 24:
        time.sleep(0.25)
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=ahead):06d}"


def set_up(page, live_server, axe_check) -> tuple[str, list[str]]:
    sign_in(page, live_server.url)
    page.wait_for_url(re.compile(re.escape(reverse("accounts:two_factor_setup"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    qr = page.get_by_role("img", name=re.compile("QR code"))
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # CSP let it load
    secret = page.locator("#setup-key").inner_text()
    axe_check(page)

    page.get_by_label("Code from your authenticator app").fill(app_code(secret))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(live_server.url + reverse("accounts:backup_codes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your backup codes")
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10
    axe_check(page)
    page.get_by_role("link", name="I have saved my backup codes").click()
    page.wait_for_url(live_server.url + reverse("staff:home"))
    return secret, codes


def test_set_up_then_sign_in_with_a_backup_code(
    page, live_server, axe_check, console, case_officer
):
    secret, codes = set_up(page, live_server, axe_check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_role("link", name="Your authenticator app")).to_have_count(1)
    console.assert_clean()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(re.escape(reverse("login"))))
    sign_in(page, live_server.url)
    page.wait_for_url(re.compile(re.escape(reverse("accounts:two_factor_verify"))))
    expect(page.get_by_role("link", name="Change password")).to_have_count(0)
    axe_check(page)

    # A wrong code: the GOV.UK error summary, focused, linking to the field.
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(
        re.compile("^" + re.escape("Error: Enter the code from your authenticator app"))
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The code is not right")
    page.wait_for_function(
        "() => document.activeElement.classList.contains('govuk-error-summary')", timeout=10_000
    )
    axe_check(page)

    page.get_by_role("link", name="I cannot use my authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Use a backup code")
    axe_check(page)
    page.wait_for_timeout(1100)  # django-otp's one-second wait after the wrong code
    page.get_by_label("Backup code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(live_server.url + reverse("staff:home"))
    assert "You used a backup code. You have 9 left" in page.inner_text("main")
    axe_check(page)
    console.assert_clean()


def test_sign_in_with_an_app_code_without_javascript(
    make_context, live_server, axe_check, console, case_officer
):
    page = make_context().new_page()
    secret, _ = set_up(page, live_server, axe_check)

    page = make_context(java_script_enabled=False).new_page()
    sign_in(page, live_server.url)
    page.wait_for_url(re.compile(re.escape(reverse("accounts:two_factor_verify"))))
    page.get_by_label("Code from your authenticator app").fill(app_code(secret, ahead=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + reverse("staff:home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    console.assert_clean()


def test_security_page_is_accessible(page, live_server, axe_check, console, case_officer):
    set_up(page, live_server, axe_check)
    page.get_by_role("link", name="Your authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your authenticator app")
    assert "10 left" in page.inner_text("main")
    axe_check(page)
    page.get_by_role("link", name="Change password").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    axe_check(page)
    console.assert_clean()
