"""The review list and the review page in a real browser (Debian's Chromium, Playwright):
axe-core finds no accessibility problems, the pages work without JavaScript, and nothing
breaks the Content-Security-Policy. A screenshot of the review page is kept in var/screenshots.

"""

import os
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from ehcp.tests.factories import propose_amendments
from ehcp.tests.factories import start_cessation
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import held
from ehcp.tests.test_review_views_kit import noon
from ehcp.tests.test_review_views_kit import open_review
from ehcp.tests.test_review_views_kit import people
from tests.browser.journey import JOURNEY
from tests.kit import browser_sign_in

pytestmark = JOURNEY

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def review_with_everything():
    """A review whose meeting was held 15 March 2027, with proposed amendments open and ceasing
    being considered; another child's phase transfer review on the list."""
    staff = people()
    officer = staff["officer"]
    plan = final_plan(officer, staff["panel"])
    review = held(officer, open_review(plan))
    propose_amendments(
        officer,
        plan,
        sent_on="2027-03-16",
        evidence="New report from the speech and language therapist.",
    )
    start_cessation(
        officer,
        plan,
        family_informed_on="2027-03-20",
        setting_consulted_on="2027-03-22",
        notes="The family is moving to Spain in the summer.",
    )
    final_plan(officer, staff["panel"], born="2016-03-14", first_name="Leo", last_name="Grant")
    return {"officer": officer, "review": review}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_review_list_and_page_are_accessible(
    make_context, live_server, axe_check, console, review_with_everything, javascript
):
    page = make_context(java_script_enabled=javascript).new_page()
    review = review_with_everything["review"]
    with time_machine.travel(noon("2027-04-01"), tick=True):
        browser_sign_in(page, live_server.url, review_with_everything["officer"].email)

        page.goto(live_server.url + reverse("reviews:list"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Annual reviews")
        expect(page.locator("tbody tr")).to_have_count(2)
        expect(page.locator("tbody")).to_contain_text("before 15 February 2027")
        if javascript:
            axe_check(page)
            if os.environ.get("REVIEW_SCREENSHOTS"):
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / "review_list.png"), full_page=True)
        page.get_by_label("Overdue", exact=True).check()
        page.get_by_role("button", name="Apply filter").click()
        page.wait_for_url("**show=overdue**")
        expect(page.locator("tbody tr")).to_have_count(1)  # Leo's phase transfer review

        page.goto(live_server.url + reverse("reviews:review", kwargs={"review_id": review.pk}))
        expect(page.get_by_role("heading", level=1)).to_have_text("Annual review")
        expect(page.locator(".govuk-task-list__item")).to_have_count(5)
        if javascript:
            axe_check(page)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=str(SCREENSHOTS / "review_page.png"), full_page=True)

        # A form with errors, submitted without filling it in.
        page.get_by_role("link", name="Record the decision", exact=True).first.click()
        page.get_by_role("button", name="Record the decision").click()
        expect(page).to_have_title(
            re.compile("^" + re.escape("Error: Record the decision after the review"))
        )
        summary = page.locator(".govuk-error-summary")
        assert "Select whether the council will maintain, amend or cease the plan" in (
            summary.inner_text()
        )
        if javascript:
            axe_check(page)
            if os.environ.get("REVIEW_SCREENSHOTS"):
                page.screenshot(path=str(SCREENSHOTS / "decision_errors.png"), full_page=True)
    console.assert_clean()
