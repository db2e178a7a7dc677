"""Stored deadlines: what is due on a case, by when, and when it was met. They hang off `Case`."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

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

    @property
    def is_open(self) -> bool:
        """Still to be met (the SQL form: `met_on__isnull=True, cancelled=False`)."""
        return self.met_on is None and not self.cancelled

    def get_kind_display(self) -> str:
        return deadline_kind(self.kind).label

    @property
    def statutory(self) -> bool:
        return deadline_kind(self.kind).statutory
