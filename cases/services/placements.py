"""Placements: the one place a child's attended setting changes. `placement_move` ends the open
placement of the rank the day before the new one starts, opens the new one, and keeps the
child's `current_setting` (the main setting) in step, audited; `placement_record_current`
starts the history of a child recorded with a setting and none yet (a new request)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.audit import audit_record
from cases.models import Case
from cases.models import Child
from cases.models import Placement
from cases.models import PlacementRank
from cases.models import Setting
from cases.models import User


def _open_placement(child: Child, rank: int) -> Placement | None:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("setting")
        .filter(child=child, rank=rank, ended_on__isnull=True)
        .first()
    )


@transaction.atomic
def placement_move(
    *,
    actor: User | None,
    case: Case,
    setting: Setting | None,
    on: datetime.date,
    setting_type: str = "",
    rank: int = PlacementRank.MAIN,
    sen_unit: bool = False,
) -> Placement | None:
    """The child of the case attends `setting` (or a setting of `setting_type` only) from `on`.
    Returns the new placement, or None when they already attend it. A move dated before the
    open placement began is refused; one dated the same day corrects that placement."""
    if setting is None and not setting_type:
        raise ValidationError("Choose the setting, or the type of setting.")
    child = (
        Child.objects.select_for_update(of=("self",))
        .select_related("current_setting")
        .get(pk=case.child_id)
    )
    current = _open_placement(child, rank)
    if current is not None:
        same = (
            current.setting_id == setting.pk
            if setting is not None
            else current.setting_id is None and current.setting_type == setting_type
        )
        if same:
            return None
        if on < current.started_on:
            raise ValidationError(
                {
                    "on": f"The move cannot be before {current.started_on:%-d %B %Y}, when the "
                    "current placement began."
                }
            )
    before = str(current.setting.name if current and current.setting_id else "")
    if current is not None and current.started_on == on:
        current.delete()  # recorded the same day: a correction, not a stay of no days
    elif current is not None:
        current.ended_on = on - datetime.timedelta(days=1)
        current.save(update_fields=["ended_on"])
    placement = Placement.objects.create(
        child=child,
        case=case,
        setting=setting,
        setting_type=setting.setting_type if setting is not None else setting_type,
        rank=rank,
        started_on=on,
        sen_unit=sen_unit,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    after = setting.name if setting is not None else placement.get_setting_type_display()
    if rank == PlacementRank.MAIN and child.current_setting_id != (setting and setting.pk):
        child.current_setting = setting
        child.save(update_fields=["current_setting"])
    audit_record(
        actor=actor,
        action="placement.moved",
        obj=child,
        case=case,
        payload={"setting": after, "on": on},
        changes={"current_setting": [before, after]},
    )
    return placement


@transaction.atomic
def placement_record_current(*, actor: User | None, case: Case, on: datetime.date) -> None:
    """Start the placement history of a child who has a current setting and no open main
    placement (a child recorded with a new request), from `on`."""
    child = Child.objects.select_for_update().get(pk=case.child_id)
    if child.current_setting_id is None or _open_placement(child, PlacementRank.MAIN):
        return
    setting = Setting.objects.get(pk=child.current_setting_id)
    placement_move(actor=actor, case=case, setting=setting, on=on)
