"""The request for an EHC needs assessment and the co-ordinated assessment, step by step.

Each step: lock the row, check the version the user saw and the step's rule (`cases.rules`),
run the FSM transition, save only what changed, store the deadlines it creates or meets, write
the audit entry. Statutory dates come only from `cases.deadlines`."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.audit import audit_record
from cases.family_access import family_may_act
from cases.models import (
    CASE_STAGE_FOR_REQUEST,
    OPEN_REQUEST_STATES,
    AdviceKind,
    AdviceRequest,
    ArrivalChannel,
    AssessmentRequest,
    Case,
    Child,
    Deadline,
    DeadlineKind,
    DocumentKind,
    ExceptionGround,
    FamilyMember,
    PanelDecision,
    PanelDecisionKind,
    TimeLimitException,
    User,
)
from cases.notices import services as notices
from cases.permissions import can_record_request, require
from cases.references import case_reference_next
from cases.roles import Role
from cases.rules import ConcurrentChange, Need, check, proceed
from cases.validation import check_case_date

from ._common import (
    _store_document,
    case_stage_set,
    check_date,
    deadline_meet,
    deadline_set,
    deadlines_cancel,
    deadlines_of,
    require_rights_given,
)
from .placements import placement_record_current


def _lock_request(request_id: int, version: int | None) -> AssessmentRequest:
    request = (
        AssessmentRequest.objects.select_for_update()
        .select_related("case", "case__child")
        .get(pk=request_id)
    )
    if version is not None and request.version != version:
        raise ConcurrentChange()
    return request


def _already(request: AssessmentRequest) -> str:
    return f"This request is already {request.get_state_display().lower()}."


def _now(request: AssessmentRequest) -> str:
    return f"This request is {request.get_state_display().lower()}."


def _save_request(request: AssessmentRequest, *fields: str) -> None:
    request.version += 1
    request.save(update_fields=["state", "version", *fields])
    case_stage_set(case_id=request.case_id, stage=CASE_STAGE_FOR_REQUEST[request.state])


def _outstanding_advice_cancel(request: AssessmentRequest) -> None:
    """Advice still awaited no longer needs chasing once the assessment has ended."""
    Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(AdviceRequest),
        object_id__in=request.advice.values("pk"),
        met_on__isnull=True,
    ).update(cancelled=True)


# --- the request and the co-ordinated assessment -------------------------------------------


def _family_asks_online(actor: User, child: Child | None, channel: str, now) -> bool:
    """A parent or young person asks, through the portal, for the child whose case the council
    linked them to (`cases.family_access`): the request is theirs, in their own name."""
    if channel != ArrivalChannel.PORTAL or child is None:
        return False
    case = child.cases.filter(closed_on__isnull=True).order_by("-opened_on").first()
    return case is not None and family_may_act(actor, case, today=timezone.localdate(now))


@transaction.atomic
def request_create(
    *,
    actor: User,
    child: Child | None = None,
    child_details: dict | None = None,
    family_details: dict | None = None,
    source: str,
    requester_name: str,
    arrived_at: datetime.datetime,
    channel: str,
    consent_given: bool,
    reason: str,
    in_youth_accommodation: bool = False,
    officer: User | None = None,
    now: datetime.datetime | None = None,
) -> AssessmentRequest:
    """Record a request for an EHC needs assessment: the 20-week clock starts.

    Either `child` (an existing record) or `child_details` (a new child, with the parent or
    carer in `family_details`). The case is the child's open case, or a new one.
    """
    now = now or timezone.now()
    if not (can_record_request(actor) or _family_asks_online(actor, child, channel, now)):
        raise PermissionDenied("Only SEN case officers and managers record requests.")
    if timezone.is_naive(arrived_at):
        raise ValidationError({"arrived_at": "The time the request arrived needs a time zone."})
    if arrived_at > now:
        raise ValidationError({"arrived_at": "The request cannot have arrived in the future."})
    received_on = deadlines.request_received_on(arrived_at)

    if child is None:
        if not child_details:
            raise ValidationError("Choose the child or enter their details.")
        child = Child(**child_details)
        if child.date_of_birth and child.date_of_birth > now.date():
            raise ValidationError({"date_of_birth": "The date of birth cannot be in the future."})
        child.full_clean()
        child.save()
        if family_details:
            member = FamilyMember(child=child, is_main_contact=True, **family_details)
            member.full_clean()
            member.save()
        audit_record(
            actor=actor,
            action="child.created",
            obj=child,
            case=None,
            payload={"child": child.full_name},
        )
    elif (
        family_details
        and not child.family.filter(
            full_name__iexact=family_details.get("full_name", "").strip()
        ).exists()
    ):
        member = FamilyMember(child=child, **family_details)
        member.full_clean()
        member.save()
    # (received_on may be the next working day: the arrival itself was checked against now)
    check_case_date(received_on, field="arrived_at", born_on=child.date_of_birth)

    case = (
        Case.objects.select_for_update()
        .filter(child=child, closed_on__isnull=True)
        .order_by("-opened_on")
        .first()
    )
    if case is None:
        team = (officer or actor).team
        if team is None:
            raise ValidationError("Your account is not in a team, so the case has nowhere to go.")
        case = Case.objects.create(
            reference=case_reference_next(),
            child=child,
            team=team,
            officer=officer or (actor if actor.role == Role.CASE_OFFICER else None),
            opened_on=received_on,
        )
        audit_record(
            actor=actor,
            action="case.opened",
            obj=case,
            case=case,
            payload={"reference": case.reference},
        )
    elif case.requests.filter(state__in=OPEN_REQUEST_STATES).exists():
        raise ValidationError(
            f"{child.full_name} already has an open request on case {case.reference}. "
            "Record this contact on that request instead."
        )

    request = AssessmentRequest(
        case=case,
        source=source,
        requester_name=requester_name,
        arrived_at=arrived_at,
        channel=channel,
        received_on=received_on,
        consent_given=consent_given,
        reason=reason,
        in_youth_accommodation=in_youth_accommodation,
        created_by=actor,
    )
    request.full_clean(exclude=["case", "created_by", "state"])  # state is protected
    request.save()
    placement_record_current(actor=actor, case=case, on=received_on)
    case_stage_set(case_id=case.pk, stage=CASE_STAGE_FOR_REQUEST[request.state])

    clock = deadlines.assessment_deadlines(received_on)
    for kind, due in (
        (DeadlineKind.DECIDE_TO_ASSESS, clock.decide_to_assess),
        (DeadlineKind.DRAFT_PLAN_TARGET, clock.draft_plan_target),
        (DeadlineKind.DECIDE_TO_ISSUE, clock.decide_to_issue),
        (DeadlineKind.FINAL_PLAN, clock.final_plan),
    ):
        deadline_set(case=case, obj=request, kind=kind, due_on=due)
    audit_record(
        actor=actor,
        action="request.received",
        obj=request,
        case=case,
        payload={
            "received_on": received_on,
            "channel": request.get_channel_display().lower(),
            "requester": requester_name,
        },
        changes={"state": [None, request.state], "received_on": [None, received_on]},
    )
    return request


def _panel_decide(
    request: AssessmentRequest,
    decision,
    *,
    actor: User,
    kind: str,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    rights_given: bool,
    refusal: str,
    told_on: datetime.date | None,
    today: datetime.date,
) -> str:
    """What the two panel decisions share: reasons required, appeal rights with a refusal, the
    transition, the decision's date and reasons on the request, the panel's record, and the
    decision's own limit (`PanelDecision.time_limit`): met when the family is told (now, with
    `told_on`, or later through `request_decision_notified`), or gone when the decision has
    none. `kind` is "assess" or "issue". Returns the state it moved from."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reasons for the decision."})
    if not agreed:
        require_rights_given(rights_given, why=refusal)
    before = request.state
    decision()
    request.rights_given = request.rights_given or not agreed
    setattr(request, f"{kind}_decided_on", decided_on)
    setattr(request, f"{kind}_reason", reason)
    _save_request(request, f"{kind}_decided_on", f"{kind}_reason", "rights_given")
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
    audit_record(
        actor=actor,
        action=f"request.{kind}_{'agreed' if agreed else 'refused'}",
        obj=request,
        case=request.case,
        payload={"decided_on": decided_on},
        changes={"state": [before, request.state], f"{kind}_decided_on": [None, decided_on]},
    )
    _decision_notice(request, panel_decision, actor=actor, today=today, told_on=told_on)
    return before


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
    audit_record(
        actor=actor,
        action="request.decision_told",
        obj=request,
        case=request.case,
        payload={"decision": decision.get_kind_display().lower(), "told_on": told_on},
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
        check(
            request.record_decision_told,
            actor,
            moved_on="The family has been told of every decision on this request.",
        )
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
    rights_given: bool = False,
    told_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The panel decides whether to carry out an EHC needs assessment; the family is to be told
    within 6 weeks of the request (reg 5(1)), on `told_on` or later."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    decision = request.agree_to_assess if agreed else request.refuse_to_assess
    check(decision, actor, moved_on=_already(request))
    check_case_date(
        decided_on,
        field="decided_on",
        born_on=request.case.child.date_of_birth,
        today=today,
        not_before=request.received_on,
    )
    _panel_decide(
        request,
        decision,
        actor=actor,
        kind=PanelDecisionKind.ASSESS,
        agreed=agreed,
        decided_on=decided_on,
        reason=reason,
        rights_given=rights_given,
        refusal="a refusal",
        told_on=told_on,
        today=today,
    )
    if not agreed:
        deadlines_cancel(
            request,
            [DeadlineKind.DRAFT_PLAN_TARGET, DeadlineKind.DECIDE_TO_ISSUE, DeadlineKind.FINAL_PLAN],
        )
    return request


EXCEPTION_KINDS = (
    DeadlineKind.DECIDE_TO_ASSESS,
    DeadlineKind.DECIDE_TO_ISSUE,
    DeadlineKind.FINAL_PLAN,
)


# Grounds (a), (b) and (d) need "4 or more continuous weeks" (regs 5(4), 10(4), 13(3)).
EXCEPTION_MIN_WEEKS = 4
# Grounds (a) and (b): advice asked of the setting from 1 week before it closes to 1 week
# before it reopens.
CLOSURE_WINDOW_LEAD = datetime.timedelta(weeks=1)
CLOSURE_GROUNDS = (ExceptionGround.SCHOOL_CLOSURE, ExceptionGround.EARLY_YEARS_CLOSURE)


def _day_text(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def exception_dates_check(
    request: AssessmentRequest,
    *,
    ground: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    limits: list[Deadline],
) -> None:
    """Whether an exception's dates fall inside the period of each limit it excuses (from the
    request to the limit's due date) and make sense for its ground (regs 5(4), 10(4), 13(3)):

    - (d) away from the area: the first and last day away, at least 4 continuous weeks;
    - (a) and (b) a closure of the school, college or early years setting: the window from
      1 week before a closure of 4 or more continuous weeks to 1 week before it reopens (so
      at least 4 weeks long), in which the council asked the setting for advice;
    - (c) exceptional personal circumstances: any dates inside the period.
    """
    check_case_date(
        starts_on,
        field="starts_on",
        born_on=request.case.child.date_of_birth,
        not_before=request.received_on,
    )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})
    for limit in limits:
        if starts_on > limit.due_on:
            raise ValidationError(
                {
                    "kinds": f"The exception starts after the limit “{limit.get_kind_display()}” "
                    f"was due ({_day_text(limit.due_on)}): it cannot excuse it."
                }
            )
    period_end = max(limit.due_on for limit in limits)
    if ends_on is not None and ends_on > period_end:
        raise ValidationError(
            {
                "ends_on": "The dates must fall inside the period the exception excuses: from "
                f"the request ({_day_text(request.received_on)}) to the last limit it excuses "
                f"({_day_text(period_end)})."
            }
        )
    weeks = EXCEPTION_MIN_WEEKS
    if ground == ExceptionGround.AWAY_FROM_AREA:
        if ends_on is None:
            raise ValidationError(
                {
                    "ends_on": "Enter the last day they were away: being away from the area "
                    f"excuses a limit only for {weeks} or more continuous weeks."
                }
            )
        if (ends_on - starts_on).days + 1 < weeks * 7:
            raise ValidationError(
                {
                    "ends_on": f"Being away from the area excuses a limit only for {weeks} or more "
                    f"continuous weeks: from {_day_text(starts_on)} that is until at least "
                    f"{_day_text(starts_on + datetime.timedelta(weeks=weeks, days=-1))}."
                }
            )
    elif ground in CLOSURE_GROUNDS:
        if ends_on is None:
            raise ValidationError(
                {"ends_on": "Enter the end of the window: 1 week before the setting reopens."}
            )
        if ends_on - starts_on < datetime.timedelta(weeks=weeks):
            raise ValidationError(
                {
                    "ends_on": f"A closure excuses a limit only when the setting is closed for {weeks} "
                    "or more continuous weeks: the window, from 1 week before it closes to 1 week "
                    f"before it reopens, is then at least {weeks} weeks long."
                }
            )
        asked = request.advice.filter(
            kind=AdviceKind.EDUCATIONAL, reused=False, requested_on__range=(starts_on, ends_on)
        )
        if not asked.exists():
            raise ValidationError(
                {
                    "starts_on": "A closure excuses a limit only when the setting was asked for "
                    f"advice in the window ({_day_text(starts_on)} to {_day_text(ends_on)}): no "
                    "educational advice was asked for then."
                }
            )


@transaction.atomic
def exception_record(
    *,
    actor: User,
    request_id: int,
    ground: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    reason: str,
    kinds: Iterable[str] = EXCEPTION_KINDS,
    today: datetime.date | None = None,
) -> TimeLimitException:
    """Record why a time limit cannot be met (regs 5(4), 10(4), 13(3)), with its ground, dates
    and reasons. A limit may have several exceptions; its nominal date stays."""
    request = _lock_request(request_id, None)
    proceed(
        request.record_exception,
        actor,
        moved_on="Exceptions are recorded while the request is open.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the limit cannot be met."})
    kinds = [k for k in kinds if k in EXCEPTION_KINDS]
    limits = list(deadlines_of(request, kinds).filter(cancelled=False))
    if not limits:
        raise ValidationError(
            {"kinds": "Choose at least one time limit the exception affects that still applies."}
        )
    exception_dates_check(
        request, ground=ground, starts_on=starts_on, ends_on=ends_on, limits=limits
    )
    exception = TimeLimitException.objects.create(
        request=request,
        ground=ground,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        recorded_by=actor,
    )
    exception.deadlines.set(limits)
    audit_record(
        actor=actor,
        action="exception.recorded",
        obj=exception,
        case=request.case,
        payload={"ground": exception.get_ground_display()},
        changes={
            "ground": [None, ground],
            "starts_on": [None, starts_on],
            "ends_on": [None, ends_on],
        },
    )
    return exception


@transaction.atomic
def request_decide_to_issue(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    agreed: bool,
    decided_on: datetime.date,
    reason: str,
    rights_given: bool = False,
    told_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The panel decides whether to issue a plan. The family is to be told of "not issuing"
    within 16 weeks of the request (reg 10(1)), on `told_on` or later; "issuing" has no limit of
    its own. "Not issuing" needs the assessment to have happened (`assessment_carried_out`)."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    decision = request.decide_to_issue if agreed else request.decide_not_to_issue
    check(decision, actor, moved_on=_now(request))
    check_case_date(
        decided_on,
        field="decided_on",
        born_on=request.case.child.date_of_birth,
        today=today,
        not_before=request.assess_decided_on,
        before_label="the decision to assess",
    )
    _panel_decide(
        request,
        decision,
        actor=actor,
        kind=PanelDecisionKind.ISSUE,
        agreed=agreed,
        decided_on=decided_on,
        reason=reason,
        rights_given=rights_given,
        refusal="a decision not to issue",
        told_on=told_on,
        today=today,
    )
    if not agreed:
        deadlines_cancel(request, [DeadlineKind.DRAFT_PLAN_TARGET, DeadlineKind.FINAL_PLAN])
        _outstanding_advice_cancel(request)
    return request


def _record_issued(request: AssessmentRequest, which: str, *, actor, issued_on, upload) -> str:
    """The draft or final plan recorded as issued on the request (with the plan as a document
    when one was uploaded). Returns the state it moved from."""
    if upload is not None:
        _store_document(
            case=request.case,
            actor=actor,
            upload=upload,
            kind=DocumentKind.DRAFT_PLAN if which == "draft" else DocumentKind.FINAL_PLAN,
            title=f"{which.capitalize()} plan {issued_on:%-d %B %Y}",
        )
    before = request.state
    getattr(request, f"issue_{which}")()
    setattr(request, f"{which}_issued_on", issued_on)
    _save_request(request, f"{which}_issued_on")
    return before


def _issue_checked(
    request_id: int,
    version: int | None,
    which: str,
    *,
    actor: User,
    issued_on: datetime.date,
    today: datetime.date | None,
) -> AssessmentRequest:
    """Lock the request, check the issue step may be taken now, and the date it was issued: a
    draft after the decision to issue, a final plan after the draft."""
    request = _lock_request(request_id, version)
    check(getattr(request, f"issue_{which}"), actor, moved_on=_now(request))
    after, label = (
        (request.issue_decided_on, "the decision to issue")
        if which == "draft"
        else (request.draft_issued_on, "the draft was issued")
    )
    check_case_date(
        issued_on,
        field="issued_on",
        born_on=request.case.child.date_of_birth,
        not_before=after,
        today=today or timezone.localdate(),
        before_label=label,
    )
    return request


@transaction.atomic
def request_issue_draft(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    issued_on: datetime.date,
    upload=None,
    today: datetime.date | None = None,
    outside: bool = True,
) -> AssessmentRequest:
    """The draft plan is sent: the family has 15 days from service to comment (reg 13(1)).
    Its notice (reg 13) is made in the same transaction: `outside` (a plan written and sent
    outside this service, the officer's upload) records it sent that day; a plan written here
    goes out through this service."""
    request = _issue_checked(
        request_id, version, "draft", actor=actor, issued_on=issued_on, today=today
    )
    before = _record_issued(request, "draft", actor=actor, issued_on=issued_on, upload=upload)
    deadline_meet(request, DeadlineKind.DRAFT_PLAN_TARGET, issued_on)
    deadline_set(
        case=request.case,
        obj=request,
        kind=DeadlineKind.DRAFT_RESPONSE,
        due_on=deadlines.draft_response_due(issued_on),
    )
    audit_record(
        actor=actor,
        action="request.draft_issued",
        obj=request,
        case=request.case,
        payload={
            "issued_on": issued_on,
            "response_due": deadlines.draft_response_due(issued_on),
        },
        changes={"state": [before, request.state], "draft_issued_on": [None, issued_on]},
    )
    _plan_notice(
        request,
        "draft_plan",
        {"served_on": issued_on, "response_due": deadlines.draft_response_due(issued_on)},
        actor=actor,
        issued_on=issued_on,
        today=today,
        outside=outside,
    )
    return request


def _plan_notice(request, kind, facts, *, actor, issued_on, today, outside, setting=None):
    notices.notice_for_decision(
        actor=actor,
        case=request.case,
        kind=kind,
        facts=facts,
        decision=request,
        today=max(issued_on, today or timezone.localdate()),
        sent_on=issued_on if outside else None,
        setting=setting,
    )


@transaction.atomic
def request_record_family_response(
    *,
    actor: User,
    request_id: int,
    responded_on: datetime.date,
    nothing_more_to_add: bool = False,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    """The family's comments on the draft arrived. Their 15 days (reg 13(1)) end early only when
    they say they have nothing more to add; any other response leaves the window open to its
    last day, for more comments, a meeting or the school they ask for."""
    today = today or timezone.localdate()
    request = _lock_request(request_id, None)
    proceed(
        request.record_family_response,
        actor,
        moved_on="The family responds once the draft plan has been issued.",
    )
    check_date(
        responded_on,
        field="responded_on",
        not_before=request.draft_issued_on,
        today=today,
        before_label="the draft was issued",
    )
    if nothing_more_to_add:
        deadline_meet(request, DeadlineKind.DRAFT_RESPONSE, responded_on)
    audit_record(
        actor=actor,
        action="request.family_done" if nothing_more_to_add else "request.family_responded",
        obj=request,
        case=request.case,
        payload={"responded_on": responded_on},
    )
    return request


@transaction.atomic
def request_issue_final(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    issued_on: datetime.date,
    upload=None,
    today: datetime.date | None = None,
    outside: bool = True,
    setting=None,
) -> AssessmentRequest:
    """The final plan is issued, with its notice of the family's rights (reg 14): the 20-week
    limit (reg 13(2)) is met on the day that notice is sent (`outside`: it was sent outside
    this service on `issued_on`; otherwise when this service sends it). `setting`: the school
    or college the plan names, which gets a copy."""
    request = _issue_checked(
        request_id, version, "final", actor=actor, issued_on=issued_on, today=today
    )
    response = deadlines_of(request, [DeadlineKind.DRAFT_RESPONSE]).first()
    if response and response.met_on is None and issued_on <= response.due_on:
        raise ValidationError(
            {
                "issued_on": "The family has until "
                f"{response.due_on:%-d %B %Y} to comment on the draft. Record their response, "
                "or issue the final plan after that day."
            }
        )
    before = _record_issued(request, "final", actor=actor, issued_on=issued_on, upload=upload)
    deadlines_cancel(request, [DeadlineKind.DRAFT_RESPONSE])
    audit_record(
        actor=actor,
        action="request.final_issued",
        obj=request,
        case=request.case,
        payload={"issued_on": issued_on},
        changes={"state": [before, request.state], "final_issued_on": [None, issued_on]},
    )
    _plan_notice(
        request,
        "final_plan",
        {"issued_on": issued_on},
        actor=actor,
        issued_on=issued_on,
        today=today,
        outside=outside,
        setting=setting,
    )
    return request


@transaction.atomic
def request_withdraw(
    *,
    actor: User,
    request_id: int,
    version: int | None,
    withdrawn_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> AssessmentRequest:
    today = today or timezone.localdate()
    request = _lock_request(request_id, version)
    check(request.withdraw, actor, moved_on=_already(request))
    check_case_date(
        withdrawn_on,
        field="withdrawn_on",
        born_on=request.case.child.date_of_birth,
        today=today,
        not_before=request.received_on,
    )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request was withdrawn."})
    before = request.state
    request.withdraw()
    request.withdrawn_on = withdrawn_on
    request.withdrawn_reason = reason
    _save_request(request, "withdrawn_on", "withdrawn_reason")
    Deadline.objects.filter(case=request.case, met_on__isnull=True, cancelled=False).filter(
        content_type=ContentType.objects.get_for_model(AssessmentRequest), object_id=request.pk
    ).update(cancelled=True)
    _outstanding_advice_cancel(request)
    audit_record(
        actor=actor,
        action="request.withdrawn",
        obj=request,
        case=request.case,
        payload={"withdrawn_on": withdrawn_on, "reason": reason},
        changes={"state": [before, request.state]},
    )
    return request
