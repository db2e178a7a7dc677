"""Helpers shared by every EHC plan service: lock the plan row and check the user may work on
it (and, to edit its sections, that it is still editable), bump its version, read field values
for the audit, and freeze the working copy into a version.

Issuing freezes the working copy into a `PlanVersion`, inside the same transaction as the state
change, so an issued version never exists without its content; its PDF is rendered by a task once
that commits (`ehcp.tasks.render_version_pdf`) and stored once on the version.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from cases.models import User
from cases.permissions import require
from cases.rules import ConcurrentChange
from cases.rules import Need
from cases.services import check_date
from cases.services.placements import placement_move
from cases.services.records import record_save
from cases.templatetags.govuk import in_a_sentence
from cases.validation import check_case_date
from ehcp import content as plan_content
from ehcp.models import Plan
from ehcp.models import PlanVersion


def _lock_plan(plan_id: int, version: int | None, actor: User) -> Plan:
    plan = Plan.objects.select_for_update().select_related("case", "case__child").get(pk=plan_id)
    require(actor, plan.case, Need.WORK)
    if version is not None and plan.version != version:
        raise ConcurrentChange()
    return plan


def _lock_plan_to_edit(plan_id: int, actor: User) -> Plan:
    """The plan's working copy, locked, for a change to its sections: refused once the plan can
    no longer be edited (issued, ceased)."""
    plan = _lock_plan(plan_id, None, actor)
    if not plan.is_editable:
        raise ValidationError(
            f"The plan is {in_a_sentence(plan.get_state_display())}: it cannot be edited."
        )
    return plan


def _touch(plan: Plan, *fields: str) -> None:
    """Save `fields`: any change to the plan moves its version on (`record_save`)."""
    record_save(plan, *fields)


def _values(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _freeze(
    plan: Plan, *, actor: User, kind: str, issued_on: datetime.date, for_final: bool
) -> PlanVersion:
    content = plan_content.snapshot(plan)
    found = plan_content.problems(
        content,
        for_final=for_final,
        year_group=plan_content.child_year_group(content, issued_on),
    )
    if found:
        raise ValidationError([f"{p.message}" for p in found])
    number = (plan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, kind=kind, issued_on=issued_on, issued_by=actor, content=content
    )
    # The PDF is rendered by a task once this commits, not in the officer's request under the
    # plan's lock (`ehcp.tasks.render_version_pdf`); the plan page says it is being prepared.
    from ehcp.tasks import render_version_pdf  # the task calls these services

    # robust: a broker out of reach is logged, and the first download renders the PDF instead
    transaction.on_commit(lambda: render_version_pdf.delay(version.pk), robust=True)
    return version


def check_plan_date(
    value: datetime.date,
    *,
    plan: Plan,
    field: str,
    today: datetime.date,
    not_before: datetime.date | None = None,
    before_label: str = "",
) -> None:
    """A date recorded on a plan's record (a review, an amendment, ceasing): a date on the
    child's record (`cases.validation.check_case_date`: not in the future, not before the child
    was born), and not before the plan was first issued nor before `not_before` (`before_label`
    says what happened then)."""
    check_case_date(
        value,
        field=field,
        born_on=plan.case.child.date_of_birth,
        today=today,
        not_before=not_before,
        before_label=before_label,
        also=((plan.first_issued_on, "the plan was first issued"),),
    )


def check_dates_after(
    not_before: datetime.date | None,
    *,
    before_label: str,
    today: datetime.date,
    **dated: datetime.date,
) -> None:
    """Each of `dated` (the field's name: its date), a step that follows an earlier one: not
    ahead, and not before `not_before` (`before_label` says what happened then)."""
    for field, value in dated.items():
        check_date(
            value, field=field, not_before=not_before, today=today, before_label=before_label
        )


def setting_follows(plan: Plan, *, actor: User, on: datetime.date) -> bool:
    """The child moves to the setting the plan now names (a final plan, an amended plan for a
    phase transfer or a new school), from `on`: their placement history and current setting
    follow, through the one placement service. Returns whether it changed."""
    named = plan.placement_setting
    if named is None:
        return False
    return placement_move(actor=actor, case=plan.case, setting=named, on=on) is not None
