"""The co-ordinated assessment of a reassessment (SEND Regs 2014 regs 24 to 27).

A reassessment agreed on a plan in force runs the assessment again: the same advice requests,
6-week advice limits and "tell us once" reuse as a first assessment, on an `AssessmentRequest`
of kind REASSESSMENT opened already agreed. Its limits are not the 6/16/20 weeks of a first
request (the reassessment that opens it stores the 15 days and the 14 weeks), and its outcome
(the plan amended, replaced or kept) is recorded on that reassessment, which then finishes it
here. The reassessment itself lives in the app that owns plans' moves and reassessments."""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import CASE_STAGE_FOR_REQUEST
from cases.models import AssessmentKind
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import RequestState
from cases.models import User
from cases.permissions import require
from cases.rules import Need
from cases.rules import proceed

from ._common import case_stage_set
from .records import audit_on_case
from .requests import _lock_request
from .requests import _outstanding_advice_cancel
from .requests import _save_request


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@transaction.atomic
def reassessment_assessment_open(
    *,
    actor: User,
    case: Case,
    source: str,
    requester_name: str,
    channel: str,
    received_on: datetime.date,
    agreed_on: datetime.date,
    reason: str,
) -> AssessmentRequest:
    """Open the co-ordinated assessment of an agreed reassessment: advice can be asked for."""
    require(actor, case, Need.WORK)
    request = AssessmentRequest.objects.create(
        case=case,
        kind=AssessmentKind.REASSESSMENT,
        state=RequestState.AGREED,
        source=source,
        requester_name=requester_name,
        arrived_at=_noon(received_on),
        channel=channel,
        received_on=received_on,
        consent_given=True,
        reason=reason,
        assess_decided_on=agreed_on,
        created_by=actor,
    )
    case_stage_set(case_id=case.pk, stage=CASE_STAGE_FOR_REQUEST[request.state])
    audit_on_case(
        request,
        "request.reassessment_opened",
        actor=actor,
        payload={"agreed_on": agreed_on},
        changes={"state": [None, request.state]},
    )
    return request


@transaction.atomic
def reassessment_assessment_finish(
    *, actor: User, request_id: int, finished_on: datetime.date
) -> AssessmentRequest:
    """The reassessment's outcome is recorded: its assessment ends, and advice still awaited is
    no longer chased."""
    request = _lock_request(request_id, None)
    before = request.state
    proceed(request.finish_reassessment, actor)
    _save_request(request)
    _outstanding_advice_cancel(request)
    audit_on_case(
        request,
        "request.reassessment_finished",
        actor=actor,
        payload={"finished_on": finished_on},
        changes={"state": [before, request.state]},
    )
    return request
