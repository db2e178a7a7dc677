"""The demo's placement history: every child with a current setting attends it from the day
their first case was opened (as the migration backfills a live database), and a few children
with a plan moved to the setting it names from another one earlier, so the history has moves."""

import datetime

from cases.models import Case
from cases.models import Child
from cases.models import Placement
from cases.models.placements import placements_from_current_settings
from ehcp.models import MAINTAINED_STATES
from ehcp.models import Plan

EARLIER_EVERY = 7  # one plan in this many shows an earlier setting


def seed_placements(*, today: datetime.date) -> int:
    made = placements_from_current_settings(Child, Case, Placement)
    plans = (
        Plan.objects.filter(state__in=MAINTAINED_STATES, placement_setting__isnull=False)
        .exclude(first_issued_on__isnull=True)
        .order_by("pk")
        .values_list("case__child_id", "case_id", "first_issued_on", "case__opened_on")[
            ::EARLIER_EVERY
        ]
    )
    open_by_child = {p.child_id: p for p in Placement.objects.filter(rank=1, ended_on__isnull=True)}
    earlier = []
    for child_id, case_id, issued_on, opened_on in plans:
        current = open_by_child.get(child_id)
        if current is None or not current.estimated_start or issued_on <= opened_on:
            continue
        earlier.append(
            Placement(
                child_id=child_id,
                case_id=case_id,
                setting_type="mainstream",
                started_on=opened_on,
                ended_on=issued_on - datetime.timedelta(days=1),
                estimated_start=True,
            )
        )
        current.started_on, current.estimated_start = issued_on, False
    Placement.objects.bulk_update(
        [open_by_child[p.child_id] for p in earlier], ["started_on", "estimated_start"]
    )
    Placement.objects.bulk_create(earlier, batch_size=2000)
    return made + len(earlier)
