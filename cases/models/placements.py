"""Placements: the settings a child or young person has attended, with the dates, kept by one
service (`cases.services.placements.placement_move`) whenever the setting they attend changes
(the plan names a new one, or an officer records a move). SEN2 Module 5 (`PlacementDetail`)
is read from here: each setting attended during the collection year, its rank, entry and
leaving dates; the child's `current_setting` is the open rank-1 placement."""

from django.db import models
from django.db.models import F
from django.db.models import Q

from .case import Case
from .children import Child
from .children import Setting
from .children import SettingType
from .people import User


class PlacementRank(models.IntegerChoices):
    MAIN = 1, "Main setting"
    SECOND = 2, "Second setting (dual placement)"


class Placement(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    # The case the move was recorded on (subject access and erasure reach placements through it).
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    # The type of setting, kept when no named setting is known (SEN2 `SENsetting`).
    setting_type = models.CharField(max_length=30, choices=SettingType.choices, blank=True)
    rank = models.PositiveSmallIntegerField(
        choices=PlacementRank.choices, default=PlacementRank.MAIN
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    sen_unit = models.BooleanField(default=False)
    # Backfilled from the current setting when placements began to be kept: the entry date is
    # the earliest date the casework knows of, not the day the child started there.
    estimated_start = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(setting__isnull=False) | ~Q(setting_type=""),
                name="placement_names_a_setting_or_type",
            ),
            models.UniqueConstraint(
                fields=["child", "rank"],
                condition=Q(ended_on__isnull=True),
                name="one_open_placement_per_rank",
            ),
        ]
        indexes = [models.Index(fields=["child", "started_on"])]

    def __str__(self):
        where = self.setting.name if self.setting_id else self.get_setting_type_display()
        until = f" to {self.ended_on:%-d %B %Y}" if self.ended_on else ""
        return f"{where}, from {self.started_on:%-d %B %Y}{until}"


def placements_from_current_settings(child_model, case_model, placement_model) -> int:
    """Give each child with a current setting and no open main placement one there, started
    (estimated) on the day their first case was opened: the earliest date the casework knows
    of. Takes the model classes (the
    placements migration of its day ran it on historical models); the demo loads with it. Returns the number made."""
    first_case = {}
    for case_id, child_id, opened_on in case_model.objects.order_by("opened_on", "id").values_list(
        "id", "child_id", "opened_on"
    ):
        first_case.setdefault(child_id, (case_id, opened_on))
    placed = set(
        placement_model.objects.filter(rank=1, ended_on__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    rows = []
    for child_id, setting_id, setting_type in child_model.objects.filter(
        current_setting__isnull=False
    ).values_list("id", "current_setting_id", "current_setting__setting_type"):
        if child_id not in first_case or child_id in placed:
            continue
        case_id, opened_on = first_case[child_id]
        rows.append(
            placement_model(
                child_id=child_id,
                case_id=case_id,
                setting_id=setting_id,
                setting_type=setting_type,
                rank=1,
                started_on=opened_on,
                estimated_start=True,
            )
        )
    placement_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
