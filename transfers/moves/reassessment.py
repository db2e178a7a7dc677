"""Reassessment of a plan in force (SEND Regs 2014 regs 24 to 27), step by step.

A request (from the family, a setting, or the council's own view) is decided within 15 days:
refused (within 6 months of the last assessment, or not necessary) with a notice carrying the
appeal and mediation rights, or agreed, which opens the co-ordinated assessment again
(`cases.services.reassessment`: the same advice requests and limits). The family is told either
way through the notice service; the 15 days are met on the day that letter is sent, and an
agreed reassessment's 14 weeks for the amended or replaced plan start that day too."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.models import DeadlineKind
from cases.models import User
from cases.notices.services import notice_create
from cases.rules import proceed
from cases.services import check_date
from cases.services import deadline_meet
from cases.services import deadline_set
from cases.services import deadlines_cancel
from cases.services.reassessment import reassessment_assessment_finish
from cases.services.reassessment import reassessment_assessment_open
from cases.services.records import audit_on_case
from cases.services.records import record_save
from cases.services.records import step_take
from cases.templatetags.govuk import in_a_sentence
from ehcp import services as plan_services
from ehcp.models import AmendmentState
from ehcp.models import Plan
from ehcp.models import PlanState

from .clock import Kind
from .models import ASSESSMENT_SOURCE
from .models import Reassessment
from .models import ReassessmentOutcome
from .models import ReassessmentState
from .models import RefusalGround
from .services import _case_with_plan
from .services import _lock


@transaction.atomic
def reassessment_request(
    *,
    actor: User,
    case_id: int,
    source: str,
    requester_name: str,
    channel: str,
    requested_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> Reassessment:
    """Record a request for reassessment: the decision is due within 15 days (reg 24)."""
    today = today or timezone.localdate()
    case, plan = _case_with_plan(case_id, actor)
    if case.reassessments.filter(
        state__in=[ReassessmentState.REQUESTED, ReassessmentState.AGREED]
    ).exists():
        raise ValidationError("A reassessment is already open on this case.")
    check_date(
        requested_on,
        field="requested_on",
        born_on=case.child.date_of_birth,
        not_before=plan.first_issued_on,
        today=today,
        before_label="the plan was first issued",
    )
    reassessment = Reassessment.objects.create(
        case=case,
        plan=plan,
        source=source,
        requester_name=requester_name,
        channel=channel,
        requested_on=requested_on,
        reason=reason,
        last_assessed_on=plan.request.final_issued_on if plan.request_id else None,
        created_by=actor,
    )
    due = deadlines.reassessment_decision_due(requested_on)
    deadline_set(case=case, obj=reassessment, kind=Kind.REASSESSMENT_DECISION, due_on=due)
    audit_on_case(
        reassessment,
        "reassessment.requested",
        actor=actor,
        payload={
            "source": in_a_sentence(reassessment.get_source_display()),
            "requested_on": requested_on,
            "due_on": due,
        },
        changes={"state": [None, reassessment.state]},
    )
    return reassessment


def _refusal_check(reassessment: Reassessment, ground: str, last_assessed_on) -> None:
    if ground not in RefusalGround.values:
        raise ValidationError({"refusal_ground": "Select why the council will not reassess"})
    if ground != RefusalGround.RECENT:
        return
    if last_assessed_on is None:
        raise ValidationError({"last_assessed_on": "Enter the date of the last assessment"})
    until = deadlines.reassessment_recent_until(last_assessed_on)
    if reassessment.requested_on > until:
        raise ValidationError(
            {
                "refusal_ground": "The last assessment was more than 6 months before the request "
                f"(it could be refused on this ground until {until:%-d %B %Y}): refuse only if a "
                "further assessment is not necessary"
            }
        )


@transaction.atomic
def reassessment_decide(
    *,
    actor: User,
    reassessment_id: int,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    refusal_ground: str = "",
    last_assessed_on: datetime.date | None = None,
    version: int | None = None,
    today: datetime.date | None = None,
) -> Reassessment:
    """The panel's decision whether to reassess, told to the family in a letter: a refusal with
    the rights to appeal and to mediation; an agreement opens the co-ordinated assessment."""
    today = today or timezone.localdate()
    reassessment = _lock(Reassessment, reassessment_id, version)
    check_date(
        decided_on,
        field="decided_on",
        born_on=None,
        not_before=reassessment.requested_on,
        today=today,
        before_label="the request",
    )
    if last_assessed_on is not None:
        check_date(
            last_assessed_on,
            field="last_assessed_on",
            born_on=reassessment.case.child.date_of_birth,
            not_before=None,
            today=today,
        )
        if last_assessed_on > reassessment.requested_on:
            raise ValidationError(
                {"last_assessed_on": "The last assessment must be before the request"}
            )
    if not agreed:
        _refusal_check(reassessment, refusal_ground, last_assessed_on)
    before = reassessment.state
    proceed(reassessment.agree if agreed else reassessment.refuse, actor)
    reassessment.decided_on = decided_on
    reassessment.decided_by = actor
    reassessment.decision_reason = reason
    reassessment.refusal_ground = "" if agreed else refusal_ground
    reassessment.last_assessed_on = last_assessed_on or reassessment.last_assessed_on
    fields = ["decided_on", "decided_by", "decision_reason", "refusal_ground", "last_assessed_on"]
    if agreed:
        reassessment.assessment = reassessment_assessment_open(
            actor=actor,
            case=reassessment.case,
            source=ASSESSMENT_SOURCE[reassessment.source],
            requester_name=reassessment.requester_name,
            channel=reassessment.channel,
            received_on=reassessment.requested_on,
            agreed_on=decided_on,
            reason=reassessment.reason,
        )
        fields.append("assessment")
    record_save(reassessment, "state", *fields)
    audit_on_case(
        reassessment,
        "reassessment.agreed" if agreed else "reassessment.refused",
        actor=actor,
        payload={"decided_on": decided_on},
        changes={"state": [before, reassessment.state]},
    )
    return reassessment


@transaction.atomic
def reassessment_letter_send(
    *,
    actor: User,
    reassessment_id: int,
    dated_on: datetime.date,
    today: datetime.date | None = None,
) -> Reassessment:
    """Tell the family of the decision in writing, through the notice service: a refusal with
    the rights to appeal and to mediation. The 15 days are met on the day the letter is sent."""
    today = today or timezone.localdate()
    reassessment = _lock(Reassessment, reassessment_id, None)
    check_date(
        dated_on,
        field="dated_on",
        born_on=None,
        not_before=reassessment.decided_on,
        today=today,
        before_label="the decision",
    )
    proceed(reassessment.send_letter, actor)
    agreed = reassessment.state == ReassessmentState.AGREED
    reassessment.letter_dated_on = dated_on
    reassessment.save(update_fields=["letter_dated_on"])
    notice = notice_create(
        actor=actor,
        case=reassessment.case,
        kind="reassessment_agreed" if agreed else "reassessment_refused",
        facts={"decided_on": reassessment.decided_on, "requested_on": reassessment.requested_on},
        decision=reassessment,
        dated_on=dated_on,
    )
    audit_on_case(
        reassessment,
        "reassessment.letter",
        actor=actor,
        payload={"title": notice.title, "dated_on": dated_on},
    )
    return reassessment


def _told(notice, sent_on: datetime.date) -> Reassessment | None:
    """The decision's letter has gone: the 15 days are met. The first sending is the day the
    family was told (the reassessment returned); a later one changes nothing more (None)."""
    reassessment = Reassessment.objects.select_for_update().get(pk=notice.decision_id)
    deadline_meet(reassessment, Kind.REASSESSMENT_DECISION, sent_on)
    if reassessment.told_on is not None:
        return None
    reassessment.told_on = sent_on
    reassessment.save(update_fields=["told_on"])
    return reassessment


def reassessment_told(*, notice, sent_on: datetime.date, actor=None) -> None:
    """The letter telling the family the council will reassess has gone (the notice kind's
    `on_sent`): the 15 days are met, and the 14 weeks for the plan start that day (reg 27(3))."""
    reassessment = _told(notice, sent_on)
    if reassessment is not None:
        deadline_set(
            case=reassessment.case,
            obj=reassessment,
            kind=Kind.REASSESSMENT_PLAN,
            due_on=deadlines.reassessment_plan_due(sent_on),
        )


def reassessment_refusal_told(*, notice, sent_on: datetime.date, actor=None) -> None:
    """The refusal's letter has gone: the 15 days are met, and the family is told."""
    _told(notice, sent_on)


# --- the amended or replaced plan, through ehcp's amendment journey ---------------------------


def _locked_agreed(reassessment_id: int, version: int | None) -> Reassessment:
    reassessment = _lock(Reassessment, reassessment_id, version)
    reassessment.plan = Plan.objects.select_for_update().get(pk=reassessment.plan_id)
    return reassessment


@transaction.atomic
def reassessment_plan_prepare(
    *, actor: User, reassessment_id: int, version: int | None = None
) -> Reassessment:
    """Open the plan's working copy for what the reassessment found (`ehcp` amendments): its
    sections can be changed, or all rewritten for a new plan, while the plan in force stays as
    it is until the amended plan is issued."""
    reassessment = _locked_agreed(reassessment_id, version)
    proceed(reassessment.prepare_plan, actor)
    plan_services.amendment_start(actor=actor, plan_id=reassessment.plan_id)
    record_save(reassessment, "state")
    audit_on_case(
        reassessment,
        "reassessment.plan_prepared",
        actor=actor,
        payload={},
    )
    return reassessment


@transaction.atomic
def reassessment_draft_send(
    *,
    actor: User,
    reassessment_id: int,
    sent_on: datetime.date,
    evidence: str,
    version: int | None = None,
    today: datetime.date | None = None,
) -> Reassessment:
    """Send the family the draft of the amended plan with the reassessment's evidence: they
    have 15 days to comment, ask to meet and name a school (regs 13 and 27). The limit on the
    plan is the reassessment's 14 weeks, stored since the family was told; the 8 weeks of an
    amendment after a review do not apply to it."""
    today = today or timezone.localdate()
    reassessment = _locked_agreed(reassessment_id, version)
    check_date(
        sent_on,
        field="sent_on",
        born_on=None,
        not_before=reassessment.told_on,
        today=today,
        before_label="the family was told of the reassessment",
    )
    proceed(reassessment.send_draft, actor)
    amendment = plan_services.amendment_propose(
        actor=actor, plan_id=reassessment.plan_id, sent_on=sent_on, evidence=evidence, today=today
    )
    deadlines_cancel(amendment, [DeadlineKind.AMENDED_PLAN])
    reassessment.amendment = amendment
    record_save(reassessment, "state", "amendment")
    audit_on_case(
        reassessment,
        "reassessment.draft_sent",
        actor=actor,
        payload={"sent_on": sent_on},
    )
    return reassessment


@transaction.atomic
def reassessment_finish(
    *,
    actor: User,
    reassessment_id: int,
    outcome: str,
    outcome_on: datetime.date,
    family_responded_on: datetime.date | None = None,
    version: int | None = None,
    today: datetime.date | None = None,
) -> Reassessment:
    """The reassessment's outcome. Amended or replaced: the draft sent to the family is issued
    as the plan's next version through ehcp's amendment service, with the final plan's rights
    (reg 14) in this reassessment's own notice; the 14 weeks are met on the day it is sent.
    Kept: the plan stays as it is, told with the rights to appeal (met when sent); changes
    prepared for it but never sent to the family are abandoned (`amendment_abandon`)."""
    today = today or timezone.localdate()
    reassessment = _locked_agreed(reassessment_id, version)
    if outcome not in ReassessmentOutcome.values:
        raise ValidationError({"outcome": "Select the outcome of the reassessment"})
    check_date(
        outcome_on,
        field="outcome_on",
        born_on=None,
        not_before=reassessment.told_on or reassessment.requested_on,
        today=today,
        before_label="the family was told of the reassessment",
    )
    changed = outcome != ReassessmentOutcome.KEPT
    if changed and reassessment.amendment_id is None:
        raise ValidationError(
            {
                "outcome": "Send the family the draft of the amended plan first: they have 15 "
                "days to comment before it is issued"
            }
        )
    if not changed and reassessment.plan.state == PlanState.AMENDING:
        if reassessment.plan.amendments.filter(state=AmendmentState.PROPOSED).exists():
            raise ValidationError(
                {
                    "outcome": "Amendments to the plan have been proposed to the family: issue "
                    "the amended plan, or decide not to amend on the plan's review first"
                }
            )
        # the plan is kept as it is: the changes prepared for it, never sent, are abandoned
        # and the plan is back as last issued (ehcp's "Abandon the amendments")
        plan_services.amendment_abandon(actor=actor, plan_id=reassessment.plan_id)
    before = reassessment.state
    step_take(
        reassessment.finish,
        actor=actor,
        values={"outcome": outcome, "outcome_on": outcome_on},
    )
    if reassessment.assessment_id is not None:
        reassessment_assessment_finish(
            actor=actor, request_id=reassessment.assessment_id, finished_on=outcome_on
        )
    if changed:
        plan_services.amendment_issue(
            actor=actor,
            amendment_id=reassessment.amendment_id,
            issued_on=outcome_on,
            family_responded_on=family_responded_on,
            today=today,
            notice_kind="reassessment_plan",
            told_of=reassessment,
        )
    else:
        notice_create(
            actor=actor,
            case=reassessment.case,
            kind="reassessment_no_change",
            facts={"decided_on": outcome_on},
            decision=reassessment,
            dated_on=outcome_on,
        )
    audit_on_case(
        reassessment,
        "reassessment.finished",
        actor=actor,
        payload={"outcome": in_a_sentence(reassessment.get_outcome_display()), "on": outcome_on},
        changes={"state": [before, reassessment.state]},
    )
    return reassessment
