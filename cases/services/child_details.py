"""Changing what is recorded about a child or young person (sex and ethnicity, what the SEN2
return needs) from their case: locked, checked, saved with only the changed fields, audited
with the old and new values."""

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.audit import audit_record
from cases.models import Case
from cases.models import Child
from cases.models import Sex
from cases.models import User
from cases.models.children import Ethnicity
from cases.permissions import require
from cases.rules import Need

CHANGEABLE = {"sex": "sex", "ethnicity": "ethnicity"}


@transaction.atomic
def child_details_change(*, actor: User, case: Case, sex: str, ethnicity: str) -> list[str]:
    """Record the child's sex and ethnicity; returns the names of the fields that changed."""
    require(actor, case, Need.WORK)
    if sex not in Sex.values:
        raise ValidationError({"sex": "Select the child's sex, or 'Not known yet'"})
    if ethnicity and ethnicity not in Ethnicity.values:
        raise ValidationError({"ethnicity": "Select the child's ethnicity, or 'Not recorded yet'"})
    child = Child.objects.select_for_update().get(pk=case.child_id)
    wanted = {"sex": sex, "ethnicity": ethnicity}
    changed = {name: value for name, value in wanted.items() if getattr(child, name) != value}
    if not changed:
        return []
    before = {name: getattr(child, name) for name in changed}
    for name, value in changed.items():
        setattr(child, name, value)
    child.save(update_fields=list(changed))
    audit_record(
        actor=actor,
        action="child.details_changed",
        obj=child,
        case=case,
        payload={"fields": " and ".join(changed)},
        changes={name: [before[name], changed[name]] for name in changed},
    )
    return list(changed)
