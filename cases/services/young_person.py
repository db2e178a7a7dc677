"""Who acts for a young person who lacks capacity (SEND Regulations 2014 Part 6, Schedule 3)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import deadlines
from cases.audit import audit_record
from cases.models import AlternativePerson
from cases.models import AlternativeRoute
from cases.models import Case
from cases.models import Child
from cases.models import User
from cases.permissions import require
from cases.rules import ConcurrentChange
from cases.rules import Need
from cases.templatetags.govuk import in_a_sentence

from ._common import check_date

# --- who acts for a young person ---------------------------------------------------------------


def _young_person_child(actor: User, case: Case, today: datetime.date) -> Child:
    require(actor, case, Need.WORK)
    child = Child.objects.select_for_update().get(pk=case.child_id)
    becomes = deadlines.becomes_young_person_on(child.date_of_birth)
    if becomes > today:
        raise ValidationError(
            f"{child.full_name} becomes a young person on {becomes:%-d %B %Y}. Until then "
            "their parents make these decisions, so nobody needs to be recorded as acting for them."
        )
    return child


@transaction.atomic
def alternative_person_record(
    *,
    actor: User,
    case: Case,
    route: str,
    full_name: str,
    email: str,
    decisions: str,
    capacity_assessed_on: datetime.date,
    address: str = "",
    today: datetime.date | None = None,
) -> AlternativePerson:
    """Record who acts for a young person who lacks capacity (ending whoever acted before)."""
    today = today or timezone.localdate()
    child = _young_person_child(actor, case, today)
    check_date(
        capacity_assessed_on,
        field="capacity_assessed_on",
        born_on=child.date_of_birth,
        not_before=None,
        today=today,
    )
    if route not in AlternativeRoute.values:
        raise ValidationError({"route": "Select who acts for the young person"})
    if not full_name.strip():
        raise ValidationError({"full_name": "Enter the name of the person who acts for them"})
    if not decisions.strip():
        raise ValidationError({"decisions": "Enter the decisions they lack capacity for"})
    before = child.alternative_people.filter(ended_on__isnull=True).first()
    if before is not None:
        before.ended_on, before.ended_reason = today, f"Replaced by {full_name.strip()}"
        before.save(update_fields=["ended_on", "ended_reason"])
    person = AlternativePerson.objects.create(
        child=child,
        route=route,
        full_name=full_name.strip(),
        email=email.strip(),
        address=address.strip(),
        decisions=decisions.strip(),
        capacity_assessed_on=capacity_assessed_on,
        recorded_by=actor,
        recorded_on=today,
    )
    audit_record(
        actor=actor,
        action="young_person.alternative_person_recorded",
        obj=person,
        case=case,
        payload={
            "person": person.full_name,
            "child": child.full_name,
            "route": in_a_sentence(person.get_route_display()),
        },
        changes={
            "acting": [str(before) if before else None, str(person)],
            "capacity_assessed_on": [None, capacity_assessed_on.isoformat()],
            "decisions": [before.decisions if before else None, person.decisions],
        },
    )
    return person


@transaction.atomic
def alternative_person_end(
    *,
    actor: User,
    case: Case,
    person_id: int,
    ended_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> AlternativePerson:
    """The young person makes their own decisions again (or the deputy's order has ended)."""
    today = today or timezone.localdate()
    child = _young_person_child(actor, case, today)
    person = child.alternative_people.select_for_update().filter(pk=person_id).first()
    if person is None or person.ended_on is not None:
        raise ConcurrentChange()
    check_date(
        ended_on,
        field="ended_on",
        born_on=child.date_of_birth,
        not_before=person.recorded_on,
        today=today,
        before_label="they were recorded as acting for the young person",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Enter why they no longer act for the young person"})
    person.ended_on, person.ended_reason = ended_on, reason.strip()
    person.save(update_fields=["ended_on", "ended_reason"])
    audit_record(
        actor=actor,
        action="young_person.alternative_person_ended",
        obj=person,
        case=case,
        payload={"person": person.full_name, "child": child.full_name},
        changes={"ended_on": [None, ended_on.isoformat()], "reason": [None, person.ended_reason]},
    )
    return person
