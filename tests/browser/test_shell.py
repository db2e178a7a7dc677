"""The page shell in a real browser: accessibility (axe), sign in with and without JavaScript,
no console errors and no Content-Security-Policy violations."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def case_officer():
    from cases.models import User

    return User.objects.create_user(
        email="jo.officer@example.gov.uk",
        password=PASSWORD,
        full_name="Jo Officer",
        role="case_officer",
    )


def sign_in(page, base_url, email, password):
    page.goto(base_url + reverse("login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_login_page_is_accessible(page, live_server, axe_check, console):
    response = page.goto(live_server.url + reverse("login"))

    assert response.status == 200
    expect(page).to_have_title(re.compile("^" + re.escape("Sign in – ")))
    assert "js-enabled" in page.get_attribute("body", "class")
    # The council's own brand: system fonts, no GDS Transport, no crown.
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "system-ui" in font and "GDS Transport" not in font
    expect(page.locator(".govuk-header__crown, .govuk-footer__crown, svg")).to_have_count(0)
    axe_check(page)
    console.assert_clean()


def test_case_officer_signs_in_to_staff_home(page, live_server, axe_check, console, case_officer):
    page.goto(live_server.url + "/")  # anonymous: sent to sign in
    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url + reverse("login"))))

    sign_in(page, live_server.url, "jo.officer@example.gov.uk", PASSWORD)

    page.wait_for_url(live_server.url + reverse("staff:home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.locator(".app-account__name")).to_contain_text("Jo Officer")
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link", name="Home").get_attribute("aria-current") == "page"
    axe_check(page)
    console.assert_clean()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(re.escape(reverse("login"))))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    console.assert_clean()


def test_wrong_password_shows_error_summary(page, live_server, axe_check, console, case_officer):
    sign_in(page, live_server.url, "jo.officer@example.gov.uk", "not the password")

    expect(page).to_have_title(re.compile("^" + re.escape("Error: Sign in")))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password.")
    # GOV.UK Frontend moves focus to the error summary.
    # (the module script runs after parsing, so wait for it rather than racing it)
    page.wait_for_function(
        "() => document.activeElement.classList.contains('govuk-error-summary')", timeout=10_000
    )
    summary.get_by_role("link").click()
    assert page.evaluate("() => document.activeElement.id") == "id_username"
    axe_check(page)
    console.assert_clean()


def test_sign_in_and_out_work_without_javascript(make_context, live_server, console, case_officer):
    page = make_context(java_script_enabled=False).new_page()

    sign_in(page, live_server.url, "jo.officer@example.gov.uk", PASSWORD)

    page.wait_for_url(live_server.url + reverse("staff:home"))
    assert "js-enabled" not in (page.get_attribute("body", "class") or "")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(re.escape(reverse("login"))))
    console.assert_clean()


def test_not_found_page_is_accessible(page, live_server, axe_check, console):
    response = page.goto(live_server.url + "/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe_check(page)
    # Chromium logs the 404 of the document itself; nothing else may appear.
    console.assert_clean(allow=["status of 404"])


def test_bad_request_page_is_accessible(page, live_server, axe_check, console):
    """A null character in the query (send_portal.middleware.NulCharacterMiddleware)."""
    response = page.goto(live_server.url + reverse("local_offer:home") + "?q=caf%00e")

    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with what was sent"
    )
    axe_check(page)
    console.assert_clean(allow=["status of 400"])


@pytest.mark.parametrize("url_name", ["accessibility", "privacy", "cookies", "password_reset"])
def test_static_pages_are_accessible(page, live_server, axe_check, console, url_name):
    response = page.goto(live_server.url + reverse(url_name))

    assert response.status == 200
    axe_check(page)
    console.assert_clean()
