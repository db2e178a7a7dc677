"""A child coming to the council's notice: their record (with the parent or carer who is the
main contact) and the case that opens for them. A request for an assessment and a plan moving
in from another council both start here, so a new child and a new case are made, checked and
audited one way. The caller holds the transaction and has checked who may do this."""

import datetime

from django.core.exceptions import ValidationError

from cases.audit import audit_record
from cases.models import Case
from cases.models import Child
from cases.models import FamilyMember
from cases.models import User
from cases.references import case_reference_next
from cases.roles import Role


def child_record_new(
    *,
    actor: User,
    child_details: dict | None,
    family_details: dict | None,
    today: datetime.date,
) -> Child:
    """A child not yet on record, with their parent or carer as the main contact."""
    if not child_details:
        raise ValidationError("Choose the child or enter their details.")
    child = Child(**child_details)
    if child.date_of_birth and child.date_of_birth > today:
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
    return child


def child_arriving(
    *,
    actor: User,
    child: Child | None,
    child_details: dict | None,
    family_details: dict | None,
    today: datetime.date,
) -> Child:
    """The child a request or a plan arrives for: the record chosen after the duplicate check
    (`child`), with the parent or carer named added to the family, or else a new record."""
    if child is None:
        return child_record_new(
            actor=actor, child_details=child_details, family_details=family_details, today=today
        )
    family_contact_add(actor=actor, child=child, family_details=family_details)
    return child


def family_contact_add(*, actor: User, child: Child, family_details: dict | None, case=None):
    """The parent or carer named when a request or a plan arrives for a child already on
    record: added to the child's family unless someone of that name is there already."""
    name = (family_details or {}).get("full_name", "").strip()
    if not name or child.family.filter(full_name__iexact=name).exists():
        return None
    member = FamilyMember(child=child, **family_details)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="family.member_added",
        obj=member,
        case=case,
        payload={"name": member.full_name, "relationship": member.get_relationship_display()},
    )
    return member


def case_open(
    *, actor: User, child: Child, opened_on: datetime.date, officer: User | None = None
) -> Case:
    """A new case for `child` in the officer's team (the actor's when no officer is named),
    allocated to the named officer, or to the actor when they are a case officer."""
    team = (officer or actor).team
    if team is None:
        raise ValidationError("Your account is not in a team, so the case has nowhere to go.")
    case = Case.objects.create(
        reference=case_reference_next(),
        child=child,
        team=team,
        officer=officer or (actor if actor.role == Role.CASE_OFFICER else None),
        opened_on=opened_on,
    )
    audit_record(
        actor=actor,
        action="case.opened",
        obj=case,
        case=case,
        payload={"reference": case.reference},
    )
    return case
