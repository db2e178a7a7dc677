"""The case file: who owns a child's case and where it stands in the statutory journey."""

from django.db import models

from cases.roles import Role

from .children import Child
from .people import Team
from .people import User


class CaseStage(models.TextChoices):
    """Where a case is in the statutory journey; kept current by the services."""

    REQUEST = "request", "Request received"
    ASSESSMENT = "assessment", "Assessment"
    DRAFTING = "drafting", "Plan being drafted"
    PLAN = "plan", "Plan maintained"
    REVIEW = "review", "Annual review"
    NOT_ASSESSING = "not_assessing", "Not assessing"
    NOT_ISSUING = "not_issuing", "Not issuing a plan"
    WITHDRAWN = "withdrawn", "Request withdrawn"
    CEASED = "ceased", "Plan ceased"
    TRANSFERRED = "transferred", "Plan passed to another council"


OPEN_STAGES = (
    CaseStage.REQUEST,
    CaseStage.ASSESSMENT,
    CaseStage.DRAFTING,
    CaseStage.PLAN,
    CaseStage.REVIEW,
)


class Case(models.Model):
    """A child's case file with the SEND team: who owns it and where it stands."""

    reference = models.CharField(max_length=20, unique=True)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    officer = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        limit_choices_to={"role": Role.CASE_OFFICER},
    )
    stage = models.CharField(max_length=20, choices=CaseStage.choices, default=CaseStage.REQUEST)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    # Phase transfers (SEND Regs 2014 reg 18) that depend on where the child lives or studies.
    middle_school_from_year = models.PositiveSmallIntegerField(
        "year group entering middle school",
        null=True,
        blank=True,
        help_text="Middle-school areas only: the year group children move into middle school.",
    )
    secondary_from_year = models.PositiveSmallIntegerField(
        "year group entering secondary school",
        null=True,
        blank=True,
        help_text="Middle-school areas only: the year group children move from middle school to "
        "secondary (upper) school.",
    )
    post16_move_on = models.DateField(
        "moves to another post-16 institution on",
        null=True,
        blank=True,
        help_text="A college student's planned move from one post-16 institution to another.",
    )
    # The earliest open deadline, stored so the caseload sorts and filters on an index. Kept by
    # `cases.models.deadlines.case_next_due_refresh`, which every write of a deadline calls
    # (`Deadline`'s manager and `save`), and checked by the nightly job: never set directly.
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    next_due_kind = models.CharField(max_length=30, blank=True, editable=False)
    next_due_label = models.CharField(max_length=200, blank=True, editable=False)
    # The child's first, last and preferred names as one text, which a search by name reads (a
    # trigram index on PostgreSQL) without joining the children. Kept by the database itself:
    # triggers on the case (a new case, a case given another child) and on the child (a change
    # of name, erasure) write it (triggers in the cases migration); never set here.
    search_names = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "reference"]
        permissions = [
            ("allocate_case", "Can allocate a case to an officer"),
            ("view_all_cases", "Can see every case in the council"),
        ]
        indexes = [
            models.Index(fields=["officer", "stage"]),
            models.Index(fields=["team", "stage"]),
            # the caseload's order (next deadline, then reference), for everyone and by team
            models.Index(fields=["next_due_on", "reference"], name="case_next_due"),
            models.Index(fields=["team", "next_due_on", "reference"], name="case_team_next_due"),
            # a search's children to their cases in a team, from the index alone (a common
            # surname at 100,000 cases: 7-12 ms, against 27-30 ms through the team's every case)
            models.Index(fields=["child", "team"], name="case_child_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(middle_school_from_year__isnull=True)
                | models.Q(
                    secondary_from_year__gt=models.F("middle_school_from_year"),
                    middle_school_from_year__gte=3,
                    secondary_from_year__lte=10,
                ),
                name="middle_school_years_in_order",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def middle_school_years(self) -> tuple[int, int] | None:
        """The years of a middle-school area's two moves, or None elsewhere."""
        if self.middle_school_from_year is None or self.secondary_from_year is None:
            return None
        return (self.middle_school_from_year, self.secondary_from_year)
