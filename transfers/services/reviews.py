"""The steps of a transfer review of a statement or an LDA (SI 2014/2270 art. 17), one service
each: lock the row, check the step (`cases.rules.proceed`: access, state, conditions), check the
dates, run the FSM transition, save the changed fields, audit.

planned -> family notified (at least 2 weeks before the review starts, with an invitation to
meet an officer: a notice through `cases.notices`) -> assessing -> draft plan -> final EHC plan
(a plan record here, its first review scheduled) | no plan needed. The transfer time limit
(`cases.deadlines.transfer_review_due`) is stored when the review's start is fixed. Each of the
draft, the final plan and "no plan needed" is told in writing by its notice
(`transfers/notice_kinds.py`), which goes out through this service now, or, for a step dated
before today, went outside it that day. The limit is met the day the final plan's or the "no
plan" notice is sent (its `on_sent` hook), and the family's 15 days on the draft begin the day
the draft's notice is sent: never the day the officer records the step.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.models import CaseStage
from cases.models import DeadlineKind
from cases.models import User
from cases.notices.services import already_sent
from cases.notices.services import notice_create
from cases.notices.services import notice_for_decision
from cases.rules import check
from cases.services import case_stage_set
from cases.services import deadline_set
from cases.services import deadlines_cancel
from cases.services import deadlines_of
from cases.services.records import record_lock
from cases.services.records import step_take
from cases.validation import check_case_date
from cases.validation import long_date
from ehcp.models import Plan
from transfers.models import TransferReview
from transfers.models import TransferState

from .legacy_import import _plan_create

DEADLINE_KIND = "transfer_review"


def _lock(review_id: int, version: int | None, actor: User) -> TransferReview:
    return record_lock(
        TransferReview.objects.select_related(
            "case", "case__child", "legacy_record", "legacy_record__setting"
        ),
        review_id,
        actor=actor,
        version=version,
        of=("self",),
    )


def _begin(
    actor, review_id, version, transition: str, *, field, value, today, after="", after_label=""
) -> TransferReview:
    """Lock the review, check the step may be taken now by `actor`, and check its date: not in
    the future, not before the child was born, nor before the step it follows (`after`)."""
    review = _lock(review_id, version, actor)
    check(getattr(review, transition), actor)
    check_case_date(
        value,
        field=field,
        born_on=review.case.child.date_of_birth,
        today=today or timezone.localdate(),
        not_before=getattr(review, after) if after else None,
        before_label=after_label,
    )
    return review


def _save(step, actor, action: str, payload: dict, **changes) -> TransferReview:
    """Take the step `_begin` checked, with its `changes`; the audit entry shows the state it
    moved from and to."""
    step_take(step, actor=actor, values=changes, audit=action, payload=payload, audit_state=True)
    return step.__self__


@transaction.atomic
def transfer_review_notify(
    *,
    actor: User,
    review_id: int,
    version: int | None = None,
    notified_on: datetime.date,
    starts_on: datetime.date,
    meeting_offered: str,
    today: datetime.date | None = None,
) -> TransferReview:
    """The family is told the date the review starts (at least 2 weeks ahead) and invited to
    meet an officer; the transfer time limit is stored from the start."""
    review = _begin(
        actor, review_id, version, "notify", field="notified_on", value=notified_on, today=today
    )
    earliest = deadlines.transfer_review_earliest_start(notified_on)
    if starts_on < earliest:
        raise ValidationError(
            {
                "starts_on": "The review must start at least 2 weeks after the family is told: "
                f"on or after {long_date(earliest)}"
            }
        )
    meeting_offered = meeting_offered.strip()
    if not meeting_offered:
        raise ValidationError({"meeting_offered": "Enter the meeting offered to the family"})
    _save(
        review.notify,
        actor,
        "transfer.notified",
        {"starts_on": starts_on, "notified_on": notified_on},
        notified_on=notified_on,
        starts_on=starts_on,
        meeting_offered=meeting_offered,
    )
    due = deadlines.transfer_review_due(starts_on)
    deadline_set(case=review.case, obj=review, kind=DEADLINE_KIND, due_on=due)
    notice = notice_create(
        actor=actor,
        case=review.case,
        kind="transfer_review_start",
        facts={"starts_on": starts_on, "meeting": meeting_offered, "concluded_by": due},
        decision=review,
        dated_on=notified_on,
    )
    if notice.held:
        # The 2 weeks' notice runs from telling the family: with nobody to tell, the review
        # cannot be recorded as notified (and everything above rolls back).
        raise ValidationError(
            "There is nobody to send the notice to: record the family's contact details first."
        )
    return review


@transaction.atomic
def transfer_review_start_assessment(
    *,
    actor: User,
    review_id: int,
    version: int | None = None,
    started_on: datetime.date,
    today: datetime.date | None = None,
) -> TransferReview:
    review = _begin(
        actor,
        review_id,
        version,
        "start_assessment",
        field="started_on",
        value=started_on,
        today=today,
        after="starts_on",
        after_label="the review was due to start, as the family was told",
    )
    return _save(
        review.start_assessment,
        actor,
        "transfer.assessing",
        {"started_on": started_on},
        assessing_from=started_on,
    )


@transaction.atomic
def transfer_review_issue_draft(
    *,
    actor: User,
    review_id: int,
    version: int | None = None,
    issued_on: datetime.date,
    today: datetime.date | None = None,
) -> TransferReview:
    review = _begin(
        actor,
        review_id,
        version,
        "issue_draft",
        field="issued_on",
        value=issued_on,
        today=today,
        after="assessing_from",
        after_label="the assessment started",
    )
    _save(
        review.issue_draft,
        actor,
        "transfer.draft_issued",
        {"issued_on": issued_on},
        draft_issued_on=issued_on,
    )
    # reg 13: the draft goes with the 15 days to comment and ask for a school, and where the
    # information about schools is; the 15 days are stored the day it is sent (its hook)
    _notify(
        review,
        actor,
        "transfer_draft_plan",
        on=issued_on,
        today=today,
        served_on=issued_on,
        response_due=deadlines.draft_response_due(issued_on),
    )
    return review


def _notify(review: TransferReview, actor, kind: str, *, on, today, setting=None, **facts):
    """The step's notice, in its transaction: dated before today, the letter went outside this
    service that day (recorded as sent then); dated today, it goes out through this service now
    and counts from the day it actually goes (the email sent, or the letter marked posted)."""
    notice_for_decision(
        actor=actor,
        case=review.case,
        kind=kind,
        facts=facts,
        decision=review,
        today=today or timezone.localdate(),
        sent_on=already_sent(on, today or timezone.localdate()),
        setting=setting,
    )


def transfer_review_draft_sent(*, notice, sent_on: datetime.date, actor=None) -> None:
    """The draft plan's notice was sent (its kind's `on_sent` hook, in the transaction that
    records the sending): the family's 15 days to comment begin that day (reg 13(1)). The first
    sending stands: a second letter changes nothing."""
    review = TransferReview.objects.filter(pk=notice.decision_id).select_related("case").first()
    if review is None or review.state != TransferState.DRAFT:
        return
    if deadlines_of(review, [DeadlineKind.DRAFT_RESPONSE]).exists():
        return
    deadline_set(
        case=review.case,
        obj=review,
        kind=DeadlineKind.DRAFT_RESPONSE,
        due_on=deadlines.draft_response_due(sent_on),
    )


@transaction.atomic
def transfer_review_issue_final(
    *,
    actor: User,
    review_id: int,
    version: int | None = None,
    issued_on: datetime.date,
    today: datetime.date | None = None,
) -> TransferReview:
    """The final EHC plan: a plan record here, in force, with its first review scheduled, and
    its notice with the rights to appeal and to mediation (reg 14), a copy to the school or
    college it names; the transfer time limit is met on the day that notice is sent."""
    review = _begin(
        actor,
        review_id,
        version,
        "issue_final",
        field="issued_on",
        value=issued_on,
        today=today,
        after="draft_issued_on",
        after_label="the draft plan was issued",
    )
    # The family's 15 days on the draft (reg 13(1)) run from the day its letter was sent: the
    # final plan comes after them, as on a request (`cases.services.issuing`).
    response = deadlines_of(review, [DeadlineKind.DRAFT_RESPONSE]).first()
    if response is None:
        raise ValidationError(
            {"issued_on": "The draft plan's letter has not been sent yet: send it first."}
        )
    if not response.cancelled and issued_on <= response.due_on:
        raise ValidationError(
            {
                "issued_on": "The family has until "
                f"{response.due_on:%-d %B %Y} to comment on the draft. Issue the final plan "
                "after that day."
            }
        )
    if Plan.objects.filter(case=review.case).live().exists():
        raise ValidationError("This case already has an EHC plan: there is no plan to issue.")
    record = review.legacy_record
    setting = record.setting or review.case.child.current_setting
    plan = _plan_create(
        review.case,
        {"issued_on": issued_on, "last_reviewed_on": None, "setting": setting},
    )
    record.plan = plan
    record.save(update_fields=["plan", "updated_at"])
    _save(
        review.issue_final,
        actor,
        "transfer.final_issued",
        {"issued_on": issued_on},
        concluded_on=issued_on,
        plan=plan,
    )
    # the family's comments on the draft no longer fall due once the final plan is issued
    deadlines_cancel(review, [DeadlineKind.DRAFT_RESPONSE])
    case_stage_set(case_id=review.case_id, stage=CaseStage.PLAN)
    _notify(
        review,
        actor,
        "transfer_final_plan",
        on=issued_on,
        today=today,
        setting=setting,
        issued_on=issued_on,
    )
    return review


@transaction.atomic
def transfer_review_conclude_no_plan(
    *,
    actor: User,
    review_id: int,
    version: int | None = None,
    decided_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> TransferReview:
    """No EHC plan is needed: the statement or LDA ends. The family is told with the rights to
    appeal and to mediation; the limit is met on the day that notice is sent."""
    review = _begin(
        actor,
        review_id,
        version,
        "conclude_no_plan",
        field="decided_on",
        value=decided_on,
        today=today,
        after="assessing_from",
        after_label="the assessment started",
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why no EHC plan is needed"})
    _save(
        review.conclude_no_plan,
        actor,
        "transfer.no_plan",
        {"decided_on": decided_on, "reason": reason},
        concluded_on=decided_on,
        no_plan_reason=reason,
    )
    deadlines_cancel(review, [DeadlineKind.DRAFT_RESPONSE])
    case_stage_set(case_id=review.case_id, stage=CaseStage.NOT_ISSUING)
    _notify(
        review,
        actor,
        "transfer_no_plan",
        on=decided_on,
        today=today,
        decided_on=decided_on,
        reason=reason[:1].lower() + reason[1:],
    )
    return review
