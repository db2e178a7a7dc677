"""Stored deadlines: what is due on a case, by when, and when it was met. They hang off `Case`."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db import models
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import Subquery
from django.db.models import Value
from django.db.models.functions import Coalesce

from cases.deadline_kinds import deadline_kind

from .case import Case


class DeadlineKind(models.TextChoices):
    """The codes and labels of the kinds `cases` and `ehcp` store. Each app registers its own
    kinds (label, statutory or not, "due soon") in `cases.deadline_kinds`; a new app adds its
    codes there, with no migration of `cases`."""

    DECIDE_TO_ASSESS = "decide_to_assess", "Decide whether to assess (6 weeks)"
    ADVICE = "advice", "Advice due (6 weeks)"
    DRAFT_PLAN_TARGET = "draft_plan_target", "Draft plan sent (council target)"
    DECIDE_TO_ISSUE = "decide_to_issue", "Decide whether to issue a plan (16 weeks)"
    DRAFT_RESPONSE = "draft_response", "Family's response to the draft (15 days)"
    CONSULTATION_RESPONSE = "consultation_response", "Setting's response to consultation"
    FINAL_PLAN = "final_plan", "Final plan issued (20 weeks)"
    ANNUAL_REVIEW = "annual_review", "Annual review completed (12 months)"
    REVIEW_REPORT = "review_report", "Review report received (2 weeks)"
    REVIEW_DECISION = "review_decision", "Review decision sent (4 weeks)"
    AMENDMENT_RESPONSE = "amendment_response", "Family's response to proposed amendments (15 days)"
    AMENDED_PLAN = "amended_plan", "Final amended plan issued (8 weeks)"
    PHASE_TRANSFER = "phase_transfer", "Plan amended for the phase transfer"


class DeadlineStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET_ON_TIME = "met_on_time", "Met on time"
    MET_LATE = "met_late", "Met late"
    CANCELLED = "cancelled", "No longer applies"


# What a case's stored next deadline is made of (`Case.next_due_*`).
NEXT_DUE_FIELDS = frozenset({"case", "case_id", "kind", "label", "due_on", "met_on", "cancelled"})


def _next_due_columns() -> dict:
    """The case's earliest open deadline, as correlated subqueries (one index probe each)."""
    earliest = Deadline.objects.filter(
        case=OuterRef("pk"), met_on__isnull=True, cancelled=False
    ).order_by("due_on", "id")
    return {
        "next_due_on": Subquery(earliest.values("due_on")[:1]),
        "next_due_kind": Coalesce(Subquery(earliest.values("kind")[:1]), Value("")),
        "next_due_label": Coalesce(Subquery(earliest.values("label")[:1]), Value("")),
    }


def case_next_due_refresh(case_ids=None) -> int:
    """Store each case's earliest open deadline on the case (`Case.next_due_on`, `_kind`,
    `_label`), for the lists that sort and filter on it with an index.

    The one function that keeps them: every write of a deadline calls it for the cases it
    touched (`DeadlineQuerySet`, `Deadline.save` and `delete`), whichever service or job wrote
    it. With no `case_ids` (the nightly job; bulk loads) it mends every case whose stored value
    is not its own. Returns how many cases it changed (or, for a few cases, looked at).
    """
    if case_ids is not None:
        ids = sorted({pk for pk in case_ids if pk is not None})
        if not ids:
            return 0
        if len(ids) <= _FEW or connection.vendor != "postgresql":
            return sum(
                Case.objects.filter(pk__in=ids[start : start + _FEW]).update(**_next_due_columns())
                for start in range(0, len(ids), _FEW)
            )
    elif connection.vendor != "postgresql":
        columns = _next_due_columns()
        stale = (
            Case.objects.annotate(
                due=columns["next_due_on"],
                kind=columns["next_due_kind"],
                text=columns["next_due_label"],
            )
            .exclude(
                Q(next_due_on=F("due"), next_due_kind=F("kind"), next_due_label=F("text"))
                | Q(next_due_on__isnull=True, due__isnull=True, next_due_kind="", next_due_label="")
            )
            .values_list("pk", flat=True)
        )
        return case_next_due_refresh(list(stale))
    else:
        ids = None
    # Many cases on PostgreSQL: one pass over the open deadlines, writing changed cases only.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE cases_case c SET next_due_on = d.due_on, next_due_kind = d.kind,
                next_due_label = d.label
            FROM (
                SELECT DISTINCT ON (d.case_id) d.case_id, d.due_on, d.kind, d.label
                FROM cases_deadline d
                WHERE d.met_on IS NULL AND NOT d.cancelled
                    AND (%s::bigint[] IS NULL OR d.case_id = ANY(%s))
                ORDER BY d.case_id, d.due_on, d.id
            ) d
            WHERE c.id = d.case_id AND (c.next_due_on, c.next_due_kind, c.next_due_label)
                IS DISTINCT FROM (d.due_on, d.kind, d.label)
            """,
            [ids, ids],
        )
        changed = cursor.rowcount
        cursor.execute(
            """
            UPDATE cases_case c SET next_due_on = NULL, next_due_kind = '', next_due_label = ''
            WHERE (c.next_due_on IS NOT NULL OR c.next_due_kind <> '')
                AND (%s::bigint[] IS NULL OR c.id = ANY(%s))
            AND NOT EXISTS (
                SELECT 1 FROM cases_deadline d
                WHERE d.case_id = c.id AND d.met_on IS NULL AND NOT d.cancelled
            )
            """,
            [ids, ids],
        )
        return changed + cursor.rowcount


_FEW = 500  # cases refreshed by correlated subqueries (a service's one or two; any on SQLite)


class DeadlineQuerySet(models.QuerySet):
    """Deadlines written in bulk keep their cases' stored next deadline (`case_next_due_refresh`)."""

    def _case_ids(self) -> set[int]:
        return set(self.order_by().values_list("case_id", flat=True).distinct())

    def update(self, **kwargs):
        if not NEXT_DUE_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        case_ids = self._case_ids()
        updated = super().update(**kwargs)
        if updated:
            new_case = kwargs.get("case_id", kwargs.get("case"))
            case_ids.add(getattr(new_case, "pk", new_case))
            case_next_due_refresh(case_ids)
        return updated

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        made = super().bulk_create(objs, *args, **kwargs)
        case_next_due_refresh({deadline.case_id for deadline in made})
        return made

    bulk_create.alters_data = True

    def delete(self):
        case_ids = self._case_ids()
        deleted = super().delete()
        case_next_due_refresh(case_ids)
        return deleted

    delete.alters_data = True


class Deadline(models.Model):
    """One statutory limit on one object, stored so lists and nightly jobs query it with SQL.

    Derived from `cases.deadlines` by the service that changes its inputs; `met_on` records when
    the duty was done; `cancelled` marks a limit that no longer applies (e.g. request refused);
    `exceptions` are the recorded exceptions to it (`TimeLimitException.deadlines`).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=30)  # a code registered in cases.deadline_kinds
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    label = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    # The status as of the last nightly run (`cases.jobs.deadlines_refresh_status`), for the
    # dashboard and escalations; screens show the live status from `cases.deadlines`.
    status = models.CharField(
        max_length=20, choices=DeadlineStatus.choices, default=DeadlineStatus.ON_TRACK
    )
    escalated_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"], name="one_deadline_per_kind"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(met_on__isnull=True, cancelled=False),
                name="deadline_open_due",
            ),
            models.Index(fields=["case", "due_on"]),
            # the caseload's "next deadline" of each case: one index probe per case
            models.Index(
                fields=["case", "due_on", "id"],
                condition=Q(met_on__isnull=True, cancelled=False),
                name="deadline_open_by_case",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.due_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or NEXT_DUE_FIELDS.intersection(fields):
            case_next_due_refresh([self.case_id])

    def delete(self, *args, **kwargs):
        case_id = self.case_id
        deleted = super().delete(*args, **kwargs)
        case_next_due_refresh([case_id])
        return deleted

    @property
    def is_open(self) -> bool:
        """Still to be met (the SQL form: `met_on__isnull=True, cancelled=False`)."""
        return self.met_on is None and not self.cancelled

    def get_kind_display(self) -> str:
        return deadline_kind(self.kind).label

    @property
    def statutory(self) -> bool:
        return deadline_kind(self.kind).statutory
