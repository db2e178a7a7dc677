"""The request for an EHC needs assessment: receiving it, withdrawing it, and the helpers every
step of the co-ordinated assessment shares (`decisions`, `issuing`, `exceptions`, `advice`).

Each step: lock the row, check the version the user saw and the step's rule (`cases.rules`),
run the FSM transition, save only what changed, store the deadlines it creates or meets, write
the audit entry. Statutory dates come only from `cases.deadlines`."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.family_access import family_may_act
from cases.models import CASE_STAGE_FOR_REQUEST
from cases.models import OPEN_REQUEST_STATES
from cases.models import AdviceRequest
from cases.models import ArrivalChannel
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import Child
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import User
from cases.permissions import can_record_request
from cases.rules import check
from cases.templatetags.govuk import in_a_sentence
from cases.validation import check_case_date

from ._common import case_stage_set
from ._common import deadline_set
from .intake import case_open
from .intake import child_arriving
from .placements import placement_record_current
from .records import audit_on_case
from .records import record_lock
from .records import record_save


def _lock_request(request_id: int, version: int | None) -> AssessmentRequest:
    """The request's row; access is each step's own check (`cases.rules.check`)."""
    return record_lock(
        AssessmentRequest.objects.select_related("case", "case__child"),
        request_id,
        need=None,
        version=version,
    )


def _save_request(request: AssessmentRequest, *fields: str) -> None:
    """Save the step's fields with the request's state, and where the case now stands."""
    record_save(request, "state", *fields)
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

    child = child_arriving(
        actor=actor,
        child=child,
        child_details=child_details,
        family_details=family_details,
        today=now.date(),
    )
    # (received_on may be the next working day: the arrival itself was checked against now)
    check_case_date(received_on, field="arrived_at", born_on=child.date_of_birth)

    case = (
        Case.objects.select_for_update()
        .filter(child=child, closed_on__isnull=True)
        .order_by("-opened_on")
        .first()
    )
    if case is None:
        case = case_open(actor=actor, child=child, opened_on=received_on, officer=officer)
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
    audit_on_case(
        request,
        "request.received",
        actor=actor,
        payload={
            "received_on": received_on,
            "channel": in_a_sentence(request.get_channel_display()),
            "requester": requester_name,
        },
        changes={"state": [None, request.state], "received_on": [None, received_on]},
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
    check(request.withdraw, actor)
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
    audit_on_case(
        request,
        "request.withdrawn",
        actor=actor,
        payload={"withdrawn_on": withdrawn_on, "reason": reason},
        changes={"state": [before, request.state]},
    )
    return request
