"""Moves between councils through the services, with their dates (regs 15 and 16)."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import AuditEntry
from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.notices.models import Notice
from ehcp.models import AnnualReview
from ehcp.models import PlanState
from tests.kit import D
from tests.kit import deadline_of
from transfers.moves import services
from transfers.moves.models import HealthAnswer
from transfers.moves.models import MoveIn
from transfers.moves.models import MoveInState
from transfers.moves.models import MoveOutState

from .kit import move_in
from .kit import move_out
from .kit import plan_case
from .kit import post_letters

pytestmark = pytest.mark.django_db


def test_a_move_learned_of_early_is_due_on_the_day_of_the_move(officer, panel):
    plan = plan_case(officer, panel)
    move = move_out(officer, plan, moved="2026-09-01", learned="2026-06-01")
    assert deadline_of(move, "move_out_handover").due_on == D("2026-09-01")
    assert move.state == MoveOutState.RECORDED


def test_a_move_learned_of_late_is_due_15_working_days_after_and_the_case_closes(officer, panel):
    plan = plan_case(officer, panel)
    move = move_out(officer, plan, moved="2026-08-28", learned="2026-08-24", today="2026-08-24")
    handover = deadline_of(move, "move_out_handover")
    assert handover.due_on == D("2026-09-15")  # past the August bank holiday

    services.move_out_hand_over(
        actor=officer,
        move_id=move.pk,
        handed_over_on=D("2026-09-10"),
        health_told_on=D("2026-09-10"),
        version=move.version,
        today=D("2026-09-10"),
    )

    move.refresh_from_db()
    handover.refresh_from_db()
    case = Case.objects.get(pk=plan.case_id)
    assert move.state == MoveOutState.HANDED_OVER and move.health_told_on == D("2026-09-10")
    assert handover.met_on == D("2026-09-10")
    assert case.stage == CaseStage.TRANSFERRED and case.closed_on == D("2026-09-10")
    # The plan goes on with the new council: not ceased, and nothing is chased here any more.
    plan.refresh_from_db()
    assert plan.state != PlanState.CEASED
    assert not Deadline.objects.filter(case=case, met_on__isnull=True, cancelled=False).exists()
    assert AuditEntry.objects.filter(case=case, action="move_out.handed_over").exists()


def test_a_plan_cannot_be_passed_on_before_the_council_learned_of_the_move(officer, panel):
    plan = plan_case(officer, panel)
    move = move_out(officer, plan)
    with pytest.raises(ValidationError) as refused:
        services.move_out_hand_over(
            actor=officer,
            move_id=move.pk,
            handed_over_on=D("2026-05-30"),
            health_told_on=D("2026-06-02"),
            today=D("2026-06-02"),
        )
    assert "handed_over_on" in refused.value.message_dict
    move.refresh_from_db()
    assert move.state == MoveOutState.RECORDED


def test_a_case_without_a_plan_in_force_records_no_move(officer):
    from cases.tests.factories import received_request

    request = received_request(officer)
    with pytest.raises(ValidationError, match="no plan in force"):
        services.move_out_record(
            actor=officer,
            case_id=request.case_id,
            moved_on=D("2026-09-01"),
            learned_on=D("2026-03-01"),
            receiving_council="Somerset Council",
            today=D("2026-03-02"),
        )


def test_a_plan_moving_in_becomes_a_case_and_a_plan_with_its_limits(officer):
    move = move_in(officer, transferred="2026-09-01", last_reviewed="2025-10-01")

    case = Case.objects.get(pk=move.case_id)
    assert case.stage == CaseStage.PLAN and case.opened_on == D("2026-09-01")
    assert move.plan.state == PlanState.FINAL and move.plan.issued_outside
    assert deadline_of(move, "move_in_notice").due_on == D("2026-10-13")
    assert deadline_of(move, "move_in_health").due_on == D("2026-09-22")
    # The later of 12 months from the last review (30 September 2026) and 3 months from the move.
    review = AnnualReview.objects.get(plan=move.plan)
    assert review.due_on == D("2026-12-01")
    assert deadline_of(review, "annual_review").due_on == D("2026-12-01")


def test_a_recent_last_review_sets_the_first_review_12_months_on(officer):
    move = move_in(officer, transferred="2026-09-01", last_reviewed="2026-06-15")
    review = AnnualReview.objects.get(plan=move.plan)
    assert review.due_on == D("2027-06-14")
    assert deadline_of(review, "annual_review").due_on == D("2027-06-14")


def tell_family_of_move_in(officer, move, *, review_by, will_reassess=False, **extra):
    """The family's letter, dated 20 September 2026, saying the plan will be reviewed by
    `review_by` (`will_reassess`: the child reassessed instead; `extra`: version)."""
    dated_on = D("2026-09-20")
    return services.move_in_tell_family(
        actor=officer,
        move_id=move.pk,
        will_reassess=will_reassess,
        review_by=D(review_by),
        dated_on=dated_on,
        today=dated_on,
        **extra,
    )


def test_the_6_week_notice_is_met_on_the_day_the_letter_is_sent(officer):
    move = move_in(officer, transferred="2026-09-01")
    tell_family_of_move_in(officer, move, review_by="2026-11-20", version=move.version)
    notice = Notice.objects.get(case=move.case, kind="move_in")
    assert notice.facts["review_by"] == "2026-11-20"
    assert deadline_of(move, "move_in_notice").met_on is None  # not sent yet

    post_letters(officer, move.case, posted_on="2026-09-21")

    move.refresh_from_db()
    assert move.state == MoveInState.FAMILY_TOLD and move.will_reassess is False
    assert deadline_of(move, "move_in_notice").met_on == D("2026-09-21")


def test_the_family_cannot_be_told_of_a_review_after_the_first_review_is_due(officer):
    move = move_in(officer, transferred="2026-09-01")
    with pytest.raises(ValidationError) as refused:
        tell_family_of_move_in(officer, move, review_by="2027-01-10", will_reassess=True)
    assert "1 December 2026" in refused.value.message_dict["review_by"][0]
    assert not Notice.objects.filter(case=move.case).exists()


def test_the_health_commissioners_answer_meets_its_15_working_days(officer):
    move = move_in(officer, transferred="2026-09-01")

    def answered(on, answer):
        """The health commissioner's `answer`, given on `on` and recorded on 16 September."""
        return services.move_in_health_answer(
            actor=officer, move_id=move.pk, answered_on=D(on), answer=answer, today=D("2026-09-16")
        )

    answered("2026-09-15", HealthAnswer.REVIEW)
    assert deadline_of(move, "move_in_health").met_on == D("2026-09-15")
    with pytest.raises(ValidationError):
        answered("2026-09-16", HealthAnswer.NOTHING)


def test_a_plan_moving_in_needs_the_council_it_came_from(officer):
    with pytest.raises(ValidationError) as refused:
        move_in(officer, last_reviewed=None, from_council="  ")
    assert "from_council" in refused.value.message_dict
    assert not Case.objects.exists()


# --- a plan moving in for a child already on record ------------------------------------------


def _incoming(officer, child, *, transferred="2026-09-01", family=None):
    return services.move_in_record(
        actor=officer,
        child=child,
        family_details=family,
        from_council="Bristol City Council",
        transferred_on=D(transferred),
        issued_on=D("2024-03-01"),
        last_reviewed_on=D("2025-10-01"),
        setting_id=None,
        placement_type="mainstream",
        today=D(transferred),
    )


def test_a_child_is_matched_by_upn_before_name_and_date_of_birth(officer):
    from cases.tests.factories import ChildFactory
    from transfers import legacy

    by_upn = ChildFactory(first_name="Leo", last_name="Marsh", date_of_birth=D("2015-02-10"))
    ChildFactory(first_name="Leo", last_name="Marsh", date_of_birth=D("2015-02-10"), upn="")

    found, matched_by = legacy.children_matching(
        upn=by_upn.upn.lower(), first_name="leo", last_name="MARSH", date_of_birth=D("2015-02-10")
    )
    assert [c.pk for c in found] == [by_upn.pk] and matched_by == "UPN"
    found, matched_by = legacy.children_matching(
        upn="", first_name=" Leo", last_name="marsh", date_of_birth=D("2015-02-10")
    )
    assert len(found) == 2 and matched_by == "name and date of birth"
    assert legacy.children_matching(
        upn="", first_name="Leo", last_name="Marsh", date_of_birth=D("2015-02-11")
    ) == ([], "")


def test_a_plan_moving_in_joins_the_open_case_of_a_child_already_on_record(officer):
    from cases.tests.factories import CaseFactory

    case = CaseFactory(team=officer.team, officer=officer, opened_on=D("2026-06-01"))
    dad = {"full_name": "Tom Reyes", "relationship": "father", "email": "tom@example.org"}
    move = _incoming(officer, case.child, family=dad)

    assert move.case_id == case.pk and Case.objects.filter(child=case.child).count() == 1
    # The parent named on the form joins the child's family, once, with an audit entry.
    assert case.child.family.filter(full_name="Tom Reyes").count() == 1
    assert AuditEntry.objects.filter(action="family.member_added").count() == 1
    case.refresh_from_db()
    assert case.stage == CaseStage.PLAN and move.plan.case_id == case.pk
    assert deadline_of(move, "move_in_notice").due_on == D("2026-10-13")


def test_a_child_on_record_with_no_open_case_gets_a_new_case_not_a_new_record(officer):
    from cases.models import Child
    from cases.tests.factories import CaseFactory

    old = CaseFactory(team=officer.team, opened_on=D("2020-01-06"), closed_on=D("2021-03-01"))
    move = _incoming(officer, old.child)

    assert move.case_id != old.pk and move.case.child_id == old.child_id
    assert move.case.officer == officer and move.case.opened_on == D("2026-09-01")
    assert Child.objects.count() == 1


def test_a_child_with_a_plan_in_force_here_takes_no_second_plan(officer, panel):
    plan = plan_case(officer, panel)
    with pytest.raises(ValidationError, match="already has a plan in force here"):
        _incoming(officer, plan.case.child, transferred="2026-09-01")
    assert not MoveIn.objects.exists()


def test_a_child_whose_open_case_another_team_holds_is_sent_to_that_team(officer, make_user):
    from cases.tests.factories import CaseFactory

    south = make_user("case_officer", team__name="South locality")
    case = CaseFactory(team=south.team, officer=south, opened_on=D("2026-06-01"))
    with pytest.raises(ValidationError, match=f"{case.reference} is held by South locality"):
        _incoming(officer, case.child)
    assert not MoveIn.objects.exists()
