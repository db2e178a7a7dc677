"""EHC plans: the statutory sections A to K as structured data, frozen versions, consultation
with settings, and personal budget requests; reviews, amendments and ceasing are in
`ehcp.review_models`, re-exported here.

The plan being written lives in the section tables below (the working copy). Issuing a draft or
a final plan freezes the whole working copy into a `PlanVersion` (JSON, see `ehcp.content`) with
its PDF; versions are never edited again, so any two can be compared section by section.
"""

from django.db import models
from django.db.models import Q
from django_fsm import RETURN_VALUE
from django_fsm import FSMField
from django_fsm import FSMModelMixin
from django_fsm import transition

from cases.models import AdviceRequest
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import Document
from cases.models import OnCase
from cases.models import RequestState
from cases.models import Setting
from cases.models import SettingType
from cases.models import User
from cases.models import Versioned
from cases.rules import condition
from cases.rules import state_now
from cases.rules import step


class PlanState(models.TextChoices):
    DRAFTING = "drafting", "Being drafted"
    DRAFT_ISSUED = "draft_issued", "Draft issued"
    CONSULTATION = "consultation", "Consulting settings"
    FINAL = "final", "Final plan issued"
    AMENDING = "amending", "Being amended"
    CEASED = "ceased", "Ceased"


# While the plan is in one of these states the working copy may be edited: the final plan often
# differs from the draft after the family's comments and the consultation.
EDITABLE_STATES = (
    PlanState.DRAFTING,
    PlanState.DRAFT_ISSUED,
    PlanState.CONSULTATION,
    PlanState.AMENDING,
)
PLAN_REFUSAL = "You cannot work on this plan."
# After the draft is issued: the family comments and schools or colleges are consulted.
CONSULTING_STATES = (PlanState.DRAFT_ISSUED, PlanState.CONSULTATION)
# A plan in force: maintained by the council (CFA 2014 s.42), reviewed every 12 months.
MAINTAINED_STATES = (PlanState.FINAL, PlanState.AMENDING)


DRAFT_NAMES_NO_SETTING = (
    "A draft plan must not name a school or other institution, or a type of setting (Children "
    "and Families Act 2014, section 38(5)): clear section I before issuing the draft. The school "
    "is named in the final plan, after the family has said which one they want."
)


@condition(DRAFT_NAMES_NO_SETTING)
def names_no_setting(plan) -> bool:
    return plan.placement_setting_id is None and not plan.placement_type


@condition(
    "The school or other institution named in section I has not been consulted: consult it "
    "before naming it in the final plan."
)
def named_setting_consulted(plan) -> bool:
    named = plan.placement_setting_id
    return named is None or named in plan.consulted_setting_ids()


@condition(
    "The family asked for a school or college to be named that has not been consulted: consult "
    "it before issuing the final plan."
)
def family_request_consulted(plan) -> bool:
    return plan.requested_setting_ids() <= plan.consulted_setting_ids()


@condition(
    "The family's 15 days to respond to the draft are over, or they said they have "
    "nothing more to add."
)
def family_window_open(plan) -> bool:
    return plan.request is not None and plan.request.draft_response_open()


class PlanQuerySet(models.QuerySet):
    def live(self):
        """Plans in force or being made: every plan but a ceased one. A case holds one live plan
        at a time (a new one is started or entered only when none is)."""
        return self.exclude(state=PlanState.CEASED)


def is_live(plan: "Plan | None") -> bool:
    """The same rule for a plan already read: there is one, and it has not ceased."""
    return plan is not None and plan.state != PlanState.CEASED


HAS_A_PLAN = "This case already has a plan."


class Plan(FSMModelMixin, Versioned, OnCase):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    request = models.ForeignKey(
        AssessmentRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    state = FSMField(default=PlanState.DRAFTING, choices=PlanState.choices, protected=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped by every change (locking).")

    objects = PlanQuerySet.as_manager()

    # Section A: views, interests and aspirations, in the family's and the child's own words.
    views = models.TextField("views of the child and family", blank=True)
    interests = models.TextField("interests", blank=True)
    aspirations = models.TextField("aspirations for the future", blank=True)
    one_page_profile = models.TextField(
        "one-page profile",
        blank=True,
        help_text="What people like and admire about me; what is important to me; how best to support me.",
    )

    # Section I: the named school or other institution, or the type only.
    placement_setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placement_type = models.CharField(max_length=30, choices=SettingType.choices, blank=True)
    placement_notes = models.TextField(blank=True)

    # Section J: the personal budget, by funding stream, and the part paid as a direct payment.
    budget_education = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    budget_health = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    budget_social_care = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    budget_direct_payment = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    budget_arrangements = models.TextField(blank=True)

    first_issued_on = models.DateField(null=True, blank=True)
    # A plan issued before this service or outside it, entered with its last review's date.
    issued_outside = models.BooleanField(default=False)
    last_reviewed_on = models.DateField(null=True, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    cease_reason = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=~Q(state="ceased"), name="one_live_plan_per_case"
            ),
        ]
        permissions = [("issue_plan", "Can issue draft and final EHC plans")]

    def __str__(self):
        return f"EHC plan for {self.case.child}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def consulted_setting_ids(self) -> set[int]:
        known = getattr(self, "_consulted_setting_ids", None)
        if known is None:
            known = set(self.consultations.values_list("setting_id", flat=True))
        return known

    def requested_setting_ids(self) -> set[int]:
        """The schools or colleges the family asked to be named in their response to the draft."""
        known = getattr(self, "_requested_setting_ids", None)
        if known is None:
            known = set(
                self.family_responses.filter(requested_setting__isnull=False).values_list(
                    "requested_setting_id", flat=True
                )
            )
        return known

    # The plan's steps, each declared once (see cases.rules); `ehcp.steps` adds what a person
    # sees, and a transition runs only inside a service, with the row locked.
    @step(
        state,
        PlanState.DRAFTING,
        PlanState.DRAFT_ISSUED,
        conditions=[names_no_setting],
        refusal=PLAN_REFUSAL,
        not_now=state_now("The plan", "the draft has been issued."),
    )
    def issue_draft(self):
        pass

    @step(
        state,
        list(CONSULTING_STATES),
        None,
        conditions=[family_window_open],
        refusal=PLAN_REFUSAL,
        not_now=lambda plan: (
            "The family responds to the draft plan once it has been issued."
            if plan.state == PlanState.DRAFTING
            else "The family's 15 days to respond to the draft are over."
        ),
    )
    def record_family_response(self):
        pass

    @step(
        state,
        list(CONSULTING_STATES),
        None,
        refusal=PLAN_REFUSAL,
        not_now="Schools and colleges are consulted once the draft plan has been issued.",
    )
    def consult_setting(self):
        pass

    @transition(field=state, source=PlanState.DRAFT_ISSUED, target=PlanState.CONSULTATION)
    def start_consultation(self):
        pass

    @step(
        state,
        list(CONSULTING_STATES),
        PlanState.FINAL,
        conditions=[named_setting_consulted, family_request_consulted],
        refusal=PLAN_REFUSAL,
        not_now=state_now("The plan", "the final plan is issued after the draft."),
    )
    def issue_final(self):
        pass

    @transition(field=state, source=PlanState.FINAL, target=PlanState.AMENDING)
    def start_amending(self):
        pass

    @transition(field=state, source=PlanState.AMENDING, target=PlanState.FINAL)
    def finish_amending(self):
        pass

    @transition(field=state, source=list(MAINTAINED_STATES), target=PlanState.CEASED)
    def cease(self):
        pass


class NeedSection(models.TextChoices):
    B = "B", "B: special educational needs"
    C = "C", "C: health needs related to the SEN or disability"
    D = "D", "D: social care needs"


class NeedArea(models.TextChoices):
    COMMUNICATION = "communication", "Communication and interaction"
    COGNITION = "cognition", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


class PlanNeed(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="needs")
    section = models.CharField(max_length=1, choices=NeedSection.choices)
    area = models.CharField(max_length=20, choices=NeedArea.choices)
    description = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section", "order", "id"]

    def __str__(self):
        return f"{self.get_area_display()}: {self.description[:60]}"


class PreparingForAdulthood(models.TextChoices):
    EMPLOYMENT = "employment", "Employment"
    INDEPENDENT_LIVING = "independent_living", "Independent living"
    COMMUNITY = "community", "Community participation"
    HEALTH = "health", "Good health"


class PlanOutcome(models.Model):
    """Section E: a SMART outcome, linked to the needs it addresses."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    description = models.TextField()
    achieve_by = models.CharField("by when", max_length=100)
    steps = models.TextField("steps towards it", blank=True)
    needs = models.ManyToManyField(PlanNeed, related_name="outcomes", blank=True)
    preparing_for_adulthood = models.CharField(
        max_length=20,
        choices=PreparingForAdulthood.choices,
        blank=True,
        help_text="From year 9: the preparing-for-adulthood area this outcome serves.",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.description[:80]


class ProvisionSection(models.TextChoices):
    F = "F", "F: special educational provision"
    G = "G", "G: health provision"
    H1 = "H1", "H1: social care provision (CSDPA 1970 s.2)"
    H2 = "H2", "H2: other social care provision"


class PlanProvision(models.Model):
    """Sections F, G, H1, H2: specific and quantified: what, by whom, how often, how much, how long."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="provisions")
    section = models.CharField(max_length=2, choices=ProvisionSection.choices)
    what = models.TextField("provision")
    by_whom = models.CharField("delivered by", max_length=200)
    frequency = models.CharField("how often", max_length=100, blank=True)
    quantity = models.CharField("how much each time", max_length=100, blank=True)
    duration = models.CharField("for how long", max_length=100, blank=True)
    outcomes = models.ManyToManyField(PlanOutcome, related_name="provisions", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section", "order", "id"]

    def __str__(self):
        return self.what[:80]


class PlanAdvice(models.Model):
    """Section K: the advice and information gathered during the assessment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="advice")
    title = models.CharField(max_length=200)
    author = models.CharField(max_length=200)
    dated = models.DateField(null=True, blank=True)
    advice_request = models.ForeignKey(
        AdviceRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["dated", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "advice_request"],
                name="advice_listed_once",
                condition=Q(advice_request__isnull=False),
            ),
        ]


class VersionKind(models.TextChoices):
    DRAFT = "draft", "Draft plan"
    FINAL = "final", "Final plan"
    AMENDMENT_DRAFT = "amendment_draft", "Proposed amendments"
    AMENDED_FINAL = "amended_final", "Amended final plan"


DRAFT_KINDS = (VersionKind.DRAFT, VersionKind.AMENDMENT_DRAFT)


PDF_FIELDS = {"pdf", "pdf_attempts", "pdf_error"}


def version_pdf_path(instance, filename):
    return f"plans/{instance.plan_id}/v{instance.number}-{instance.kind}.pdf"


class PlanVersion(models.Model):
    """An issued plan, frozen: the content of every section as it was sent, and its PDF."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=VersionKind.choices)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()
    # Rendered by a task after the issue commits (`ehcp.tasks.render_version_pdf`), stored once;
    # until then the plan page says it is being prepared, and a failed render says so here.
    pdf = models.FileField(upload_to=version_pdf_path, blank=True)
    pdf_attempts = models.PositiveSmallIntegerField(default=0)
    pdf_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="version_number_unique"),
        ]

    def __str__(self):
        return f"Version {self.number}: {self.get_kind_display()}, {self.issued_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        # Frozen: only the PDF (and how its rendering went) may be written after the content.
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and (update_fields is None or set(update_fields) - PDF_FIELDS):
            raise ValueError("An issued plan version is never changed.")
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.kind in DRAFT_KINDS


class FamilyResponse(OnCase):
    """What the family said about the draft plan within their 15 days (reg 13(1)): comments on
    its sections, a request for a meeting, and the school or college they ask to be named
    (CFA 2014 s.38(2)(b)), which the council must consult. Only "nothing more to add" ends their
    window before its last day."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="family_responses")
    received_on = models.DateField()
    comments = models.JSONField(
        default=dict, blank=True, help_text="The family's comments, by section key (A to K)."
    )
    wants_meeting = models.BooleanField(default=False)
    requested_setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nothing_more_to_add = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    case_path = "plan.case"

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"Family's response of {self.received_on:%-d %B %Y}"


class ConsultationResponse(models.TextChoices):
    CAN_MEET = "can_meet", "Can meet the needs"
    CANNOT_MEET = "cannot_meet", "Cannot meet the needs"


class ConsultationState(models.TextChoices):
    AWAITED = "awaited", "Response awaited"
    RESPONDED = "responded", "Responded"


class Consultation(FSMModelMixin, OnCase):
    """A school or college consulted about being named in section I (15 days, Code 9.79)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    state = FSMField(
        default=ConsultationState.AWAITED, choices=ConsultationState.choices, protected=True
    )
    requested_by_family = models.BooleanField(default=False)
    consulted_on = models.DateField()
    due_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=20, choices=ConsultationResponse.choices, blank=True)
    response_notes = models.TextField(blank=True)

    case_path = "plan.case"

    class Meta:
        ordering = ["consulted_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "setting"], name="consult_setting_once"),
            models.CheckConstraint(
                condition=Q(state="awaited", responded_on__isnull=True)
                | Q(state="responded", responded_on__isnull=False),
                name="consultation_response_has_its_date",
            ),
        ]

    def __str__(self):
        return f"Consultation with {self.setting}"

    @step(
        state,
        ConsultationState.AWAITED,
        ConsultationState.RESPONDED,
        refusal=PLAN_REFUSAL,
        not_now=lambda c: f"The response from {c.setting.name} has already been recorded.",
    )
    def record_response(self):
        pass


class BudgetDecision(models.TextChoices):
    PENDING = "pending", "Awaiting a decision"
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Refused"


# The council has decided to issue a plan once the request reaches one of these states: from
# then on a family may ask for a personal budget (Personal Budgets Regs 2014 reg 3).
DECIDED_TO_ISSUE_STATES = (
    RequestState.DRAFTING,
    RequestState.DRAFT_ISSUED,
    RequestState.FINAL_ISSUED,
)
BUDGET_NOT_YET = (
    "A personal budget can be requested once the council has decided to issue a plan, "
    "or at a review."
)


def budget_may_be_requested(*, plan: "Plan | None", decided_to_issue: bool) -> bool:
    """A family may ask for a personal budget once the council has decided to issue a plan, or
    while a plan is maintained, e.g. at a review (CFA 2014 s.49; Personal Budgets Regs reg 3)."""
    return decided_to_issue or is_live(plan)


def plan_start_refusal(request: AssessmentRequest | None, *, has_live_plan: bool) -> str:
    """Why a plan cannot be started here now ("" when it can): the council must have decided to
    issue one (the request is being drafted), and a case holds one plan in force at a time."""
    if has_live_plan:
        return HAS_A_PLAN
    if request is None or request.state != RequestState.DRAFTING:
        return "A plan is drafted once the council has decided to issue one."
    return ""


class PersonalBudgetRequest(FSMModelMixin, OnCase):
    """A request for a personal budget (Personal Budgets Regs 2014), with its decision and reasons."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="budget_requests")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="budget_requests"
    )
    requested_on = models.DateField()
    requested_by = models.CharField(max_length=150)
    covers_education = models.BooleanField(default=True)
    covers_health = models.BooleanField(default=False)
    covers_social_care = models.BooleanField(default=False)
    wants_direct_payment = models.BooleanField(default=False)
    details = models.TextField(blank=True)
    decision = FSMField(
        max_length=10,
        choices=BudgetDecision.choices,
        default=BudgetDecision.PENDING,
        protected=True,
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(decided_on__isnull=False),
                name="budget_decision_dated",
            ),
        ]

    @step(
        decision,
        source=BudgetDecision.PENDING,
        target=RETURN_VALUE(BudgetDecision.AGREED, BudgetDecision.REFUSED),
        not_now="A decision on this personal budget request has already been recorded.",
    )
    def decide(self, *, agreed: bool) -> str:
        return BudgetDecision.AGREED if agreed else BudgetDecision.REFUSED


# The reviews, amendments and ceasing of a plan in force (imported last: they build on Plan).
from .review_models import ADULT_AGE  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import DECISION_STATES  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import OPEN_CESSATION_STATES  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import OPEN_REVIEW_STATES  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import REVIEW_FIRST_REASONS  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import Amendment  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import AmendmentState  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import AnnualReview  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import CeaseReason  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import Cessation  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import CessationState  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import ReviewDecision  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import ReviewState  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import advice_not_yet_circulated  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import ceasing_not_yet_considered  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import no_appeal_pending  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import not_left_to_the_review_decision  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import plan_in_force  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import plan_not_being_amended  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import review_held_first  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import setting_consulted  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
from .review_models import setting_not_yet_consulted  # noqa: E402, F401 (re-exported: `from ehcp.models import AnnualReview`)
