"""The staff idle limit in Chromium (WCAG 2.2.1): two minutes before it, the GOV.UK timeout
warning opens as a modal dialog that a keyboard user can answer (focus moves in and stays in;
Escape means "Stay signed in") and a screen reader hears; without JavaScript there is no
dialog, and a form sent after the limit is kept and sent again after signing in, with nothing
typed lost.

The browser's clock is Playwright's (page.clock), the server's time_machine's."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ehcp.tests.viewkit import complete_drafting_plan
from ehcp.tests.viewkit import people
from ehcp.tests.viewkit import section_url
from send_portal.accounts import idle
from tests.kit import PASSWORD
from tests.kit import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def idle_30(settings):
    settings.SEND_STAFF_IDLE_MINUTES = 30  # the live server thread reads the same settings
    yield
    cache.clear()  # nothing kept outlives the test (user ids are used again)


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


def test_the_timeout_warning_works_by_keyboard_and_keeps_the_session(
    page, live_server, axe_check, console
):
    officer = people()["officer"]
    base = live_server.url
    page.clock.install()
    browser_sign_in(page, base, officer.email)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_hidden()

    page.get_by_role("link", name="Change password").focus()
    page.clock.fast_forward("27:30")
    expect(dialog).to_be_hidden()
    page.clock.fast_forward("00:31")  # two minutes before the limit
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("we will sign you out in 2 minutes")
    assert page.evaluate("() => document.querySelector('dialog').matches(':modal')")
    assert focused_text(page) == "Stay signed in"
    axe_check(page)

    # Focus stays in the dialog, both ways round.
    page.keyboard.press("Tab")
    assert focused_text(page) == "Sign out"
    page.keyboard.press("Tab")
    assert focused_text(page) == "Stay signed in"
    page.keyboard.press("Shift+Tab")
    assert focused_text(page) == "Sign out"

    # A screen reader hears the time left at one minute, not every second.
    announcement = dialog.locator("[aria-live=assertive]")
    expect(announcement).to_have_text("")
    page.clock.run_for("01:00")  # every second's tick runs
    expect(announcement).to_have_text("For your security, we will sign you out in 1 minute.")

    # Escape: stay signed in. The server is asked, the dialog closes, focus goes back.
    with page.expect_response(re.compile(re.escape(reverse("accounts:session_extend")))) as r:
        page.keyboard.press("Escape")
    assert r.value.ok and r.value.json() == {"seconds_left": 30 * 60}
    expect(dialog).to_be_hidden()
    assert focused_text(page) == "Change password"

    # The next warning comes 28 minutes after staying signed in; "Sign out" by keyboard.
    page.clock.fast_forward("27:59")
    expect(dialog).to_be_hidden()
    page.clock.fast_forward("00:02")
    expect(dialog).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(reverse("login"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    console.assert_clean()


def test_without_javascript_a_form_sent_after_the_limit_is_kept_and_completed_after_sign_in(
    make_context, live_server
):
    staff = people()
    plan = complete_drafting_plan(staff["officer"], staff["panel"])
    base = live_server.url
    page = make_context(java_script_enabled=False).new_page()

    with time_machine.travel(timezone.now(), tick=True) as clock:
        browser_sign_in(page, base, staff["officer"].email)
        page.goto(base + section_url(plan.case, "F"))
        # No script: the warning never opens.
        expect(page.get_by_role("dialog")).to_have_count(0)
        page.get_by_label("Provision", exact=True).fill("Reading group, three times a week")
        page.get_by_label("Delivered by").fill("Teaching assistant")

        clock.shift(datetime.timedelta(minutes=31))  # away from the desk
        page.get_by_role("button", name="Add the provision").click()

        page.wait_for_url(re.compile(re.escape(reverse("login"))))
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "You were signed out after 30 minutes without activity"
        )
        page.get_by_label("Email address").fill(staff["officer"].email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        page.wait_for_url(base + reverse("staff_accounts:kept_submission"))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Send what you entered before you were signed out"
        )
        page.get_by_role("button", name="Send what you entered").click()

        # The section page again, with what was typed, and the one thing missing asked for.
        page.wait_for_url(base + section_url(plan.case, "F"))
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter how often")
        expect(page.get_by_label("Provision", exact=True)).to_have_value(
            "Reading group, three times a week"
        )
        expect(page.get_by_label("Delivered by")).to_have_value("Teaching assistant")
        # Sent, so no longer kept.
        page.goto(base + reverse("staff_accounts:kept_submission"))
        assert page.url == base + "/staff/"


def test_the_page_offering_what_was_kept_is_accessible_and_reflows(page, live_server, axe_check):
    officer = people()["officer"]
    sent = RequestFactory().post("/staff/cases/new/", {"reason": "Typed before the limit"})
    sent.user, sent.csrf_processing_done = officer, True
    idle.submission_keep(sent)
    page.set_viewport_size({"width": 320, "height": 640})
    browser_sign_in(page, live_server.url, officer.email)
    page.goto(live_server.url + reverse("staff_accounts:kept_submission"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Send what you entered before you were signed out"
    )
    assert page.locator("input[name=reason]").get_attribute("value") == "Typed before the limit"
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    axe_check(page)
