"""Annual reviews, amending and ceasing a plan, end to end in a real browser (Debian's Chromium,
Playwright), the way a case officer works through them over months. "Today" moves with the
journey (time_machine, for the live server too).

The plans are set up through the services (ehcp/tests/test_review_views_kit.py): final plan
issued on 20 May 2026, so the first review is due by 19 May 2027.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from cases.models import CaseStage
from cases.models import Deadline
from cases.models import DeadlineKind
from ehcp.models import AmendmentState
from ehcp.models import AnnualReview
from ehcp.models import CessationState
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import ReviewDecision
from ehcp.models import ReviewState
from ehcp.models import VersionKind
from ehcp.tests.test_review_views_kit import final_plan
from ehcp.tests.test_review_views_kit import held
from ehcp.tests.test_review_views_kit import open_review
from tests.browser.journey import JOURNEY
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.browser.journey import choose
from tests.browser.journey import expect_errors
from tests.browser.journey import expect_success
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import group
from tests.browser.journey import issue_amended_plan
from tests.browser.journey import press
from tests.browser.journey import record_invitations
from tests.browser.journey import record_meeting_held
from tests.browser.journey import review_url
from tests.browser.journey import start_review_decision
from tests.browser.journey import summary_value

pytestmark = JOURNEY
JOURNEY_STARTS = ("2027-03-01", "09:30")


def annual_deadline(review) -> Deadline:
    return Deadline.objects.get(
        content_type__model="annualreview", object_id=review.pk, kind=DeadlineKind.ANNUAL_REVIEW
    )


def step_status(page, name: str):
    """The status of one step in the review page's task list."""
    item = page.locator(".govuk-task-list__item").filter(has_text=name)
    return item.locator(".govuk-task-list__status")


def record_report_received(clock, officer, review, day: str):
    """On `day`, the review's report arrives and the officer records it."""
    clock.set(day)
    page = officer.sign_in_and_open(review_url(review), "Record the report received")
    fill_date(page, "Date the review report was received", day)
    press(page, "Record the report")
    expect_success(page, "Review report recorded as received")
    return page


def test_maintain_then_amend_the_plan(make_context, live_server, axe_check, console, staff, clock):
    officer_user = staff["officer"]
    plan = final_plan(officer_user, staff["panel"])
    first = open_review(plan)
    assert first.due_on == D("2027-05-19")  # the day before 20 May 2027
    officer = Person(make_context, live_server.url, officer_user)

    # Monday 1 March 2027: the officer opens the review from the list of reviews.
    page = officer.sign_in()
    follow(page, "Reviews")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reviews")
    row = page.get_by_role("row").filter(has_text="Maya Okafor")
    expect(row).to_contain_text(re.compile(r"19 May 2027\s+On track"))
    # (Chromium puts a space before the visually hidden part of a link's name.)
    follow(page, re.compile(r"^Maya Okafor\W+review due 19 May 2027$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual review")
    expect(summary_value(page, "Review due by")).to_have_text(re.compile(r"19 May 2027\s+On track"))
    expect(summary_value(page, "State")).to_have_text("Scheduled")

    # Invitations with only 10 days' notice are refused; with 2 weeks they are recorded.
    follow(page, "Send invitations")
    fill_date(page, "Date of the review meeting", "2027-03-11")
    fill_date(page, "Date the invitations were sent", "2027-03-01")
    press(page, "Record the invitations")
    notice = (
        "Everyone must have at least 2 weeks' notice: invitations sent on 1 March 2027 allow a "
        "meeting on 15 March 2027 at the earliest."
    )
    expect_errors(page, notice)
    expect(group(page, "Date of the review meeting")).to_have_accessible_description(
        re.compile(re.escape(notice))
    )
    fill_date(page, "Date of the review meeting", "2027-03-15")
    press(page, "Record the invitations")
    expect_success(
        page,
        "Invitations recorded: the meeting is on 15 March 2027. Circulate the advice by "
        "1 March 2027.",
    )
    expect(summary_value(page, "State")).to_have_text("Invitations sent")
    expect(step_status(page, "Invitations sent")).to_have_text("Met on time")

    # Monday 15 March: the meeting is held (the form offers the arranged day).
    clock.set("2027-03-15", "16:00")
    page = officer.sign_in_and_open(review_url(first), "Record the meeting held")
    held_on = group(page, "Date the meeting was held")
    expect(held_on.get_by_label("Day")).to_have_value("15")
    expect(held_on.get_by_label("Month")).to_have_value("3")
    expect(held_on.get_by_label("Year")).to_have_value("2027")
    press(page, "Record the meeting")
    # The report within 2 weeks, the decision within 4.
    expect_success(
        page,
        "Meeting recorded. The report is due by 29 March 2027 and the decision by 12 April 2027.",
    )

    # Monday 22 March: the school's report arrives.
    page = record_report_received(clock, officer, first, "2027-03-22")
    expect(step_status(page, "Report received")).to_have_text("Met on time")

    # Monday 29 March: the council keeps the plan as it is (its letter goes out through this
    # service).
    page = start_review_decision(
        clock,
        officer,
        first,
        "2027-03-29",
        "Maintain the plan as it is",
        inset="Review decision sent (4 weeks): due by 12 April 2027.",
    )
    page.get_by_label("Reasons for the decision").fill("Maya is making good progress.")
    press(page, "Record the decision")
    # The next review: the last day of the 12 months starting 29 March 2027.
    expect_success(
        page, "Decision sent: the plan is maintained. The next review is due by 28 March 2028."
    )
    expect(summary_value(page, "State")).to_have_text(
        re.compile(r"Decision sent\s+Maintain the plan as it is")
    )
    officer.go(case_url(plan.case))
    expect(summary_value(page.locator("#reviews + dl"), "Next review due by")).to_have_text(
        re.compile(r"28 March 2028\s+On track")
    )
    expect(summary_value(page, "Stage")).to_have_text("Plan maintained")
    first.refresh_from_db()
    assert first.state == ReviewState.DECIDED and first.decision == ReviewDecision.MAINTAIN
    assert annual_deadline(first).met_on == D("2027-03-29")
    second = open_review(plan)
    assert second.due_on == D("2028-03-28") and not second.is_phase_transfer
    assert annual_deadline(second).due_on == D("2028-03-28")

    # Monday 10 January 2028: the second review, through to the report, each step on its day.
    clock.set("2028-01-10")
    page = officer.sign_in_and_open(case_url(plan.case), "View the annual review")
    expect(summary_value(page, "Review due by")).to_contain_text("28 March 2028")
    follow(page, "Send invitations")
    record_invitations(page, sent="2028-01-10", meeting="2028-01-24")
    record_meeting_held(clock, officer, second, "2028-01-24")
    page = record_report_received(clock, officer, second, "2028-01-25")

    # The meeting agreed Maya needs more therapy: the officer prepares the amendments ...
    follow(page, "Prepare amendments")
    press(page, "Prepare amendments")
    expect_success(
        page,
        "You can now amend the plan. Change its sections, then record the decision to amend: "
        "the proposed amendments are sent with it.",
    )
    expect(page.get_by_role("link", name="View the EHC plan")).to_have_count(1)
    expect(summary_value(page, "EHC plan")).to_contain_text("Being amended")
    # ... changes section F through the plan screens ...
    follow(page, "Section F: the special educational provision required")
    follow(page, re.compile(r"^Change\W+provision F\.1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change provision F.1")
    expect(page.get_by_label("How often")).to_have_value("weekly")
    page.get_by_label("How often").fill("twice a week")
    press(page, "Save the provision")
    expect_success(page, "Provision saved in section F")
    provision = page.locator(".govuk-summary-card").filter(has_text="Provision F.1")
    expect(summary_value(provision, "How often")).to_have_text("twice a week")

    # ... and, on Monday 31 January, sends the decision to amend with the evidence.
    page = start_review_decision(
        clock,
        officer,
        second,
        "2028-01-31",
        "Amend the plan",
        inset="The amendments are prepared: a decision to amend sends the plan as it now stands",
    )
    page.get_by_label("Reasons for the decision").fill(
        "Maya needs more speech and language therapy."
    )
    page.get_by_label("Evidence the proposed amendments rest on").fill(
        "Speech and language therapist's report of 20 January 2028."
    )
    press(page, "Record the decision")
    # 15 days beginning with 31 January: the last is 14 February.
    expect_success(
        page,
        "Decision sent with the proposed amendments (version 3). The family has until "
        "14 February 2028 to comment.",
    )
    amendment_card = page.locator("#amendments ~ .govuk-summary-card").first
    expect(summary_value(amendment_card, "Family's comments (15 days)")).to_have_text(
        "Open until 14 February 2028"
    )
    # 8 weeks from the proposals: 27 March 2028.
    expect(summary_value(amendment_card, "Amended plan (8 weeks)")).to_have_text(
        re.compile(r"Due by 27 March 2028\s+On track")
    )

    # Thursday 10 February: issuing now, inside the family's 15 days, is refused.
    page = issue_amended_plan(clock, officer, second, "2028-02-10")
    expect_errors(
        page,
        "The family has until 14 February 2028 to comment on the proposed amendments. Record "
        "their response, or issue after that day.",
    )

    # Tuesday 15 February: the 15 days are over, without comments; the amended plan is issued.
    page = issue_amended_plan(clock, officer, second, "2028-02-15")
    expect_success(
        page,
        "Amended plan issued: version 4, 15 February 2028. The plan is in force as amended.",
    )
    amendment_card = page.locator("#amendments ~ .govuk-summary-card").first
    expect(summary_value(amendment_card, "State")).to_have_text("Amended plan issued")
    expect(summary_value(amendment_card, "Amended plan (8 weeks)")).to_contain_text("Met on time")
    follow(page, "View the EHC plan")
    expect(summary_value(page, "State")).to_have_text("Final plan issued")
    expect(summary_value(page, "Versions issued")).to_have_text(
        "4, latest: version 4, amended final plan, 15 February 2028"
    )
    expect(page.locator("#section-f")).to_contain_text("twice a week")
    axe_check(page)

    plan = Plan.objects.get()
    assert plan.state == PlanState.FINAL
    assert list(plan.versions.order_by("number").values_list("kind", flat=True)) == [
        VersionKind.DRAFT,
        VersionKind.FINAL,
        VersionKind.AMENDMENT_DRAFT,
        VersionKind.AMENDED_FINAL,
    ]
    amendment = plan.amendments.get()
    assert amendment.state == AmendmentState.ISSUED and amendment.review_id == second.pk
    assert amendment.issued.content["sections"]["F"][0]["frequency"] == "twice a week"
    assert plan.versions.get(number=2).content["sections"]["F"][0]["frequency"] == "weekly"
    console.assert_clean()


def test_cease_the_plan_of_a_young_person_going_to_university(
    make_context, live_server, console, staff, clock
):
    """Daniel (born 10 June 2007, 19) starts university in September: the plan is no longer
    necessary. The meeting of his review was held on 15 March 2027 (set up through the
    services)."""
    officer_user = staff["officer"]
    plan = final_plan(
        officer_user, staff["panel"], born="2007-06-10", first_name="Daniel", last_name="Price"
    )
    review = held(officer_user, open_review(plan))
    officer = Person(make_context, live_server.url, officer_user)

    # Tuesday 16 March 2027: the officer tells Daniel ceasing is being considered.
    clock.set("2027-03-16")
    page = officer.sign_in_and_open(review_url(review), "Consider ceasing the plan")
    choose(page, "Why is ceasing the plan being considered?", "Moved to higher education")
    fill_date(page, "Date the family was told ceasing is being considered", "2027-03-16")
    fill_date(page, "Date the school or college was consulted", "2027-03-16")
    page.get_by_label("Notes").fill("Daniel has a place at the University of Leeds from September.")
    press(page, "Record it")
    expect_success(
        page,
        "Recorded that ceasing the plan is being considered. Consult the family and the school "
        "or college before deciding.",
    )
    ceasing = page.locator("#ceasing ~ .govuk-summary-card").first
    expect(summary_value(ceasing, "State")).to_have_text(
        "Considering ceasing: family and setting consulted"
    )
    expect(summary_value(ceasing, "Reason")).to_have_text("Moved to higher education")
    # Daniel gets post: the letter saying why, and how to give his views, is posted that day.
    page = officer.go(reverse("notices:post_queue"))
    expect(page.locator("main")).to_contain_text("We are considering ending the EHC plan")
    fill_date(page, "Date posted", "2027-03-16")
    press(page, "Mark as posted")
    expect_success(page, "2 letters marked as posted on 16 March 2027.")  # Daniel and his school

    # Tuesday 6 April: the decision to cease, with his right to appeal.
    page = start_review_decision(
        clock,
        officer,
        review,
        "2027-04-06",
        "Cease the plan",
        inset="Ceasing is being considered (Moved to higher education). The family was told on "
        "16 March 2027.",
    )
    page.get_by_label("Reasons for the decision").fill(
        "Daniel is moving on to higher education; the plan is no longer necessary."
    )
    press(page, "Record the decision")
    # Daniel gets post: the letter, with his right to appeal, waits for the officer to post it.
    expect_success(
        page,
        "Decision to cease the plan recorded. Its letter, with the right to appeal, is waiting "
        "to go out: the plan stays in force until the appeal period, which starts the day it is "
        "sent, has ended.",
    )
    expect(summary_value(page, "State")).to_have_text(
        re.compile(r"Decision waiting to go out\s+Cease the plan")
    )
    ceasing = page.locator("#ceasing ~ .govuk-summary-card").first
    expect(summary_value(ceasing, "Decision to cease sent")).to_have_text(
        "Decided: the letter, with the right to appeal, is waiting to go out"
    )
    # The letter goes by post the same day: the review is complete, and the appeal period
    # starts, the day it is posted.
    page = officer.go(reverse("notices:post_queue"))
    fill_date(page, "Date posted", "2027-04-06")
    press(page, "Mark as posted")
    expect_success(page, "2 letters marked as posted on 6 April 2027.")  # Daniel and his school
    page = officer.go(review_url(review))
    expect(summary_value(page, "State")).to_have_text(re.compile(r"Decision sent\s+Cease the plan"))
    # 6 April + 2 months = Sunday 6 June, moved to the next working day (Tribunal rule 12).
    ceasing = page.locator("#ceasing ~ .govuk-summary-card").first
    expect(summary_value(ceasing, "Appeal period ends")).to_contain_text("7 June 2027")

    # Tuesday 1 June: closing the plan before the appeal period has ended is refused.
    clock.set("2027-06-01")
    page = officer.sign_in_and_open(review_url(review), "Close the plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the plan")
    fill_date(page, "Date the plan ceased", "2027-06-01")
    press(page, "Close the plan")
    expect_errors(page, "The plan stays in force until the appeal period ends on 7 June 2027.")
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL

    # Tuesday 8 June: no appeal came; the plan is closed and the case shows it ceased.
    clock.set("2027-06-08")
    page = officer.sign_in_and_open(review_url(review), "Close the plan")
    fill_date(page, "Date the plan ceased", "2027-06-08")
    press(page, "Close the plan")
    expect_success(page, "The plan has ceased on 8 June 2027.")
    expect(page).to_have_url(live_server.url + case_url(plan.case))
    expect(summary_value(page, "Stage")).to_have_text("Plan ceased")
    expect(summary_value(page.locator("#plan + dl"), "State")).to_have_text("Ceased")

    plan.refresh_from_db()
    assert plan.state == PlanState.CEASED and plan.ceased_on == D("2027-06-08")
    assert plan.cease_reason == "higher_education"
    assert plan.cessations.get().state == CessationState.CEASED
    assert plan.case.stage == CaseStage.CEASED and plan.case.closed_on == D("2027-06-08")
    # The review scheduled after the decision will never happen: gone, with its deadlines.
    assert not AnnualReview.objects.exclude(state=ReviewState.DECIDED).exists()
    assert not Deadline.objects.filter(met_on__isnull=True, cancelled=False).exists()
    console.assert_clean()
