"""What the council held before this service, brought in, and the transfer reviews that turn its
statements of SEN and learning difficulty assessments (LDAs) into EHC plans.

- `LegacyImport`: one uploaded file of legacy records (kept as a stored file), its dry-run
  report and the progress of the real import (fed by a Celery task).
- `LegacyRecord`: one record of the legacy system, by its legacy reference: the key that makes an
  import safe to run again (the same reference updates the same record, never a second one).
- `TransferReview`: the statutory transfer of a statement or an LDA (the transitional order,
  SI 2014/2270 art. 17), a workflow: planned in a cohort -> family notified (2 weeks' notice of
  the start, with an invitation to meet an officer) -> assessing -> draft plan -> final EHC plan,
  or no plan needed. The transfer time limit is stored from the start of the review.
"""

from django.conf import settings
from django.db import models
from django_fsm import FSMField
from django_fsm import FSMModelMixin

from cases.models import Case
from cases.models import Child
from cases.models import NeedType
from cases.models import OnCase
from cases.models import Setting
from cases.models import Versioned
from cases.rules import step
from cases.templatetags.govuk import in_a_sentence


class RecordType(models.TextChoices):
    EHC_PLAN = "ehc_plan", "EHC plan"
    STATEMENT = "statement", "Statement of SEN"
    LDA = "lda", "Learning difficulty assessment (LDA)"


class ImportState(models.TextChoices):
    CHECKED = "checked", "Checked (dry run)"
    QUEUED = "queued", "Waiting to import"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class LegacyImport(models.Model):
    """One file of legacy records: checked first (a dry run whose report is kept), then, once a
    manager confirms, imported all at once by a task that reports its progress here."""

    file = models.FileField(upload_to="legacy-imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=10, choices=ImportState.choices, default=ImportState.CHECKED
    )
    # The dry run's report: {"rows": [{"number", "outcome", "errors": [{"column", "message"}]}],
    # "file_errors": [...], "totals": {...}}
    report = models.JSONField(default=dict)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    totals = models.JSONField(default=dict)  # what the real import did: created/updated/unchanged
    failure = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def error_count(self) -> int:
        return sum(len(row["errors"]) for row in self.report.get("rows", ())) + len(
            self.report.get("file_errors", ())
        )

    @property
    def percent(self) -> int:
        return round(100 * self.done_rows / self.total_rows) if self.total_rows else 0


class LegacyRecord(models.Model):
    """A record of the legacy system, as last imported (the values compared on a re-run)."""

    legacy_reference = models.CharField(max_length=50, unique=True)
    record_type = models.CharField(max_length=10, choices=RecordType.choices)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="legacy_records")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="legacy_records")
    plan = models.ForeignKey(
        "ehcp.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField()
    last_reviewed_on = models.DateField(null=True, blank=True)
    setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The row's cleaned values as last imported: a re-run with the same values changes nothing.
    values = models.JSONField(default=dict)
    imported_from = models.ForeignKey(
        LegacyImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legacy_reference"]

    def __str__(self):
        return self.legacy_reference


class Cohort(models.TextChoices):
    """The phasing of transfers: key transition points first (DOMAIN.md, Transfers)."""

    YEAR_6 = "year_6", "Year 6 (moving to secondary school)"
    YEAR_9 = "year_9", "Year 9 (preparing for adulthood)"
    YEAR_11 = "year_11", "Year 11 (moving to post-16)"
    COLLEGE = "college", "College leavers"
    OTHER = "other", "Other year groups"


COHORT_ORDER = [Cohort.YEAR_6, Cohort.YEAR_9, Cohort.YEAR_11, Cohort.COLLEGE, Cohort.OTHER]

# The local transition plan's phasing (a council setting, kept here): within how many weeks of
# a statement or LDA being planned for transfer its family is told the date the review starts,
# key transition points first. Told by then, the review can start 2 weeks later (art. 17).
NOTIFY_WITHIN_WEEKS = {
    Cohort.YEAR_6: 2,
    Cohort.YEAR_9: 4,
    Cohort.YEAR_11: 6,
    Cohort.COLLEGE: 8,
    Cohort.OTHER: 12,
}


class TransferState(models.TextChoices):
    PLANNED = "planned", "Planned"
    NOTIFIED = "notified", "Family notified"
    ASSESSING = "assessing", "Assessing"
    DRAFT = "draft", "Draft plan issued"
    FINAL = "final", "Final EHC plan issued"
    NO_PLAN = "no_plan", "No plan needed"


OPEN_TRANSFER_STATES = (
    TransferState.PLANNED,
    TransferState.NOTIFIED,
    TransferState.ASSESSING,
    TransferState.DRAFT,
)


class TransferReview(FSMModelMixin, Versioned, OnCase):
    """The transfer of a statement or an LDA to an EHC plan (see the module docstring)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfer_reviews")
    legacy_record = models.OneToOneField(
        LegacyRecord, on_delete=models.PROTECT, related_name="transfer_review"
    )
    record_type = models.CharField(max_length=10, choices=RecordType.choices)
    cohort = models.CharField(max_length=10, choices=Cohort.choices)
    state = FSMField(default=TransferState.PLANNED, choices=TransferState.choices, protected=True)
    notified_on = models.DateField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    meeting_offered = models.CharField(max_length=200, blank=True)
    assessing_from = models.DateField(null=True, blank=True)
    draft_issued_on = models.DateField(null=True, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    no_plan_reason = models.TextField(blank=True)
    plan = models.ForeignKey(
        "ehcp.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["cohort", "state"])]

    def __str__(self):
        return f"Transfer review of the {in_a_sentence(self.get_record_type_display())}"

    @step(state, TransferState.PLANNED, TransferState.NOTIFIED)
    def notify(self):
        pass

    @step(state, TransferState.NOTIFIED, TransferState.ASSESSING)
    def start_assessment(self):
        pass

    @step(state, TransferState.ASSESSING, TransferState.DRAFT)
    def issue_draft(self):
        pass

    @step(state, TransferState.DRAFT, TransferState.FINAL)
    def issue_final(self):
        pass

    @step(state, [TransferState.ASSESSING, TransferState.DRAFT], TransferState.NO_PLAN)
    def conclude_no_plan(self):
        pass
