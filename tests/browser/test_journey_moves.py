"""Moves between councils and reassessment, end to end in a real browser: a family moving away
(the plan passed on and the case closed), a plan moving in (a case and a plan here, the family
told), and a reassessment asked for, agreed by the manager and told to the family. "Today" moves
with the journey (time_machine, for the live server too).

The plans come from the services (ehcp/tests/test_review_views_kit.py): final plan issued on
20 May 2026."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from tests.browser.journey import JOURNEY
from tests.browser.journey import D
from tests.browser.journey import Person
from tests.browser.journey import case_url
from tests.browser.journey import choose
from tests.browser.journey import expect_errors
from tests.browser.journey import fill_date
from tests.browser.journey import follow
from tests.browser.journey import press
from tests.browser.journey import success_banner
from transfers.moves.models import MoveIn
from transfers.moves.models import Reassessment
from transfers.moves.models import ReassessmentState
from transfers.moves.tests.kit import plan_case

pytestmark = JOURNEY
JOURNEY_STARTS = ("2026-08-24", "09:30")


def fill_in_leos_plan_from_bristol(page):
    """The form for a plan moving in, as the officer fills it for Leo Marsh, whose plan Bristol
    City Council transferred on 1 September 2026."""
    page.get_by_label("First name").fill("Leo")
    page.get_by_label("Last name").fill("Marsh")
    fill_date(page, "Date of birth", "2015-02-10")
    page.get_by_label("Postcode").fill("EX2 4AB")
    page.get_by_label("Parent or carer's full name").fill("Dana Marsh")
    page.get_by_label("Relationship to the child").select_option(label="Mother")
    page.get_by_label("Parent or carer's email address").fill("dana@example.net")
    page.get_by_label("Council the family moved from").fill("Bristol City Council")
    fill_date(page, "Date the plan was transferred", "2026-09-01")
    fill_date(page, "Date the plan was first issued", "2024-03-01")
    fill_date(page, re.compile("^Date of the last review"), "2025-10-01")
    page.get_by_label("Type of placement").select_option(label="Mainstream school")


def test_a_family_moves_away_and_the_plan_is_passed_on(
    make_context, live_server, axe_check, console, staff, clock
):
    plan = plan_case(staff["officer"], staff["panel"])
    officer = Person(make_context, live_server.url, staff["officer"])

    # Monday 24 August 2026: the family says they move on Friday.
    page = officer.sign_in_and_open(case_url(plan.case), "Record a move to another council")
    press(page, "Record the move")
    expect_errors(page, "Enter the council the family is moving to", "Enter date of the move")
    page.get_by_label("Council the family is moving to").fill("Somerset Council")
    fill_date(page, "Date of the move", "2026-08-28")
    fill_date(page, "Date the council learned of the move", "2026-08-24")
    axe_check(page)
    press(page, "Record the move")
    expect(success_banner(page)).to_contain_text(
        "Pass the plan to Somerset Council by 15 September 2026"
    )
    expect(page.locator("#moves ~ section").first).to_contain_text("Move recorded")

    # Thursday 10 September: the plan goes to Somerset, the health commissioner told.
    clock.set("2026-09-10")
    page = officer.sign_in_and_open(case_url(plan.case), "Record the plan passed on")
    expect(page.locator(".govuk-inset-text")).to_contain_text("15 September 2026")
    fill_date(page, "Date the plan was passed to the new council", "2026-09-10")
    fill_date(page, "Date the health commissioner was told", "2026-09-09")
    axe_check(page)
    press(page, "Record the plan passed on")
    expect(success_banner(page)).to_contain_text("The case is closed here")
    case = Case.objects.get(pk=plan.case_id)
    assert case.stage == CaseStage.TRANSFERRED and case.closed_on == D("2026-09-10")
    handover = Deadline.objects.get(kind="move_out_handover")
    assert handover.met_on == D("2026-09-10") and handover.due_on == D("2026-09-15")
    console.assert_clean()


def test_a_plan_moves_in_and_the_family_is_told(
    make_context, live_server, axe_check, console, staff, clock
):
    clock.set("2026-09-02")
    officer = Person(make_context, live_server.url, staff["officer"])
    page = officer.sign_in_and_open(reverse("moves:open_work"))
    axe_check(page)
    follow(page, "Record a plan moving in")
    fill_in_leos_plan_from_bristol(page)
    axe_check(page)
    press(page, "Record the plan")
    expect(success_banner(page)).to_contain_text("Tell the family within 6 weeks")
    expect(page.get_by_role("heading", name="Plan from Bristol City Council")).to_be_visible()
    move = MoveIn.objects.get()

    follow(page, "Tell the family the council holds the plan")
    expect(page.locator("main")).to_contain_text("by 1 December 2026 at the latest")
    expect(page.locator(".govuk-inset-text")).to_contain_text("13 October 2026")
    choose(page, "Will the council carry out a new EHC needs assessment?", "No")
    fill_date(page, "When the plan will be reviewed", "2027-01-10")
    fill_date(page, "Date of the letter", "2026-09-02")
    press(page, "Make the letter")
    expect_errors(page, "The review must be by 1 December 2026")
    fill_date(page, "When the plan will be reviewed", "2026-11-30")
    axe_check(page)
    press(page, "Make the letter")
    expect(success_banner(page)).to_contain_text("Letter made for the family")
    move.refresh_from_db()
    assert move.review_by == D("2026-11-30")
    assert Deadline.objects.get(kind="annual_review", case=move.case).due_on == D("2026-12-01")
    console.assert_clean()


def test_a_reassessment_is_asked_for_agreed_and_told(
    make_context, live_server, axe_check, console, staff, clock
):
    clock.set("2026-09-01")
    plan = plan_case(staff["officer"], staff["panel"])
    officer = Person(make_context, live_server.url, staff["officer"])
    manager = Person(make_context, live_server.url, staff["manager"])

    page = officer.sign_in_and_open(case_url(plan.case), "Record a request for reassessment")
    choose(page, "Who asked for the reassessment?", "The school, college or setting")
    page.get_by_label("Name of the person who asked").fill("Mrs Hill, SENCo")
    page.get_by_label("How the request arrived").select_option(label="Email")
    fill_date(page, "Date of the request", "2026-09-01")
    page.get_by_label("Why a reassessment is asked for").fill("A new diagnosis of epilepsy.")
    axe_check(page)
    press(page, "Record the request")
    expect(success_banner(page)).to_contain_text("by 16 September 2026")

    # Tuesday 8 September: the manager agrees.
    clock.set("2026-09-08")
    page = manager.sign_in_and_open(case_url(plan.case), "Record the decision whether to reassess")
    choose(page, "Will the council carry out a reassessment?", "Yes")
    fill_date(page, "Date of the decision", "2026-09-08")
    page.get_by_label("Reasons for the decision").fill("The new diagnosis changes the plan.")
    axe_check(page)
    press(page, "Record the decision")
    expect(success_banner(page)).to_contain_text("the council will reassess")
    follow(page, "Send the decision letter")
    fill_date(page, "Date of the letter", "2026-09-08")
    press(page, "Make the letter")
    expect(success_banner(page)).to_contain_text("The 15 days are met on the day it is sent")
    item = Reassessment.objects.get()
    assert item.state == ReassessmentState.AGREED and item.assessment is not None
    # The co-ordinated assessment runs again: advice can be asked for on the case page.
    expect(page.get_by_role("link", name="Ask for advice")).to_be_visible()
    console.assert_clean()


def test_a_plan_moving_in_for_a_child_on_record_joins_their_case(
    make_context, live_server, axe_check, console, staff, clock
):
    from cases.tests.factories import CaseFactory
    from cases.tests.factories import ChildFactory

    # Leo is known here already: a case opened in June while the family were moving.
    leo = ChildFactory(first_name="Leo", last_name="Marsh", date_of_birth=D("2015-02-10"))
    known = CaseFactory(
        child=leo, team=staff["officer"].team, officer=staff["officer"], opened_on=D("2026-06-01")
    )
    clock.set("2026-09-02")
    officer = Person(make_context, live_server.url, staff["officer"])
    page = officer.sign_in_and_open(reverse("moves:in_new"))
    fill_in_leos_plan_from_bristol(page)
    press(page, "Record the plan")

    # The duplicate check: Leo is shown before anything is saved.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check if this child is already on record"
    )
    expect(page.locator(".govuk-warning-text")).to_contain_text("the same name and date of birth")
    expect(page.get_by_role("table", name="Children already on record")).to_contain_text(
        known.reference
    )
    assert not MoveIn.objects.exists()
    axe_check(page)
    press(page, "Record the plan")
    expect_errors(page, "Select the existing record to use, or 'This is a different child'")
    choose(
        page,
        "Is this one of the children already on record?",
        "Use the existing record of Leo Marsh (born 10 February 2015, UPN " + leo.upn + ")",
    )
    press(page, "Record the plan")
    expect(success_banner(page)).to_contain_text(f"recorded on case {known.reference}")
    move = MoveIn.objects.get()
    assert move.case_id == known.pk and Case.objects.filter(child=leo).count() == 1
    assert Deadline.objects.get(kind="move_in_notice", case=known).due_on == D("2026-10-13")
    assert Deadline.objects.get(kind="annual_review", case=known).due_on == D("2026-12-01")
    console.assert_clean()


def test_a_reassessment_ends_in_the_amended_plan_issued(
    make_context, live_server, axe_check, console, staff, clock
):
    from cases.notices.models import Notice
    from ehcp.models import PlanState
    from ehcp.models import VersionKind
    from transfers.moves import reassessment
    from transfers.moves.tests.kit import post_letters
    from transfers.moves.tests.kit import reassessment_asked

    # Agreed on 8 September, the letter posted on the 9th: the 14 weeks run to 16 December.
    plan = plan_case(staff["officer"], staff["panel"])
    item = reassessment.reassessment_decide(
        actor=staff["manager"],
        reassessment_id=reassessment_asked(staff["officer"], plan).pk,
        agreed=True,
        decided_on=D("2026-09-08"),
        reason="A new diagnosis.",
        today=D("2026-09-08"),
    )
    reassessment.reassessment_letter_send(
        actor=staff["officer"],
        reassessment_id=item.pk,
        dated_on=D("2026-09-08"),
        today=D("2026-09-08"),
    )
    post_letters(staff["officer"], plan.case, posted_on="2026-09-09")
    assert Deadline.objects.get(kind="reassessment_plan").due_on == D("2026-12-16")

    # Tuesday 10 November: the advice is in; the officer amends the plan and sends the draft.
    clock.set("2026-11-10")
    officer = Person(make_context, live_server.url, staff["officer"])
    page = officer.sign_in_and_open(case_url(plan.case), "Prepare the amended plan")
    expect(page.locator(".govuk-inset-text")).to_contain_text("16 December 2026")
    axe_check(page)
    press(page, "Prepare the amended plan")
    expect(success_banner(page)).to_contain_text("Then send the family the draft")
    officer.go(reverse("ehcp:section", kwargs={"reference": plan.case.reference, "section": "a"}))
    page.get_by_label("Views of the child or young person and their family").fill(
        "Maya says the seizures tire her out by the afternoon."
    )
    press(page, "Save section A")
    officer.go(case_url(plan.case))
    follow(page, "Send the draft of the amended plan")
    fill_date(page, "Date the draft was sent to the family", "2026-11-10")
    page.get_by_label("What the changes rest on").fill("The neurologist's and the EP's advice.")
    axe_check(page)
    press(page, "Send the draft")
    expect(success_banner(page)).to_contain_text("The family has 15 days to comment")
    # The mother has letters by post: her 15 days begin the day the draft is posted.
    post_letters(staff["officer"], plan.case, posted_on="2026-11-10")

    # Tuesday 1 December: the 15 days are over; the amended plan is issued.
    clock.set("2026-12-01")
    page = officer.sign_in_and_open(case_url(plan.case), "Record the outcome of the reassessment")
    choose(page, "What was the outcome of the reassessment?", "The plan was amended")
    fill_date(page, "Date the plan was issued, or the decision made", "2026-12-01")
    axe_check(page)
    press(page, "Record the outcome")
    item.refresh_from_db()
    issued = item.amendment.issued
    expect(success_banner(page)).to_contain_text(f"Version {issued.number} is in force")
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL and issued.kind == VersionKind.AMENDED_FINAL
    assert issued.issued_on == D("2026-12-01")
    assert "seizures" in issued.content["sections"]["A"]["views"]
    assert Notice.objects.get(kind="reassessment_plan").decision_id == item.pk
    # The mother has letters by post: the 14 weeks are met the day the letter is posted.
    post_letters(staff["officer"], plan.case, posted_on="2026-12-02")
    assert Deadline.objects.get(kind="reassessment_plan").met_on == D("2026-12-02")
    console.assert_clean()
