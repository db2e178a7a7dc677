"""Plans moving between councils (SEND Regs 2014 regs 15 and 16), step by step.

Outgoing: the move recorded with its handover deadline (the day of the move, or 15 working days
from learning of it), then the plan passed on, the health commissioner told and the case closed
here. Incoming: the plan received becomes a case and a plan record here, with the 6-week notice,
the first review (the later of 12 months from the last review and 3 months from the transfer)
and the new health commissioner's 15 working days, all stored. Statutory dates come only from
`cases.deadlines`."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.models import Case
from cases.models import CaseStage
from cases.models import Child
from cases.models import Deadline
from cases.models import User
from cases.notices.services import notice_create
from cases.permissions import can_record_request
from cases.permissions import may
from cases.permissions import require
from cases.rules import Need
from cases.rules import proceed
from cases.services import case_stage_set
from cases.services import check_date
from cases.services import deadline_meet
from cases.services import deadline_set
from cases.services.intake import case_open
from cases.services.intake import child_arriving
from cases.services.records import audit_on_case
from cases.services.records import record_lock
from cases.services.records import step_take
from cases.validation import check_case_date
from ehcp import services as plan_services
from ehcp.models import MAINTAINED_STATES
from ehcp.models import AnnualReview
from ehcp.models import Plan
from ehcp.models import ReviewState

from .clock import Kind
from .models import HealthAnswer
from .models import MoveIn
from .models import MoveOut
from .models import MoveOutState


def live_plan(case: Case) -> Plan:
    """The case's plan in force, or a form error saying there is none."""
    plan = Plan.objects.filter(case=case, state__in=MAINTAINED_STATES).first()
    if plan is None:
        raise ValidationError("This case has no plan in force.")
    return plan


def _case_with_plan(case_id: int, actor: User) -> tuple[Case, Plan]:
    """The case, locked, that `actor` may work on, and its plan in force (a form error if it has
    none): where a move out or a reassessment starts."""
    case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
    require(actor, case, Need.WORK)
    return case, live_plan(case)


def _lock(model, pk: int, version: int | None):
    """The move's or reassessment's row; access is the step's own check."""
    return record_lock(
        model.objects.select_related("case", "case__child"), pk, need=None, version=version
    )


# --- moving out ----------------------------------------------------------------------------


@transaction.atomic
def move_out_record(
    *,
    actor: User,
    case_id: int,
    moved_on: datetime.date,
    learned_on: datetime.date,
    receiving_council: str,
    notes: str = "",
    today: datetime.date | None = None,
) -> MoveOut:
    """Record that the family is moving (or has moved) to another council's area: the plan is
    to be passed on by the day of the move, or 15 working days from learning of it (reg 15(2))."""
    today = today or timezone.localdate()
    case, plan = _case_with_plan(case_id, actor)
    if case.moves_out.filter(state=MoveOutState.RECORDED).exists():
        raise ValidationError("A move is already recorded on this case: pass the plan on first.")
    receiving_council = receiving_council.strip()
    if not receiving_council:
        raise ValidationError({"receiving_council": "Enter the council the family is moving to"})
    check_date(
        learned_on,
        field="learned_on",
        born_on=case.child.date_of_birth,
        not_before=None,
        today=today,
    )
    check_case_date(
        moved_on,
        field="moved_on",
        born_on=case.child.date_of_birth,
        not_before=plan.first_issued_on,
        before_label="the plan was first issued",
    )
    move = MoveOut.objects.create(
        case=case,
        plan=plan,
        moved_on=moved_on,
        learned_on=learned_on,
        receiving_council=receiving_council,
        notes=notes,
        recorded_by=actor,
    )
    due = deadlines.move_out_handover_due(moved_on, learned_on)
    deadline_set(
        case=case,
        obj=move,
        kind=Kind.MOVE_OUT_HANDOVER,
        due_on=due,
        label=f"Plan passed to {receiving_council}",
    )
    audit_on_case(
        move,
        "move_out.recorded",
        actor=actor,
        payload={
            "council": receiving_council,
            "moved_on": moved_on,
            "learned_on": learned_on,
            "due_on": due,
        },
        changes={"state": [None, move.state]},
    )
    return move


@transaction.atomic
def move_out_hand_over(
    *,
    actor: User,
    move_id: int,
    handed_over_on: datetime.date,
    health_told_on: datetime.date,
    version: int | None = None,
    today: datetime.date | None = None,
) -> MoveOut:
    """The plan passed to the new council and the health commissioner told (regs 15, 16): the
    case is closed here, its open deadlines no longer apply. Not a cessation: the plan goes on
    with the new council."""
    today = today or timezone.localdate()
    move = _lock(MoveOut, move_id, version)
    for value, field in ((handed_over_on, "handed_over_on"), (health_told_on, "health_told_on")):
        check_date(
            value,
            field=field,
            born_on=move.case.child.date_of_birth,
            not_before=move.learned_on,
            today=today,
            before_label="the council learned of the move",
        )
    step_take(
        move.hand_over,
        actor=actor,
        values={"handed_over_on": handed_over_on, "health_told_on": health_told_on},
        audit="move_out.handed_over",
        payload={
            "council": move.receiving_council,
            "handed_over_on": handed_over_on,
            "health_told_on": health_told_on,
        },
        audit_state=True,
    )
    deadline_meet(move, Kind.MOVE_OUT_HANDOVER, handed_over_on)
    Deadline.objects.filter(case=move.case, met_on__isnull=True, cancelled=False).update(
        cancelled=True
    )
    case_stage_set(case_id=move.case_id, stage=CaseStage.TRANSFERRED, closed_on=handed_over_on)
    return move


# --- moving in -----------------------------------------------------------------------------


def _case_for(*, actor: User, child: Child, opened_on: datetime.date, officer) -> Case:
    """The case the incoming plan belongs to: the child's open case here (a child already on
    record, chosen by the officer from the duplicate check), else a new one."""
    case = (
        Case.objects.select_for_update()
        .filter(child=child, closed_on__isnull=True)
        .order_by("-opened_on")
        .first()
    )
    if case is None:
        return case_open(actor=actor, child=child, opened_on=opened_on, officer=officer)
    if not may(actor, case, Need.WORK):
        # as the duplicate check shows it: held elsewhere, the record is named with its team
        raise ValidationError(
            f"The child's open case {case.reference} is held by {case.team}: contact them to "
            "record the plan on it."
        )
    if Plan.objects.filter(case=case, state__in=MAINTAINED_STATES).exists():
        raise ValidationError(
            f"{child.full_name} already has a plan in force here on case {case.reference}."
        )
    return case


def _first_review_set(plan: Plan, move: MoveIn, last: datetime.date) -> AnnualReview:
    """The plan's first review here: by the later of 12 months from its last review (or issue)
    and 3 months from the transfer (reg 15(6)), stored as the review's own deadline."""
    review = AnnualReview.objects.select_for_update().get(plan=plan, state=ReviewState.SCHEDULED)
    review.due_on = deadlines.move_in_first_review_due(
        last, move.transferred_on, date_of_birth=plan.case.child.date_of_birth
    )
    review.save(update_fields=["due_on"])
    deadline_set(
        case=plan.case,
        obj=review,
        kind=Kind.ANNUAL_REVIEW,
        due_on=review.due_on,
        label=f"First review after the transfer from {move.from_council}",
    )
    return review


@transaction.atomic
def move_in_record(
    *,
    actor: User,
    child: Child | None = None,
    child_details: dict | None = None,
    family_details: dict | None = None,
    from_council: str,
    transferred_on: datetime.date,
    issued_on: datetime.date,
    last_reviewed_on: datetime.date | None,
    setting_id: int | None,
    placement_type: str = "",
    officer: User | None = None,
    today: datetime.date | None = None,
) -> MoveIn:
    """A plan passed on by the council the family moved from: it becomes a plan in force here,
    on a new child's new case (`child_details`), or on the case of a child already on record
    (`child`, the officer's choice after the duplicate check: their open case, else a new one),
    with the 6-week notice, the first review and the health commissioner's 15 working days
    stored."""
    today = today or timezone.localdate()
    if not can_record_request(actor):
        raise PermissionDenied("Only SEN case officers and managers record a plan moving in.")
    from_council = from_council.strip()
    if not from_council:
        raise ValidationError({"from_council": "Enter the council the family moved from"})
    child = child_arriving(
        actor=actor,
        child=child,
        child_details=child_details,
        family_details=family_details,
        today=today,
    )
    born = child.date_of_birth
    check_case_date(issued_on, field="issued_on", born_on=born, today=today)
    check_case_date(
        transferred_on,
        field="transferred_on",
        born_on=born,
        today=today,
        not_before=issued_on,
        before_label="the plan was first issued",
    )
    if last_reviewed_on is not None:
        check_case_date(
            last_reviewed_on,
            field="last_reviewed_on",
            born_on=born,
            today=today,
            not_before=issued_on,
            before_label="the plan was first issued",
        )
    case = _case_for(actor=actor, child=child, opened_on=transferred_on, officer=officer)
    plan = plan_services.plan_record_existing(
        actor=actor,
        case_id=case.pk,
        issued_on=issued_on,
        last_reviewed_on=last_reviewed_on,
        setting_id=setting_id,
        placement_type=placement_type,
        today=today,
    )
    move = MoveIn.objects.create(
        case=case,
        plan=plan,
        from_council=from_council,
        transferred_on=transferred_on,
        recorded_by=actor,
    )
    review = _first_review_set(plan, move, last_reviewed_on or issued_on)
    notice_due = deadlines.move_in_notice_due(transferred_on)
    deadline_set(case=case, obj=move, kind=Kind.MOVE_IN_NOTICE, due_on=notice_due)
    deadline_set(
        case=case,
        obj=move,
        kind=Kind.MOVE_IN_HEALTH,
        due_on=deadlines.move_in_health_due(transferred_on),
    )
    audit_on_case(
        move,
        "move_in.recorded",
        actor=actor,
        payload={
            "council": from_council,
            "transferred_on": transferred_on,
            "notice_due": notice_due,
            "review_due": review.due_on,
        },
        changes={"state": [None, move.state]},
    )
    return move


def _after_transfer(move: MoveIn, today: datetime.date, **dated: datetime.date) -> None:
    """Each date of what follows a plan moving in (the letter to the family, the health
    commissioner's answer): not ahead, and not before the plan reached this council."""
    for field, value in dated.items():
        check_date(
            value,
            field=field,
            born_on=None,
            not_before=move.transferred_on,
            today=today,
            before_label="the plan was transferred",
        )


@transaction.atomic
def move_in_tell_family(
    *,
    actor: User,
    move_id: int,
    will_reassess: bool,
    review_by: datetime.date,
    dated_on: datetime.date,
    version: int | None = None,
    today: datetime.date | None = None,
) -> MoveIn:
    """Tell the family that the council holds the plan, whether it will reassess and when it
    will review (reg 15(4)): the letter goes through the notice service, and the 6 weeks are met
    on the day it is sent."""
    today = today or timezone.localdate()
    move = _lock(MoveIn, move_id, version)
    _after_transfer(move, today, dated_on=dated_on)
    review = move.plan.reviews.filter(state=ReviewState.SCHEDULED).order_by("due_on").first()
    if review is not None and review_by > review.due_on:
        raise ValidationError(
            {
                "review_by": "The review must be by "
                f"{review.due_on:%-d %B %Y}, the later of 12 months from the last review and 3 "
                "months from the transfer"
            }
        )
    if review_by < dated_on:
        raise ValidationError({"review_by": "The review date must be after the letter's date"})
    before = move.state
    step_take(
        move.tell_family,
        actor=actor,
        values={"will_reassess": will_reassess, "review_by": review_by},
    )
    notice_create(
        actor=actor,
        case=move.case,
        kind="move_in",
        facts={
            "transferred_on": move.transferred_on,
            "from_council": move.from_council,
            "reassess": "We will carry out a new EHC needs assessment (a reassessment)."
            if will_reassess
            else "We will not carry out a new EHC needs assessment now.",
            "review_by": review_by,
        },
        decision=move,
        dated_on=dated_on,
    )
    audit_on_case(
        move,
        "move_in.family_told",
        actor=actor,
        payload={"dated_on": dated_on, "review_by": review_by, "reassess": will_reassess},
        changes={"state": [before, move.state]},
    )
    return move


@transaction.atomic
def move_in_health_answer(
    *,
    actor: User,
    move_id: int,
    answered_on: datetime.date,
    answer: str,
    today: datetime.date | None = None,
) -> MoveIn:
    """What the new health commissioner said within its 15 working days (reg 16): nothing
    needed, or a request for a review or an assessment."""
    today = today or timezone.localdate()
    move = _lock(MoveIn, move_id, None)
    if answer not in HealthAnswer.values:
        raise ValidationError({"answer": "Select what the health commissioner said"})
    _after_transfer(move, today, answered_on=answered_on)
    proceed(move.record_health_answer, actor)
    move.health_answered_on = answered_on
    move.health_answer = answer
    move.save(update_fields=["health_answered_on", "health_answer"])
    deadline_meet(move, Kind.MOVE_IN_HEALTH, answered_on)
    audit_on_case(
        move,
        "move_in.health_answered",
        actor=actor,
        payload={"answered_on": answered_on, "answer": move.get_health_answer_display()},
    )
    return move
