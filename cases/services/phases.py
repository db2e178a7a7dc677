"""Where the child's school moves fall, when the council's own pattern is not the usual one: a
middle-school area (first, middle and upper schools) or a college student moving between post-16
institutions. The phase-transfer dates of SEND Regs 2014 reg 18 are worked out from these by the
review schedule (`cases.deadlines.next_phase_transfer`, `post16_move_transfer`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit import audit_record
from cases.case_changes import school_phases_changed
from cases.models import Case
from cases.models import User
from cases.permissions import require
from cases.rules import Need
from cases.validation import check_case_date

FIELDS = ("middle_school_from_year", "secondary_from_year", "post16_move_on")


@transaction.atomic
def case_school_phases_set(
    *,
    actor: User,
    case_id: int,
    middle_school_from_year: int | None,
    secondary_from_year: int | None,
    post16_move_on: datetime.date | None,
    today: datetime.date | None = None,
) -> Case:
    """Record the year groups of a middle-school area's two moves (both, or neither) and a
    college student's planned move, audited with the old and new values."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().select_related("child").get(pk=case_id)
    require(actor, case, Need.WORK)
    if (middle_school_from_year is None) != (secondary_from_year is None):
        field = "secondary_from_year" if secondary_from_year is None else "middle_school_from_year"
        raise ValidationError({field: "Enter both year groups of a middle-school area, or neither"})
    if middle_school_from_year is not None and not (
        3 <= middle_school_from_year < secondary_from_year <= 10
    ):
        raise ValidationError(
            {
                "secondary_from_year": "The move to secondary (upper) school must come after the "
                "move to middle school, between year 3 and year 10"
            }
        )
    if post16_move_on is not None:
        check_case_date(post16_move_on, field="post16_move_on", born_on=case.child.date_of_birth)
        if post16_move_on < today:
            raise ValidationError(
                {"post16_move_on": "The move must be today or in the future: it is planned"}
            )
    new = {
        "middle_school_from_year": middle_school_from_year,
        "secondary_from_year": secondary_from_year,
        "post16_move_on": post16_move_on,
    }
    changes = {
        name: [getattr(case, name), value]
        for name, value in new.items()
        if getattr(case, name) != value
    }
    if not changes:
        return case
    for name, value in new.items():
        setattr(case, name, value)
    case.save(update_fields=[*FIELDS, "updated_at"])
    # A review not yet arranged is timed again from them (ehcp registers how).
    school_phases_changed(case=case, actor=actor)
    audit_record(
        actor=actor,
        action="case.school_phases_set",
        obj=case,
        case=case,
        payload={"reference": case.reference},
        changes=changes,
    )
    return case
