"""The plan screens in a real browser (Debian's Chromium, driven by Playwright): axe-core finds
no WCAG 2.2 AA violation on the plan page, a section page showing errors, the issue page and the
comparison, with no console errors or Content-Security-Policy violations. A screenshot of the
plan page is kept in the test's temporary folder (`plan-page.png`) for a human to look at."""

import re

import pytest
from playwright.sync_api import expect

from cases.tests.factories import SettingFactory
from ehcp.tests.factories import ask_for_budget
from ehcp.tests.factories import consult
from ehcp.tests.viewkit import D
from ehcp.tests.viewkit import draft_issued_plan
from ehcp.tests.viewkit import final_plan
from ehcp.tests.viewkit import people
from ehcp.tests.viewkit import plan_url
from ehcp.tests.viewkit import section_url
from tests.browser.journey import JOURNEY
from tests.kit import browser_sign_in

pytestmark = JOURNEY


@pytest.fixture
def plan_in_consultation():
    """A final plan (2 versions) on one case, and on another a plan still in consultation."""
    staff = people()
    officer = staff["officer"]
    done = final_plan(officer, staff["panel"])
    ask_for_budget(
        officer, done.case, on="2026-05-20", covers_health=True, wants_direct_payment=True
    )
    open_plan = draft_issued_plan(officer, staff["panel"])
    kingsway = SettingFactory(name="Kingsway Academy")
    consult(
        officer,
        open_plan,
        kingsway,
        on="2026-04-09",
        requested_by_family=True,
        today=D("2026-04-09"),
    )
    return officer, done, open_plan


def test_the_plan_screens_are_accessible(
    page, live_server, axe_check, console, tmp_path, plan_in_consultation
):
    officer, plan, open_plan = plan_in_consultation
    base = live_server.url
    browser_sign_in(page, base, officer.email)

    page.goto(base + plan_url(plan.case))
    expect(page.get_by_role("heading", level=1)).to_have_text("Education, health and care plan")
    for title in (
        "Section A: the views",
        "Section H1: social care provision under section 2",
        "Section K: the advice",
    ):
        expect(page.get_by_role("heading", name=title)).to_have_count(1)
    page.screenshot(path=str(tmp_path / "plan-page.png"), full_page=True)
    print(f"\nscreenshot: {tmp_path / 'plan-page.png'}")
    axe_check(page)

    # A plan still open: actions, the checks before the final plan, an Edit link per section.
    page.goto(base + plan_url(open_plan.case))
    expect(page.get_by_role("link", name="Issue the final plan")).to_have_count(1)
    expect(page.get_by_role("link", name="Edit section I")).to_have_count(1)
    assert page.locator(".govuk-warning-text").inner_text().count("problem") == 1
    page.screenshot(path=str(tmp_path / "plan-page-open.png"), full_page=True)
    axe_check(page)

    # The case page shows the plan and the personal budget requests.
    page.goto(base + f"/staff/cases/{plan.case.reference}/")
    expect(page.get_by_role("link", name="View the EHC plan")).to_have_count(1)
    axe_check(page)

    page.goto(base + plan_url(plan.case, "compare") + "?from=1&to=2")
    expect(page.locator("del").first).to_contain_text("Setting: none named")  # a draft names none
    axe_check(page)
    console.assert_clean()


def test_a_section_with_errors_and_the_issue_page_are_accessible(
    page, live_server, axe_check, console
):
    from ehcp.tests.viewkit import complete_drafting_plan

    staff = people()
    plan = complete_drafting_plan(staff["officer"], staff["panel"])
    SettingFactory(name="Kingsway Academy")
    base = live_server.url
    browser_sign_in(page, base, staff["officer"].email)

    page.goto(base + section_url(plan.case, "F"))
    page.get_by_label("Provision", exact=True).fill("Reading group")
    page.get_by_label("Delivered by").fill("Teacher")
    page.get_by_role("button", name="Add the provision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter how often")
    expect(page).to_have_title(re.compile("^" + re.escape("Error: ")))
    axe_check(page)

    for url in (
        plan_url(plan.case, "issue_draft"),
        section_url(plan.case, "E"),
        section_url(plan.case, "I"),
        section_url(plan.case, "J"),
        plan_url(plan.case, "item_remove", kind="need", item_id=plan.needs.get().pk),
    ):
        page.goto(base + url)
        axe_check(page)
    console.assert_clean()
