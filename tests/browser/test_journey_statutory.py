"""Issue 18 in a real browser (Debian's Chromium, Playwright): a plan issued before this service
entered and reviewed like any other, and a phase transfer to secondary school met only by the
amended plan naming the new school. (The draft without a school and the school the family asked
for are walked in test_journey_plan.py.) "Today" moves with the journey.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Case
from cases.models import CaseStage
from cases.models import ContactPreference
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.notices.models import Notice
from cases.tests.factories import ChildFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import SettingFactory
from ehcp.models import Plan
from ehcp.models import ReviewState
from ehcp.tests.factories import issued_plan
from tests.browser.journey import JOURNEY
from tests.browser.journey import Clock
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import issue_amended_plan
from tests.browser.journey import press
from tests.browser.journey import record_invitations
from tests.browser.journey import record_meeting_held
from tests.browser.journey import review_url
from tests.browser.journey import start_review_decision
from tests.browser.journey import success_banner
from tests.browser.journey import summary_value

pytestmark = JOURNEY


def invite_and_hold(clock, officer, review, *, sent: str, meeting: str):
    """Invitations sent on `sent`, the advice circulated the same day, the meeting held."""
    clock.set(sent)
    page = officer.sign_in_and_open(review_url(review), "Send invitations")
    record_invitations(page, sent=sent, meeting=meeting)
    follow(page, "Record the advice circulated")
    fill_date(page, "Date the advice was circulated", sent)
    press(page, "Record the date")
    expect_success(page, f"Advice recorded as circulated on {long(sent)}.")
    return record_meeting_held(clock, officer, review, meeting)


def long(day: str) -> str:
    return f"{D(day):%-d %B %Y}"


def decide(clock, officer, review, day, decision):
    page = start_review_decision(clock, officer, review, day, decision)
    # the letter was handed over at the meeting's follow-up: sent outside this service that day
    fill_date(page, "Date the letter was sent to the family", day)
    return page


def test_an_existing_plan_is_entered_then_reviewed(make_context, live_server, axe_check, staff):
    officer_user = staff["officer"]
    child = ChildFactory(first_name="Leo", last_name="Hart", date_of_birth=D("2017-06-01"))
    case = Case.objects.create(
        reference="SEN-004242",
        child=child,
        team=officer_user.team,
        officer=officer_user,
        stage=CaseStage.PLAN,
        opened_on=D("2022-09-01"),
    )
    SettingFactory(name="Oak Hill School", urn="100042")
    officer = Person(make_context, live_server.url, officer_user)

    with Clock("2026-06-01", "09:30") as clock:
        # The case came from the old system with a plan: nothing to act on until it is entered.
        page = officer.sign_in_and_open(case_url(case), "Enter a plan issued outside this service")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Enter a plan issued outside this service"
        )
        axe_check(page)
        # a review before the plan was issued is refused
        fill_date(page, "Date the plan was first issued", "2022-09-01")
        fill_date(page, "Date of the last review's decision (if there has been one)", "2022-01-01")
        page.get_by_label("School, college or other institution named in the plan").select_option(
            label="Oak Hill School"
        )
        press(page, "Enter the plan")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "The date must be on or after 1 September 2022, the date the plan was first issued"
        )
        axe_check(page)
        fill_date(page, "Date of the last review's decision (if there has been one)", "2025-10-15")
        press(page, "Enter the plan")
        # 12 months starting 15 October 2025: the last day is 14 October 2026.
        expect_success(page, "Plan entered. Its next review is due by 14 October 2026.")
        expect(summary_value(page.locator("#reviews + dl"), "Next review due by")).to_contain_text(
            "14 October 2026"
        )
        plan = Plan.objects.get()
        review = plan.reviews.get()
        assert plan.issued_outside and review.due_on == D("2026-10-14")

        # September: reviewed like any other plan, and maintained.
        invite_and_hold(clock, officer, review, sent="2026-09-07", meeting="2026-09-21")
        page = decide(clock, officer, review, "2026-09-25", "Maintain the plan as it is")
        page.get_by_label("Reasons for the decision").fill("Leo is settled and progressing.")
        press(page, "Record the decision")
        expect_success(
            page,
            "Decision sent: the plan is maintained. The next review is due by 24 September 2027.",
        )
        axe_check(page)
    review.refresh_from_db()
    assert review.state == ReviewState.DECIDED and review.advice_circulated_on == D("2026-09-07")
    assert plan.reviews.get(state=ReviewState.SCHEDULED).due_on == D("2027-09-24")


def test_a_phase_transfer_to_secondary_is_met_by_the_plan_naming_the_new_school(
    make_context, live_server, axe_check, staff
):
    officer_user = staff["officer"]
    primary = SettingFactory(name="Riverside Primary School", urn="100001")
    secondary = SettingFactory(name="Kingsway Academy", urn="100002")
    # Maya is in year 6 in 2026/27: secondary school from September 2027
    child = ChildFactory(
        first_name="Maya",
        last_name="Okafor",
        date_of_birth=D("2016-03-14"),
        current_setting=primary,
    )
    # Maya's mother gets her letters by post
    FamilyMemberFactory(
        child=child,
        full_name="Rachel Okafor",
        contact_preference=ContactPreference.POST,
        address="1 High Street\nExeter\nEX1 1AA",
    )
    plan = issued_plan(officer_user, staff["panel"], child, setting=primary)
    review = plan.reviews.get()
    assert review.is_phase_transfer and review.due_on == D("2026-11-22")
    officer = Person(make_context, live_server.url, officer_user)

    with Clock("2026-10-05", "09:30") as clock:
        page = officer.sign_in_and_open(review_url(review))
        expect(page.locator("main")).to_contain_text("before 15 February")
        axe_check(page)
        page = invite_and_hold(clock, officer, review, sent="2026-10-05", meeting="2026-10-19")

        # The meeting agreed Kingsway Academy: the officer names it in the amendments.
        follow(page, "Prepare amendments")
        press(page, "Prepare amendments")
        follow(page, "View the EHC plan")
        page.get_by_role("link", name="Edit section I", exact=True).click()
        page.get_by_label("School, college or other institution").select_option(
            label="Kingsway Academy"
        )
        press(page, "Save section I")
        expect_success(page, "Section I saved")
        page = decide(clock, officer, review, "2026-10-26", "Amend the plan")
        page.get_by_label("Reasons for the decision").fill("Maya moves to secondary school.")
        page.get_by_label("Evidence the proposed amendments rest on").fill(
            "The review meeting of 19 October 2026."
        )
        press(page, "Record the decision")
        expect_success(
            page,
            "Decision sent with the proposed amendments (version 3). The family has until "
            "9 November 2026 to comment.",
        )

        # 1 December: the amended plan naming the academy, before 15 February.
        page = issue_amended_plan(clock, officer, review, "2026-12-01")
        expect_success(
            page,
            "Amended plan issued: version 4, 1 December 2026. The plan is in force as amended.",
        )
        axe_check(page)
        officer.go(case_url(plan.case))
        expect(page.locator("main")).to_contain_text("Kingsway Academy")
        # Issued, but not yet sent: reg 18 is met the day the amended plan's letter is posted.
        transfer = Deadline.objects.get(kind=DeadlineKind.PHASE_TRANSFER, object_id=review.pk)
        assert transfer.met_on is None

        # Wednesday 2 December: the officer posts it with the day's letters.
        clock.set("2026-12-02")
        page = officer.sign_in_and_open(reverse("notices:post_queue"))
        expect(page.locator("main")).to_contain_text("Amended EHC plan")
        fill_date(page, "Date posted", "2026-12-02")
        press(page, "Mark as posted")
        expect(success_banner(page)).to_contain_text("marked as posted on 2 December 2026")
    transfer.refresh_from_db()
    assert transfer.met_on == D("2026-12-02")  # the day it was sent, not the day it was issued
    amended = Notice.objects.get(kind="amended_plan")
    assert amended.sent_on == D("2026-12-02") and amended.appeal_by == D("2027-02-02")
    assert amended.deliveries.get(role="parent").name == "Rachel Okafor"
    child.refresh_from_db()
    assert child.current_setting == secondary
    assert re.search("Kingsway", plan.versions.get(number=4).content["sections"]["I"]["setting"])
