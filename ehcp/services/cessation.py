"""Ceasing a plan: considering it, sending the decision, closing the plan or keeping it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases import services as case_services
from cases.models import CaseStage
from cases.models import DeadlineKind
from cases.models import User
from cases.rules import ConcurrentChange
from cases.rules import check
from cases.services import case_stage_set
from cases.services import check_date
from cases.services.records import audit_on_case
from cases.services.records import record_update
from cases.services.records import step_take
from cases.templatetags.govuk import in_a_sentence
from ehcp import appeals
from ehcp import notice_kinds
from ehcp.models import MAINTAINED_STATES
from ehcp.models import AnnualReview
from ehcp.models import CeaseReason
from ehcp.models import Cessation
from ehcp.models import CessationState
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import ReviewState

from ._common import _lock_plan
from ._common import _touch
from ._common import check_dates_after
from ._common import check_plan_date


@transaction.atomic
def cessation_start(
    *,
    actor: User,
    plan_id: int,
    reason: str,
    family_informed_on: datetime.date,
    setting_consulted_on: datetime.date | None = None,
    notes: str = "",
    today: datetime.date | None = None,
) -> Cessation:
    """Tell the family ceasing is being considered, and consult them and the setting (regs 29,
    30): the notice says so, why, and how to give their views, with a copy to the school or
    college. `family_informed_on` before today: it went outside this service that day; today:
    this service sends it now."""
    today = today or timezone.localdate()
    plan = _lock_plan(plan_id, None, actor)
    if plan.state not in MAINTAINED_STATES:
        raise ValidationError("Only a plan in force can be ceased.")
    check_plan_date(family_informed_on, plan=plan, field="family_informed_on", today=today)
    if setting_consulted_on is not None:
        check_plan_date(setting_consulted_on, plan=plan, field="setting_consulted_on", today=today)
    child = plan.case.child
    age = deadlines.age_on(child.date_of_birth, family_informed_on)
    if reason == CeaseReason.NOT_ENGAGING and age < 18:
        raise ValidationError(
            {
                "reason": "A young person under 18 who is out of education or training keeps their "
                "plan: review and amend it to get them back into education instead."
            }
        )
    if reason == CeaseReason.AGE_25 and age < 25:
        raise ValidationError(
            {
                "reason": f"{child.full_name} is {age}: a plan may be kept until the end of the "
                "academic year in which the young person turns 25."
            }
        )
    cessation = Cessation.objects.create(
        plan=plan,
        reason=reason,
        family_informed_on=family_informed_on,
        setting_consulted_on=setting_consulted_on,
        notes=notes.strip(),
        review=plan.reviews.exclude(state=ReviewState.DECIDED).first(),
    )
    audit_on_case(
        cessation,
        "cessation.considered",
        actor=actor,
        payload={
            "informed_on": family_informed_on,
            "reason": in_a_sentence(cessation.get_reason_display()),
        },
    )
    notice_kinds.plan_notify(
        actor=actor,
        plan=plan,
        kind="ceasing_considered",
        decision=cessation,
        on=family_informed_on,
        today=today,
        **notice_kinds.ceasing_considered_facts(
            family_informed_on, in_a_sentence(cessation.get_reason_display())
        ),
    )
    return cessation


def _lock_cessation(cessation_id: int, actor: User) -> Cessation:
    """The cessation and its plan, locked in that order; the actor works on the plan's case."""
    cessation = Cessation.objects.select_for_update().get(pk=cessation_id)
    cessation.plan = _lock_plan(cessation.plan_id, None, actor)
    return cessation


def _after_informed(cessation: Cessation, today: datetime.date, **dated: datetime.date) -> None:
    """Each date of a later step of ceasing (the setting consulted, the decision sent, the plan
    kept after all): not ahead, and not before the family was told ceasing was being considered,
    where every one of them starts."""
    check_dates_after(
        cessation.family_informed_on,
        before_label="the family was told ceasing was being considered",
        today=today,
        **dated,
    )


def _cessation_notify(send, cessation: Cessation, *, notified_on: datetime.date) -> None:
    """The decision to cease is made: its notice (reg 31, with the rights of appeal) goes now,
    or went on `notified_on`; the appeal period starts the day it is sent (`cessation_sent`)."""
    send()
    cessation.save(update_fields=["state"])


def cessation_sent(*, actor: User | None, plan_id: int, sent_on: datetime.date) -> None:
    """The decision to cease was sent on `sent_on` (the notice's `on_sent` hook): the day its
    appeal period runs from, kept on the cessation. The first sending stands."""
    cessation = (
        Cessation.objects.select_for_update()
        .select_related("plan__case")
        .filter(plan_id=plan_id, state=CessationState.NOTIFIED, notified_on__isnull=True)
        .first()
    )
    if cessation is None:
        return
    record_update(
        cessation,
        {"notified_on": sent_on},
        actor=actor,
        audit="cessation.notified",
        payload={
            "notified_on": sent_on,
            "appeal_ends_on": appeals.appeal_period_ends(cessation.plan.case, sent_on),
        },
    )


@transaction.atomic
def cessation_notify(
    *,
    actor: User,
    cessation_id: int,
    notified_on: datetime.date,
    today: datetime.date | None = None,
) -> Cessation:
    """Send the decision to cease (outside a review): its notice carries the rights of appeal
    and mediation. `notified_on` before today: it went outside this service that day; today:
    this service sends it now. The appeal period runs from the day it is sent."""
    today = today or timezone.localdate()
    cessation = _lock_cessation(cessation_id, actor)
    plan = cessation.plan
    check(cessation.send_decision, actor)
    _after_informed(cessation, today, notified_on=notified_on)
    _cessation_notify(cessation.send_decision, cessation, notified_on=notified_on)
    notice_kinds.plan_notify(  # the notice of reg 31, with the rights of appeal
        actor=actor,
        plan=plan,
        kind="cease",
        decision=cessation,
        on=notified_on,
        today=today,
        decided_on=notified_on,
        reason=in_a_sentence(cessation.get_reason_display()),
    )
    cessation.refresh_from_db()
    return cessation


@transaction.atomic
def cessation_complete(
    *,
    actor: User,
    cessation_id: int,
    ceased_on: datetime.date,
    today: datetime.date | None = None,
) -> Plan:
    """Close the plan. It stays in force until the appeal period has passed (and any appeal is
    decided: an appeal is recorded on the case as an open deadline, which blocks this)."""
    today = today or timezone.localdate()
    cessation = _lock_cessation(cessation_id, actor)
    plan = cessation.plan
    check(cessation.cease, actor)  # sent, with its letter: the transition's rule
    check_date(
        ceased_on,
        field="ceased_on",
        not_before=cessation.notified_on,
        today=today,
        before_label="the decision was sent",
    )
    appeal_ends = appeals.appeal_period_ends(plan.case, cessation.notified_on)
    if ceased_on <= appeal_ends:
        raise ValidationError(
            {
                "ceased_on": f"The plan stays in force until the appeal period ends on {appeal_ends:%-d %B %Y}."
            }
        )
    step_take(cessation.cease, actor=actor, values={"ceased_on": ceased_on})
    plan.cease()
    plan.ceased_on, plan.cease_reason = ceased_on, cessation.reason
    _touch(plan, "state", "ceased_on", "cease_reason")
    open_reviews = list(plan.reviews.exclude(state=ReviewState.DECIDED))
    for review in open_reviews:
        case_services.deadlines_cancel(
            review,
            [
                DeadlineKind.ANNUAL_REVIEW,
                DeadlineKind.PHASE_TRANSFER,
                DeadlineKind.REVIEW_REPORT,
                DeadlineKind.REVIEW_DECISION,
            ],
        )
    # reviews that will never happen go; a cessation considered at one keeps its record
    Cessation.objects.filter(review__in=open_reviews).update(review=None)
    AnnualReview.objects.filter(pk__in=[r.pk for r in open_reviews]).delete()
    case_stage_set(case_id=plan.case_id, stage=CaseStage.CEASED, closed_on=ceased_on)
    audit_on_case(
        plan,
        "plan.ceased",
        actor=actor,
        payload={"ceased_on": ceased_on, "reason": in_a_sentence(cessation.get_reason_display())},
        changes={"state": [PlanState.FINAL, PlanState.CEASED]},
    )
    return plan


@transaction.atomic
def cessation_withdraw(
    *,
    actor: User,
    cessation_id: int,
    decided_on: datetime.date,
    reasons: str,
    today: datetime.date | None = None,
) -> Cessation:
    """The council decides to keep the plan after all: the family is told and nothing ceases."""
    today = today or timezone.localdate()
    cessation = _lock_cessation(cessation_id, actor)
    if cessation.state not in (CessationState.CONSULTING, CessationState.NOTIFIED):
        raise ConcurrentChange("This cessation has already been settled.")
    _after_informed(cessation, today, decided_on=decided_on)
    if not reasons.strip():
        raise ValidationError({"reasons": "Say why the plan is being kept."})
    cessation.withdraw()
    cessation.notes = "\n".join(
        filter(None, [cessation.notes, f"Kept on {decided_on:%-d %B %Y}: {reasons.strip()}"])
    )
    cessation.save(update_fields=["state", "notes"])
    audit_on_case(
        cessation,
        "cessation.withdrawn",
        actor=actor,
        payload={"decided_on": decided_on, "reasons": reasons.strip()},
    )
    return cessation


@transaction.atomic
def cessation_record_setting_consulted(
    *,
    actor: User,
    cessation_id: int,
    consulted_on: datetime.date,
    today: datetime.date | None = None,
) -> Cessation:
    """The school or college was consulted about ceasing the plan (reg 29): recorded before the
    decision can be sent."""
    today = today or timezone.localdate()
    cessation = _lock_cessation(cessation_id, actor)
    check(cessation.record_setting_consulted, actor)
    _after_informed(cessation, today, consulted_on=consulted_on)
    record_update(
        cessation,
        {"setting_consulted_on": consulted_on},
        actor=actor,
        audit="cessation.setting_consulted",
        payload={"consulted_on": consulted_on},
    )
    return cessation
