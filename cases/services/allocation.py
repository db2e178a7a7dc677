"""Allocating cases to case officers: a manager's decision, audited with the officer before and
after. Only an active case officer of the case's own team can be given a case."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cases.audit import audit_record
from cases.models import Case
from cases.models import User
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.permissions import staff_cases
from cases.roles import Role
from cases.rules import ConcurrentChange

REFUSAL = "Only an SEN manager allocates cases."


def allocatable_officers(team_ids=None) -> QuerySet[User]:
    """The active case officers (of these teams): who may be given their cases."""
    officers = User.objects.filter(role=Role.CASE_OFFICER, is_active=True)
    if team_ids is not None:
        officers = officers.filter(team_id__in=list(team_ids))
    return officers.order_by("full_name", "pk")


@transaction.atomic
def cases_allocate(
    *, actor: User, case_ids, officer_id: int, unallocated_only: bool = False
) -> list[Case]:
    """Give these cases to the officer (a reallocation when they had another officer). Returns
    the cases whose officer changed; a case already theirs is left as it is. With
    `unallocated_only` (the list of unallocated work), a case someone allocated meanwhile stops
    the whole allocation with "changed by someone else"."""
    if not has_ability(actor, Ability.ALLOCATE):
        raise PermissionDenied(REFUSAL)
    wanted = set(case_ids)
    if not wanted:
        raise ValidationError({"cases": "Select at least one case to allocate"})
    officer = allocatable_officers().filter(pk=officer_id).first()
    if officer is None:
        raise ValidationError({"officer": "Select an active case officer"})
    cases = list(
        staff_cases(actor)
        .select_for_update(of=("self",))
        .filter(pk__in=wanted)
        .select_related("officer", "team")
        .order_by("reference")
    )
    if len(cases) != len(wanted):
        raise ValidationError(
            "Some of the cases chosen no longer exist or are not yours to allocate."
        )
    taken = [case.reference for case in cases if unallocated_only and case.officer_id]
    if taken:
        raise ConcurrentChange(
            f"{', '.join(taken)} {'was' if len(taken) == 1 else 'were'} allocated by someone else "
            "meanwhile. Nothing has been saved: check the list and try again."
        )
    elsewhere = [case.reference for case in cases if case.team_id != officer.team_id]
    if elsewhere:
        raise ValidationError(
            {
                "officer": f"{officer.full_name} is not in the team that holds "
                f"{', '.join(elsewhere)}: choose an officer of that team"
            }
        )
    changed = []
    for case in cases:
        before = case.officer
        if before is not None and before.pk == officer.pk:
            continue
        case.officer, case.updated_at = officer, timezone.now()
        case.save(update_fields=["officer", "updated_at"])
        if before is None:
            action, payload = "case.allocated", {"officer": officer.full_name}
        else:
            action = "case.reallocated"
            payload = {"before": before.full_name, "officer": officer.full_name}
        audit_record(
            actor=actor,
            action=action,
            obj=case,
            case=case,
            payload=payload,
            changes={"officer": [before.full_name if before else None, officer.full_name]},
        )
        changed.append(case)
    return changed
