"""The panel's decisions on a request (to assess, to issue a plan) and the family being told of
them: a decision counts as notified on the day its notice is sent (regs 5, 10)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import AssessmentRequest
from cases.models import DeadlineKind
from cases.models import PanelDecision
from cases.models import PanelDecisionKind
from cases.models import User
from cases.notices import services as notices
from cases.permissions import require
from cases.rules import Need
from cases.rules import check
from cases.templatetags.govuk import in_a_sentence
from cases.validation import check_case_date

from ._common import deadline_meet
from ._common import deadlines_cancel
from .records import audit_on_case
from .requests import _lock_request
from .requests import _outstanding_advice_cancel
from .requests import _save_request


@dataclass(frozen=True)
class PanelSteps:
    """What differs between the panel's two decisions on a request: its steps (for yes, for
    no) and the request's date it cannot come before (with how a person reads it)."""

    steps: tuple[str, str]
    follows: tuple[str, str]


PANEL_STEPS = {
    PanelDecisionKind.ASSESS: PanelSteps(
        steps=("agree_to_assess", "refuse_to_assess"),
        follows=("received_on", "the request was received"),
    ),
    PanelDecisionKind.ISSUE: PanelSteps(
        steps=("decide_to_issue", "decide_not_to_issue"),
        follows=("assess_decided_on", "the decision to assess"),
    ),
}


def _panel_decide(
    kind: str,
    *,
    actor: User,
    request_id: int,
    version: int | None,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    told_on: datetime.date | None,
    today: datetime.date | None,
) -> AssessmentRequest:
    """What the two panel decisions share (`kind`: "assess" or "issue"): the request locked, the
    step checked, the date and reasons required, the transition, the decision's date and
    reasons on the request, the panel's record, its notice (a refusal's carries the rights of
    appeal and mediation: the kind says so, not a tick box), and the decision's own limit
    (`PanelDecision.time_limit`): met when the family is told (now, with `told_on`, or later
    through `request_decision_notified`), or gone when the decision has none."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    panel = PANEL_STEPS[kind]
    yes, no = panel.steps
    decision = getattr(request, yes if agreed else no)
    check(decision, actor)
    follows, follows_label = panel.follows
    check_case_date(
        decided_on,
        field="decided_on",
        born_on=request.case.child.date_of_birth,
        today=today,
        not_before=getattr(request, follows),
        before_label=follows_label,
    )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reasons for the decision."})
    before = request.state
    decision()
    setattr(request, f"{kind}_decided_on", decided_on)
    setattr(request, f"{kind}_reason", reason)
    _save_request(request, f"{kind}_decided_on", f"{kind}_reason")
    panel_decision = PanelDecision.objects.create(
        request=request,
        kind=kind,
        agreed=agreed,
        decided_on=decided_on,
        decided_by=actor,
        reason=reason,
    )
    if panel_decision.time_limit() is None:
        # "Yes, issue a plan" is never counted against the 16 weeks of a refusal.
        deadlines_cancel(request, [DeadlineKind.DECIDE_TO_ISSUE])
    audit_on_case(
        request,
        f"request.{kind}_{'agreed' if agreed else 'refused'}",
        actor=actor,
        payload={"decided_on": decided_on},
        changes={"state": [before, request.state], f"{kind}_decided_on": [None, decided_on]},
    )
    _decision_notice(request, panel_decision, actor=actor, today=today, told_on=told_on)
    return request


def _check_told_on(request, decision, told_on: datetime.date, *, today: datetime.date) -> None:
    check_case_date(
        told_on,
        field="told_on",
        born_on=request.case.child.date_of_birth,
        today=today,
        not_before=decision.decided_on,
        before_label="the decision",
    )


def _decision_told(
    request: AssessmentRequest,
    decision: PanelDecision,
    *,
    actor: User,
    told_on: datetime.date,
    today: datetime.date,
) -> PanelDecision:
    """The family was told of `decision` on `told_on`: kept on the decision, and its limit (if
    it has one) met that day. Telling them again on the same day changes nothing."""
    if decision.told_on == told_on:
        return decision
    if decision.told_on is not None:
        raise ValidationError(
            {
                "told_on": f"The family was already told of this decision on {decision.told_on:%-d %B %Y}."
            }
        )
    _check_told_on(request, decision, told_on, today=today)
    decision.told_on = told_on
    decision.save(update_fields=["told_on"])
    limit = decision.time_limit()
    if limit is not None:
        deadline_meet(request, limit, told_on)
    audit_on_case(
        request,
        "request.decision_told",
        actor=actor,
        payload={"decision": in_a_sentence(decision.get_kind_display()), "told_on": told_on},
        changes={"told_on": [None, told_on]},
    )
    return decision


# The notices that tell each panel decision (cases.notices.request_kinds).
DECISION_NOTICES = {
    PanelDecisionKind.ASSESS: {True: "assess", False: "not_assess"},
    PanelDecisionKind.ISSUE: {False: "not_issue"},
}


def _decision_notice(
    request: AssessmentRequest,
    decision: PanelDecision,
    *,
    actor: User,
    today: datetime.date,
    told_on: datetime.date | None = None,
):
    """The notice of a panel decision, made in the decision's transaction (a decision to issue
    a plan has none: the draft plan's notice follows). With `told_on`, the family was already
    told in writing outside this service that day."""
    kind = DECISION_NOTICES[decision.kind].get(decision.agreed)
    if kind is None:
        if told_on is not None:  # told all the same (no limit of its own to meet)
            _decision_told(request, decision, actor=actor, told_on=told_on, today=today)
        return None
    return notices.notice_for_decision(
        actor=actor,
        case=request.case,
        kind=kind,
        facts={"decided_on": decision.decided_on},
        decision=request,
        today=today,
        sent_on=told_on,
        need=Need.DECIDE,
    )


@transaction.atomic
def request_decision_notified(
    *,
    actor: User | None,
    request_id: int,
    kind: str,
    told_on: datetime.date,
    today: datetime.date | None = None,
) -> PanelDecision:
    """The family was told of the panel's decision (`kind`: "assess" or "issue") on `told_on`:
    the day its 6- or 16-week limit is met (`PanelDecision.time_limit`). There is one way this
    happens: the decision's notice is sent. The notices service calls this once the letter has
    gone (its `on_sent` hook, with the sent date; `actor` None when the system emailed it). An
    officer who records here that the letter went outside this service (the "told" form)
    records it on the notice, which then calls back here: the notice and the decision never
    disagree. Telling twice the same day changes nothing."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, None)
    decision = request.panel_decisions.filter(kind=kind).first()
    if decision is None:
        raise ValidationError({"kind": "There is no such decision on this request yet."})
    told = notices.decision_notices(request, DECISION_NOTICES[decision.kind].values())
    if any(notice.sent_on == told_on for notice in told):
        # the notice's own sending: the first day the family was told stands
        if decision.told_on is not None:
            return decision
        return _decision_told(request, decision, actor=actor, told_on=told_on, today=today)
    if decision.awaits_telling:
        check(request.record_decision_told, actor)
    else:  # a decision with no limit to meet, or a second notice: no step, the same access
        require(actor, request.case, Need.WORK)
    notice = next((n for n in told if n.sent_on is None), None)
    if notice is None or decision.told_on is not None:
        # told before this service wrote its letters, or told again: the first day stands
        return _decision_told(request, decision, actor=actor, told_on=told_on, today=today)
    # the notice's hook records it on the decision; the date is checked against today first
    _check_told_on(request, decision, told_on, today=today)
    notices.notice_record_sent(actor=actor, notice=notice, sent_on=told_on)
    decision.refresh_from_db()
    return decision


@transaction.atomic
def request_decide_to_assess(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    told_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The panel decides whether to carry out an EHC needs assessment; the family is to be told
    within 6 weeks of the request (reg 5(1)), on `told_on` or later."""
    request = _panel_decide(
        PanelDecisionKind.ASSESS,
        actor=actor,
        request_id=request_id,
        version=version,
        agreed=agreed,
        decided_on=decided_on,
        reason=reason,
        told_on=told_on,
        today=today,
    )
    if not agreed:
        deadlines_cancel(
            request,
            [DeadlineKind.DRAFT_PLAN_TARGET, DeadlineKind.DECIDE_TO_ISSUE, DeadlineKind.FINAL_PLAN],
        )
    return request


@transaction.atomic
def request_decide_to_issue(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    told_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The panel decides whether to issue a plan. The family is to be told of "not issuing"
    within 16 weeks of the request (reg 10(1)), on `told_on` or later; "issuing" has no limit of
    its own. "Not issuing" needs the assessment to have happened (`assessment_carried_out`)."""
    request = _panel_decide(
        PanelDecisionKind.ISSUE,
        actor=actor,
        request_id=request_id,
        version=version,
        agreed=agreed,
        decided_on=decided_on,
        reason=reason,
        told_on=told_on,
        today=today,
    )
    if not agreed:
        deadlines_cancel(request, [DeadlineKind.DRAFT_PLAN_TARGET, DeadlineKind.FINAL_PLAN])
        _outstanding_advice_cancel(request)
    return request
