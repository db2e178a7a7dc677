"""Disagreement resolution arrangements (the independent service for disputes that are not
appeals, CFA 2014 s.57) and complaints about the council's handling, logged with their dates."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Case
from cases.models import User
from cases.permissions import require
from cases.rules import Need
from cases.services.records import audit_on_case
from cases.services.records import record_lock
from cases.services.records import step_take
from mediation.models import Complaint
from mediation.models import MediationOutcome
from mediation.models import Resolution

from ._common import check_on
from ._common import required_text
from ._common import today_or


def _case(case_id: int, actor) -> Case:
    case = Case.objects.select_related("child").get(pk=case_id)
    require(actor, case, Need.WORK)
    return case


@transaction.atomic
def resolution_record(
    *,
    actor: User,
    case_id: int,
    requested_on: datetime.date,
    with_whom: str,
    about: str,
    meeting_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Resolution:
    today = today_or(today)
    case = _case(case_id, actor)
    check_on(requested_on, case=case, field="requested_on", today=today)
    if meeting_on is not None:
        check_on(
            meeting_on,
            case=case,
            field="meeting_on",
            today=today,
            after=requested_on,
            after_label="it was requested",
            future=True,
        )
    resolution = Resolution.objects.create(
        case=case,
        requested_on=requested_on,
        with_whom=required_text(
            with_whom, field="with_whom", message="Enter who the disagreement is with"
        )[:150],
        about=required_text(about, field="about", message="Enter what the disagreement is about"),
        meeting_on=meeting_on,
    )
    audit_on_case(
        resolution,
        "resolution.requested",
        actor=actor,
        payload={"requested_on": requested_on, "with_whom": resolution.with_whom},
    )
    return resolution


@transaction.atomic
def resolution_conclude(
    *,
    actor: User,
    resolution_id: int,
    held_on: datetime.date,
    outcome: str,
    notes: str = "",
    today: datetime.date | None = None,
) -> Resolution:
    today = today_or(today)
    resolution = record_lock(
        Resolution.objects.select_related("case__child"), resolution_id, actor=actor
    )
    check_on(
        held_on,
        case=resolution.case,
        field="held_on",
        today=today,
        after=resolution.requested_on,
        after_label="it was requested",
    )
    if outcome not in MediationOutcome.values:
        raise ValidationError({"outcome": "Select the outcome"})
    step_take(
        resolution.conclude,
        actor=actor,
        values={"held_on": held_on, "outcome": outcome, "notes": notes.strip()},
        audit="resolution.concluded",
        payload={"held_on": held_on, "outcome": MediationOutcome(outcome).label.lower()},
    )
    return resolution


@transaction.atomic
def complaint_record(
    *,
    actor: User,
    case_id: int,
    received_on: datetime.date,
    complainant: str,
    about: str,
    today: datetime.date | None = None,
) -> Complaint:
    today = today_or(today)
    case = _case(case_id, actor)
    check_on(received_on, case=case, field="received_on", today=today)
    complaint = Complaint.objects.create(
        case=case,
        received_on=received_on,
        complainant=required_text(
            complainant, field="complainant", message="Enter who made the complaint"
        )[:150],
        about=required_text(about, field="about", message="Enter what the complaint is about"),
    )
    audit_on_case(
        complaint,
        "complaint.received",
        actor=actor,
        payload={"received_on": received_on, "complainant": complaint.complainant},
    )
    return complaint


@transaction.atomic
def complaint_respond(
    *,
    actor: User,
    complaint_id: int,
    responded_on: datetime.date,
    upheld: bool,
    response: str,
    today: datetime.date | None = None,
) -> Complaint:
    today = today_or(today)
    complaint = record_lock(
        Complaint.objects.select_related("case__child"), complaint_id, actor=actor
    )
    check_on(
        responded_on,
        case=complaint.case,
        field="responded_on",
        today=today,
        after=complaint.received_on,
        after_label="the complaint was received",
    )
    response = required_text(response, field="response", message="Enter the council's response")
    step_take(
        complaint.respond,
        actor=actor,
        values={"responded_on": responded_on, "upheld": upheld, "response": response},
        audit="complaint.responded",
        payload={"responded_on": responded_on, "upheld": "upheld" if upheld else "not upheld"},
    )
    return complaint
