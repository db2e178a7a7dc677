"""Annual reviews: when the next one is due, scheduling it, invitations, the meeting, the
report and the council's decision."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases import services as case_services
from cases.deadlines import POST16_MOVE
from cases.models import CaseStage
from cases.models import DeadlineKind
from cases.models import Phase
from cases.models import User
from cases.notices.services import notice_for_decision
from cases.rules import check
from cases.services import case_stage_set
from cases.services import check_date
from cases.services.records import audit_on_case
from cases.services.records import record_lock
from cases.services.records import record_save
from cases.services.records import step_take
from cases.templatetags.govuk import in_a_sentence
from ehcp import notice_kinds
from ehcp.models import AnnualReview
from ehcp.models import Cessation
from ehcp.models import CessationState
from ehcp.models import Plan
from ehcp.models import ReviewDecision
from ehcp.models import ReviewState

from ._common import check_dates_after
from ._common import check_plan_date
from .amendments import _amendment_propose
from .cessation import _cessation_notify


def review_timing(
    *,
    period_starts: datetime.date,
    date_of_birth: datetime.date,
    from_infant_school: bool,
    transfer_handled: datetime.date | None = None,
    middle_school_years: tuple[int, int] | None = None,
    post16_move_on: datetime.date | None = None,
) -> tuple[datetime.date, deadlines.PhaseTransfer | None]:
    """When the next review is due, and the phase transfer it must prepare for, if any.

    Due by the end of the review period that starts on `period_starts` (the plan's first issue,
    or the day the last review's decision was sent): 12 months on (6 under 5). Earlier only for
    a phase transfer still ahead (reg 18): by the day that leaves time to amend the plan before
    its deadline, or by the deadline itself when that day has passed; never `period_starts`
    itself. `transfer_handled` is the reg 18 deadline the previous review already dealt with,
    so the same move does not pull the next one early. `middle_school_years` and
    `post16_move_on` come from the case (a middle-school area, a college student's move)."""
    due = deadlines.annual_review_due(period_starts, date_of_birth=date_of_birth)
    candidates = [
        deadlines.next_phase_transfer(
            date_of_birth,
            on,
            from_infant_school=from_infant_school,
            middle_school_years=middle_school_years,
        )
        for on in (period_starts, due)  # a transfer in this school year, or in the review's
    ]
    if post16_move_on is not None:
        candidates.insert(0, deadlines.post16_move_transfer(post16_move_on))
    for transfer in candidates:
        if (
            transfer is not None
            and transfer.deadline > period_starts
            and transfer.deadline != transfer_handled
        ):
            by = transfer.review_by if transfer.review_by > period_starts else transfer.deadline
            return min(due, by), transfer
    return due, None


def review_label(due: datetime.date, transfer) -> str:
    """What the review deadline is for: the phase transfer that brings it earlier, or (empty)
    the kind's own label, the end of the review period."""
    if transfer is not None and due in (transfer.review_by, transfer.deadline):
        return f"Review early for the phase transfer ({transfer.move})"
    return ""


def _review_rows(plan_id, team_id, due, transfer):
    review = AnnualReview(plan_id=plan_id, team_id=team_id, due_on=due)
    if transfer is not None:
        review.is_phase_transfer = True
        review.transfer_deadline = transfer.deadline
        review.transfer_to = (
            f"Year {transfer.into_year_group}" if transfer.into_year_group else "Reception"
        )
        if transfer.move == POST16_MOVE:
            review.transfer_to = "next post-16 institution"
    return review


def _review_deadlines(review: AnnualReview, case_id: int, transfer) -> list:
    from cases.models import Deadline

    content_type = ContentType.objects.get_for_model(AnnualReview)
    rows = [
        Deadline(
            case_id=case_id,
            kind=DeadlineKind.ANNUAL_REVIEW,
            content_type=content_type,
            object_id=review.pk,
            due_on=review.due_on,
            label=review_label(review.due_on, transfer),
        )
    ]
    if transfer is not None:
        wording = (
            deadlines.PHASE_TRANSFER_POST16_WORDING
            if transfer.post16
            else deadlines.PHASE_TRANSFER_WORDING
        )
        rows.append(
            Deadline(
                case_id=case_id,
                kind=DeadlineKind.PHASE_TRANSFER,
                content_type=content_type,
                object_id=review.pk,
                due_on=transfer.deadline,
                label=f"Amended plan naming the {review.transfer_to} setting ({wording})"
                if transfer.move != POST16_MOVE
                else "Amended plan naming the next post-16 institution (5 months before the move)",
            )
        )
    return rows


def _plan_review_timing(plan: Plan, period_starts, transfer_handled):
    child = plan.case.child
    setting = plan.placement_setting or child.current_setting
    return review_timing(
        period_starts=period_starts,
        date_of_birth=child.date_of_birth,
        from_infant_school=bool(setting and setting.phase == Phase.INFANT),
        transfer_handled=transfer_handled,
        middle_school_years=plan.case.middle_school_years,
        post16_move_on=plan.case.post16_move_on,
    )


def review_schedule(
    *, plan: Plan, period_starts: datetime.date, transfer_handled: datetime.date | None = None
) -> AnnualReview:
    """Schedule the plan's next review and store its deadlines."""
    from cases.models import Deadline

    due, transfer = _plan_review_timing(plan, period_starts, transfer_handled)
    review = _review_rows(plan.pk, plan.case.team_id, due, transfer)
    review.save()
    Deadline.objects.bulk_create(_review_deadlines(review, plan.case_id, transfer))
    return review


TIMED = (DeadlineKind.ANNUAL_REVIEW, DeadlineKind.PHASE_TRANSFER)


def _review_retime(
    review: AnnualReview, *, period_starts: datetime.date, transfer_handled: datetime.date | None
) -> AnnualReview:
    """Time a scheduled review again from a new start of its review period (the day the last
    review's decision was actually sent): its due date, its phase transfer and their stored
    deadlines (a deadline already met stays as it was)."""
    from cases.models import Deadline

    plan = Plan.objects.select_related("placement_setting", "case__child__current_setting").get(
        pk=review.plan_id
    )
    due, transfer = _plan_review_timing(plan, period_starts, transfer_handled)
    timed = _review_rows(plan.pk, plan.case.team_id, due, transfer)
    fields = ["due_on", "is_phase_transfer", "transfer_deadline", "transfer_to"]
    for name in fields:
        setattr(review, name, getattr(timed, name))
    review.save(update_fields=fields)
    stored = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(AnnualReview),
        object_id=review.pk,
        kind__in=TIMED,
    )
    stored.filter(met_on__isnull=True).delete()
    kept = set(stored.values_list("kind", flat=True))
    Deadline.objects.bulk_create(
        d for d in _review_deadlines(review, plan.case_id, transfer) if d.kind not in kept
    )
    return review


def review_period_start(review: AnnualReview) -> datetime.date | None:
    """Where the review period after a decided `review` starts: the day its decision was sent
    (`review_completed_on`). While the decision waits to go out, the day it was made stands in
    (never later than the truth, so the next review is never shown as due later than it is);
    the next review is timed again the day the decision is sent."""
    return review_completed_on(review) or review.decided_on


def reviews_follow_school_phases(*, case, actor) -> int:
    """The case's school phases changed (a middle-school area, a college move): a review not
    yet arranged (scheduled, no invitations sent) is timed again, with its phase transfer, from
    the same review period. Returns how many were re-timed."""
    from cases.models import Deadline

    review_type = ContentType.objects.get_for_model(AnnualReview)
    retimed = 0
    for review in AnnualReview.objects.select_for_update().filter(
        plan__case=case, state=ReviewState.SCHEDULED
    ):
        plan = Plan.objects.select_related("placement_setting", "case__child__current_setting").get(
            pk=review.plan_id
        )
        last = (
            AnnualReview.objects.filter(plan=plan, state=ReviewState.DECIDED)
            .order_by("-decided_on", "-pk")
            .first()
        )
        Deadline.objects.filter(
            content_type=review_type, object_id=review.pk, met_on__isnull=True
        ).delete()
        review.delete()
        review_schedule(
            plan=plan,
            period_starts=(review_period_start(last) if last else None)
            or plan.last_reviewed_on
            or plan.first_issued_on,
            transfer_handled=last.transfer_deadline if last else None,
        )
        retimed += 1
    return retimed


def review_completed_on(review: AnnualReview) -> datetime.date | None:
    """A review is complete on the day the council's decision after the meeting is sent: the
    day its notice is sent (`review_decision_sent`). The one definition (DOMAIN.md)."""
    return review.decision_sent_on


def _lock_review(review_id: int, version: int | None, actor: User) -> AnnualReview:
    return record_lock(
        AnnualReview.objects.select_related("plan__case__child"),
        review_id,
        actor=actor,
        version=version,
    )


def _review_step(review_id: int, version: int | None, actor: User, step: str) -> AnnualReview:
    """The review, locked, with its `step` checked: `actor` may take it now (else the review's
    state says why not)."""
    review = _lock_review(review_id, version, actor)
    check(getattr(review, step), actor)
    return review


def _after_meeting(review: AnnualReview, today: datetime.date, **dated: datetime.date) -> None:
    """Each date of what follows the meeting (the report received, the decision): not ahead,
    and not before the meeting was held."""
    check_dates_after(review.held_on, before_label="the meeting", today=today, **dated)


@transaction.atomic
def review_invite(
    *,
    actor: User,
    review_id: int,
    version: int | None,
    meeting_on: datetime.date,
    invitations_sent_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReview:
    """Invite everyone with at least 2 weeks' notice. The advice is circulated 2 weeks before
    the meeting too: the officer records the day it went (`review_record_advice_circulated`)."""
    today = today or timezone.localdate()
    review = _review_step(review_id, version, actor, "send_invitations")
    check_plan_date(invitations_sent_on, plan=review.plan, field="invitations_sent_on", today=today)
    notice_by = deadlines.review_invitations_due(meeting_on)
    if invitations_sent_on > notice_by:
        raise ValidationError(
            {
                "meeting_on": "Everyone must have at least 2 weeks' notice: invitations sent on "
                f"{invitations_sent_on:%-d %B %Y} allow a meeting on {deadlines.add_weeks(invitations_sent_on, 2):%-d %B %Y} at the earliest."
            }
        )
    step_take(
        review.send_invitations,
        actor=actor,
        values={"meeting_on": meeting_on, "invitations_sent_on": invitations_sent_on},
        audit="review.invited",
        payload={"meeting_on": meeting_on, "notice_by": notice_by},
        audit_state=True,
    )
    case_stage_set(case_id=review.plan.case_id, stage=CaseStage.REVIEW)
    return review


@transaction.atomic
def review_record_advice_circulated(
    *,
    actor: User,
    review_id: int,
    version: int | None,
    circulated_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReview:
    """The day the advice and information went to everyone invited, as the officer records it
    (reg 20(4) asks for at least 2 weeks before the meeting: a later day is recorded as it was)."""
    today = today or timezone.localdate()
    review = _review_step(review_id, version, actor, "record_advice_circulated")
    check_plan_date(circulated_on, plan=review.plan, field="circulated_on", today=today)
    step_take(
        review.record_advice_circulated,
        actor=actor,
        values={"advice_circulated_on": circulated_on},
        audit="review.advice_circulated",
        payload={"circulated_on": circulated_on},
    )
    return review


@transaction.atomic
def review_hold_meeting(
    *,
    actor: User,
    review_id: int,
    version: int | None,
    held_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReview:
    """The meeting was held: the report is due in 2 weeks, the decision in 4 (reg 20)."""
    today = today or timezone.localdate()
    review = _review_step(review_id, version, actor, "hold_meeting")
    check_date(
        held_on,
        field="held_on",
        not_before=review.invitations_sent_on,
        today=today,
        before_label="the invitations were sent",
    )
    step_take(
        review.hold_meeting,
        actor=actor,
        values={"held_on": held_on},
        audit="review.meeting_held",
        payload={"held_on": held_on},
        audit_state=True,
    )
    case_services.deadline_set(
        case=review.plan.case,
        obj=review,
        kind=DeadlineKind.REVIEW_REPORT,
        due_on=deadlines.review_report_due(held_on),
    )
    case_services.deadline_set(
        case=review.plan.case,
        obj=review,
        kind=DeadlineKind.REVIEW_DECISION,
        due_on=deadlines.review_decision_due(held_on),
    )
    return review


@transaction.atomic
def review_record_report(
    *,
    actor: User,
    review_id: int,
    received_on: datetime.date,
    today: datetime.date | None = None,
) -> AnnualReview:
    today = today or timezone.localdate()
    review = _review_step(review_id, None, actor, "receive_report")
    _after_meeting(review, today, received_on=received_on)
    step_take(
        review.receive_report,
        actor=actor,
        values={"report_received_on": received_on},
        audit="review.report_received",
        payload={"received_on": received_on},
    )
    case_services.deadline_meet(review, DeadlineKind.REVIEW_REPORT, received_on)
    return review


def _review_notice(
    review: AnnualReview,
    *,
    actor: User,
    told_on: datetime.date,
    sent_on: datetime.date | None,
    today: datetime.date,
    cessation: Cessation | None,
) -> None:
    """The review decision's notice: keep the plan, change it (with the proposed changes and
    the 15 days to comment, reg 22), or end it (reg 31, with the reason). With `sent_on`, it
    went outside this service that day; otherwise this service sends it now. Either way the
    kinds' hook completes the review on the day it is sent (`review_decision_sent`)."""
    extra = {}
    if review.decision == ReviewDecision.AMEND:
        extra = notice_kinds.proposals_facts(told_on)
    elif review.decision == ReviewDecision.CEASE:
        extra = {"reason": in_a_sentence(cessation.get_reason_display())}
    kind = {
        ReviewDecision.MAINTAIN: "review_maintain",
        ReviewDecision.AMEND: "review_amend",
        ReviewDecision.CEASE: "cease",
    }[review.decision]
    notice_for_decision(
        actor=actor,
        case=review.plan.case,
        kind=kind,
        facts={"decided_on": review.decided_on, **extra},
        decision=review,
        today=today,
        sent_on=sent_on,
    )


@transaction.atomic
def review_decide(
    *,
    actor: User,
    review_id: int,
    version: int | None,
    decision: str,
    decided_on: datetime.date,
    reasons: str,
    sent_on: datetime.date | None = None,
    evidence: str = "",
    today: datetime.date | None = None,
) -> AnnualReview:
    """The council's decision after the meeting, due to be sent within 4 weeks (reg 20(10)):
    maintain, amend (the proposals go with the notice) or cease (after informing and
    consulting). Its notice, with the rights its kind carries, goes out through this service
    now, or, with `sent_on`, went outside it that day. The review is complete, and the next
    one's 12 months start, on the day that notice is sent (`review_decision_sent`); the next
    review is scheduled now and timed again then."""
    today = today or timezone.localdate()
    review = _lock_review(review_id, version, actor)
    plan = Plan.objects.select_for_update().get(pk=review.plan_id)
    review.plan = plan
    check(review.decide, actor)
    _after_meeting(review, today, decided_on=decided_on)
    if sent_on is not None:
        check_date(
            sent_on,
            field="sent_on",
            not_before=decided_on,
            today=today,
            before_label="the decision",
        )
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": "Choose whether to maintain, amend or cease the plan."})
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for the decision."})
    # the day the letter goes, at the earliest: the proposals' 15 days and the appeal run from it
    told_on = sent_on or today
    cessation = None
    if decision == ReviewDecision.AMEND:
        amendment = _amendment_propose(
            plan, actor=actor, review=review, sent_on=told_on, evidence=evidence
        )
    if decision == ReviewDecision.CEASE:
        cessation = plan.cessations.filter(state=CessationState.CONSULTING).first()
        if cessation is None:
            raise ValidationError(
                {
                    "decision": "Before deciding to cease, inform the family that ceasing is being "
                    'considered and consult them and the setting ("Consider ceasing the plan").'
                }
            )
        cessation.plan = plan
        check(cessation.notify_with_review_decision, actor)
        _cessation_notify(cessation.notify_with_review_decision, cessation, notified_on=told_on)
    before = review.state
    review.decide()
    review.decision, review.decided_on = decision, decided_on
    review.decision_reasons = reasons.strip()
    record_save(review, "state", "decision", "decided_on", "decision_reasons")
    # a report that never came no longer matters once the decision is made
    case_services.deadlines_cancel(review, [DeadlineKind.REVIEW_REPORT])
    # a phase transfer is met only by the amended plan naming the next setting (reg 18), never
    # by maintaining the plan with the old one
    case_stage_set(case_id=plan.case_id, stage=CaseStage.PLAN)
    review_schedule(
        plan=plan,
        period_starts=review_period_start(review),
        transfer_handled=review.transfer_deadline,
    )
    audit_on_case(
        review,
        "review.decision_made",
        actor=actor,
        payload={
            "decided_on": decided_on,
            "decision": in_a_sentence(review.get_decision_display()),
        },
        changes={"state": [before, review.state], "decision": ["", decision]},
    )
    if decision == ReviewDecision.AMEND:
        audit_on_case(
            amendment,
            "amendment.proposed_with_review",
            actor=actor,
            payload={"sent_on": told_on},
        )
    # its 4 weeks (reg 20(10)) and the review itself are completed the day this is sent
    _review_notice(
        review, actor=actor, told_on=told_on, sent_on=sent_on, today=today, cessation=cessation
    )
    review.refresh_from_db()
    return review


def review_decision_sent(
    *, actor: User | None, review_id: int, sent_on: datetime.date
) -> AnnualReview | None:
    """The review decision's notice was sent on `sent_on` (called by its kinds' `on_sent` hook,
    in the transaction that records the sending; `actor` None when the system emailed it): the
    review is complete that day (`review_completed_on`), its annual review limit is met then,
    and the next review, scheduled when the decision was made, is timed again from that day.
    The first sending stands: a second letter changes nothing."""
    review = (
        AnnualReview.objects.select_for_update()
        .select_related("plan__case__child")
        .get(pk=review_id)
    )
    if review.state != ReviewState.DECIDED or review.decision_sent_on is not None:
        return None
    review.decision_sent_on = sent_on
    record_save(review, "decision_sent_on")
    case_services.deadline_meet(review, DeadlineKind.ANNUAL_REVIEW, review_completed_on(review))
    following = review.plan.reviews.exclude(state=ReviewState.DECIDED).first()
    if following is not None:
        _review_retime(
            following,
            period_starts=review_period_start(review),
            transfer_handled=review.transfer_deadline,
        )
    payload = {"sent_on": sent_on, "decision": in_a_sentence(review.get_decision_display())}
    amending = review.decision == ReviewDecision.AMEND
    if amending:
        response = (
            case_services.deadlines_of(review.amendments.get(), [DeadlineKind.AMENDMENT_RESPONSE])
            .values_list("due_on", flat=True)
            .first()
        )
        payload["due_back_on"] = response or deadlines.draft_response_due(sent_on)
    audit_on_case(
        review,
        "review.decided_amend" if amending else "review.decided",
        actor=actor,
        payload=payload,
    )
    return review
