"""The case file: people, settings, children and young people, their families and their cases.

Requests for assessment, the co-ordinated assessment and stored deadlines hang off `Case`.
"""

from contextlib import contextmanager, suppress
from contextvars import ContextVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import DatabaseError, connection, models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from .roles import PORTAL_ROLES, STAFF_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.SEN_MANAGER)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class Team(models.Model):
    """A locality or specialist team of case officers, led by a SEN manager."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: council staff and portal users alike. Email is the login."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    is_active = models.BooleanField(default=True)
    # Django admin access (support tooling only), not a role in the service.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_council_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_portal_user(self) -> bool:
        return self.role in PORTAL_ROLES


class SettingType(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years provider"
    MAINSTREAM = "mainstream", "Mainstream school"
    ACADEMY = "academy", "Academy or free school"
    SPECIAL = "special", "Special school"
    INDEPENDENT_SPECIAL = "independent_special", "Independent special school"
    RESOURCED = "resourced", "Mainstream school with resourced provision"
    FE_COLLEGE = "fe_college", "Further education college"
    SIXTH_FORM = "sixth_form", "Sixth form college"
    SPECIALIST_POST16 = "specialist_post16", "Specialist post-16 institution"
    OTHER = "other", "Other"


class Phase(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    INFANT = "infant", "Infant"
    JUNIOR = "junior", "Junior"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST16 = "post16", "Post-16"


class Setting(models.Model):
    """A school, college or early years provider a child attends or may be named in a plan."""

    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN",
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{6,8}$", "A URN is 6 to 8 digits.")],
        help_text="Unique reference number from Get Information about Schools.",
    )
    setting_type = models.CharField(max_length=30, choices=SettingType.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    local_authority = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NeedType(models.TextChoices):
    """Types of need: the SEN2 and school census codes."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


upn_validator = RegexValidator(
    r"^[A-Z]\d{11}[0-9A-Z]$",
    "A UPN is a capital letter, 11 digits and a final digit or capital letter (13 characters).",
)
uln_validator = RegexValidator(r"^\d{10}$", "A ULN is 10 digits.")
nhs_validator = RegexValidator(r"^\d{10}$", "An NHS number is 10 digits.")
postcode_validator = RegexValidator(
    r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", "Enter a real postcode, like SW1A 1AA."
)


class Child(models.Model):
    """A child or young person (0-25) known to the SEND team."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    upn = models.CharField(
        "UPN", max_length=13, blank=True, validators=[upn_validator], db_index=True
    )
    uln = models.CharField("ULN", max_length=10, blank=True, validators=[uln_validator])
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[nhs_validator]
    )
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[postcode_validator])
    email = models.EmailField(
        blank=True,
        help_text="The young person's own email: letters and reminders go here once they are a "
        "young person (the day after the last Friday in June of the school year they turn 16).",
    )
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    current_setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.SET_NULL, related_name="pupils"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(
                Lower("last_name"), Lower("first_name"), "date_of_birth", name="child_name_dob"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    PHONE = "phone", "Phone"


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    CORPORATE_PARENT = "corporate_parent", "Local authority (corporate parent)"
    OTHER = "other", "Other"


class FamilyMember(models.Model):
    """A parent or carer of a child, with whether they hold parental responsibility."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family")
    full_name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=True)
    is_main_contact = models.BooleanField(default=False)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    needs_interpreter = models.BooleanField(default=False)
    language = models.CharField(max_length=50, blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="family_links"
    )

    class Meta:
        ordering = ["-is_main_contact", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.get_relationship_display()})"


class AlternativeRoute(models.TextChoices):
    DEPUTY = "deputy", "Deputy appointed by the Court of Protection"
    ATTORNEY = "attorney", "Attorney under a lasting or enduring power of attorney"
    PARENT = "parent", "Parent (the young person has no deputy or attorney)"


class AlternativePerson(models.Model):
    """Who acts for a young person who lacks the mental capacity for decisions under Part 3 of
    the Children and Families Act 2014: their deputy or attorney where there is one, otherwise
    their parent (SEND Regulations 2014 Part 6 and Schedule 3). While one is recorded, what
    would go to the young person (rights, letters, reminders) goes to them."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="alternative_people")
    route = models.CharField(max_length=10, choices=AlternativeRoute.choices)
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    decisions = models.TextField(help_text="The decisions the young person lacks capacity for.")
    capacity_assessed_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_alternative_person_acting",
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_route_display()})"


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
        ]

    def __str__(self):
        return self.reference


class RequestSource(models.TextChoices):
    """Who asked for the assessment; the SEN2 RequestSource code is in `SEN2_REQUEST_SOURCE`."""

    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    SCHOOL = "school", "School, college or early years setting"
    HEALTH = "health", "Health professional"
    SOCIAL_CARE = "social_care", "Social care professional"
    OTHER = "other", "Someone else"


SEN2_REQUEST_SOURCE = {
    RequestSource.PARENT: 1,
    RequestSource.YOUNG_PERSON: 1,
    RequestSource.SCHOOL: 2,
    RequestSource.HEALTH: 3,
    RequestSource.SOCIAL_CARE: 4,
    RequestSource.OTHER: 5,
}


class ArrivalChannel(models.TextChoices):
    POST = "post", "Post"
    EMAIL = "email", "Email"
    HAND = "hand", "By hand"
    PORTAL = "portal", "Online (portal)"
    PHONE = "phone", "Phone, confirmed in writing"


class RequestState(models.TextChoices):
    RECEIVED = "received", "Request received"
    REFUSED = "refused", "Not assessing"
    AGREED = "agreed", "Agreed to assess"
    ADVICE_GATHERING = "advice_gathering", "Gathering advice"
    NOT_ISSUING = "not_issuing", "Not issuing a plan"
    DRAFTING = "drafting", "Plan to be drafted"
    DRAFT_ISSUED = "draft_issued", "Draft plan issued"
    FINAL_ISSUED = "final_issued", "Final plan issued"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_REQUEST_STATES = (
    RequestState.RECEIVED,
    RequestState.AGREED,
    RequestState.ADVICE_GATHERING,
    RequestState.DRAFTING,
    RequestState.DRAFT_ISSUED,
)

# Where each state of the request puts the case as a whole.
CASE_STAGE_FOR_REQUEST = {
    RequestState.RECEIVED: CaseStage.REQUEST,
    RequestState.REFUSED: CaseStage.NOT_ASSESSING,
    RequestState.AGREED: CaseStage.ASSESSMENT,
    RequestState.ADVICE_GATHERING: CaseStage.ASSESSMENT,
    RequestState.NOT_ISSUING: CaseStage.NOT_ISSUING,
    RequestState.DRAFTING: CaseStage.DRAFTING,
    RequestState.DRAFT_ISSUED: CaseStage.DRAFTING,
    RequestState.FINAL_ISSUED: CaseStage.PLAN,
    RequestState.WITHDRAWN: CaseStage.WITHDRAWN,
}


class AssessmentRequest(FSMModelMixin, models.Model):
    """A request for an EHC needs assessment and the co-ordinated assessment that follows it.

    The 20-week clock starts on `received_on`. State changes only through `cases.services`.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="requests")
    source = models.CharField("who asked", max_length=20, choices=RequestSource.choices)
    requester_name = models.CharField(max_length=150)
    arrived_at = models.DateTimeField(help_text="When the request reached the council.")
    channel = models.CharField(max_length=10, choices=ArrivalChannel.choices)
    received_on = models.DateField(help_text="The day the statutory clock starts.")
    consent_given = models.BooleanField(
        default=False, help_text="The parent or young person agrees to the request."
    )
    reason = models.TextField()
    in_youth_accommodation = models.BooleanField(
        "made while in relevant youth accommodation", default=False
    )
    state = FSMField(default=RequestState.RECEIVED, choices=RequestState.choices, protected=True)
    version = models.PositiveIntegerField(default=1)

    assess_decided_on = models.DateField(null=True, blank=True)
    assess_reason = models.TextField(blank=True)
    issue_decided_on = models.DateField(null=True, blank=True)
    issue_reason = models.TextField(blank=True)
    rights_given = models.BooleanField(
        default=False, help_text="Appeal and mediation rights were given with a refusal."
    )
    draft_issued_on = models.DateField(null=True, blank=True)
    final_issued_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on"]
        permissions = [
            ("decide_request", "Can make panel decisions on requests and assessments"),
        ]
        indexes = [models.Index(fields=["state", "received_on"])]

    def __str__(self):
        return f"Request received {self.received_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REQUEST_STATES

    # The statutory journey. Each transition is called only by a service, inside a locked row.
    @transition(field=state, source=RequestState.RECEIVED, target=RequestState.AGREED)
    def agree_to_assess(self):
        pass

    @transition(field=state, source=RequestState.RECEIVED, target=RequestState.REFUSED)
    def refuse_to_assess(self):
        pass

    @transition(field=state, source=RequestState.AGREED, target=RequestState.ADVICE_GATHERING)
    def start_advice_gathering(self):
        pass

    @transition(field=state, source=RequestState.ADVICE_GATHERING, target=RequestState.DRAFTING)
    def decide_to_issue(self):
        pass

    @transition(
        field=state,
        source=[RequestState.AGREED, RequestState.ADVICE_GATHERING],
        target=RequestState.NOT_ISSUING,
    )
    def decide_not_to_issue(self):
        pass

    @transition(field=state, source=RequestState.DRAFTING, target=RequestState.DRAFT_ISSUED)
    def issue_draft(self):
        pass

    @transition(field=state, source=RequestState.DRAFT_ISSUED, target=RequestState.FINAL_ISSUED)
    def issue_final(self):
        pass

    @transition(field=state, source=list(OPEN_REQUEST_STATES), target=RequestState.WITHDRAWN)
    def withdraw(self):
        pass


class PanelDecisionKind(models.TextChoices):
    ASSESS = "assess", "Whether to assess"
    ISSUE = "issue", "Whether to issue a plan"


class PanelDecision(models.Model):
    """A decision of the council's panel: who decided, when, what and why."""

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="panel_decisions"
    )
    kind = models.CharField(max_length=10, choices=PanelDecisionKind.choices)
    agreed = models.BooleanField(help_text="Yes: assess / issue. No: refuse / not issue.")
    decided_on = models.DateField()
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="one_decision_per_kind"),
        ]


class AdviceKind(models.TextChoices):
    EDUCATIONAL = "educational", "Educational advice (from the setting)"
    MEDICAL = "medical", "Medical advice (health)"
    PSYCHOLOGICAL = "psychological", "Psychological advice (educational psychologist)"
    SOCIAL_CARE = "social_care", "Social care advice"
    PREPARING_FOR_ADULTHOOD = "pfa", "Preparing for adulthood (year 9 and above)"
    OTHER = "other", "Other advice"


class AdviceRequest(models.Model):
    """Advice asked of one professional for an assessment (reg 6), due 6 weeks after they got it."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="advice")
    kind = models.CharField(max_length=20, choices=AdviceKind.choices)
    addressee_name = models.CharField("adviser", max_length=150)
    addressee_organisation = models.CharField("organisation", max_length=150, blank=True)
    addressee_email = models.EmailField("adviser's email", blank=True)
    adviser = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="advice_requests"
    )
    requested_on = models.DateField()
    received_by_adviser_on = models.DateField()
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    # "Tell us once": advice the family already has, reused when author, family and council agree.
    reused = models.BooleanField(default=False)
    reused_report_dated = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        "Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | Q(received_on__gte=models.F("requested_on")),
                name="advice_received_after_requested",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.addressee_name}"


class ExceptionGround(models.TextChoices):
    """The only grounds on which the 6-, 16- and 20-week limits need not be met (regs 5(4), 10(4),
    13(3)). A missed appointment is not one of them."""

    SCHOOL_CLOSURE = "school_closure", "(a) School or post-16 institution closed for 4+ weeks"
    EARLY_YEARS_CLOSURE = "ey_closure", "(b) Early years provider closed for 4+ weeks"
    PERSONAL_CIRCUMSTANCES = "personal", "(c) Exceptional personal circumstances"
    AWAY_FROM_AREA = "away", "(d) Away from the area for 4+ continuous weeks"


class TimeLimitException(models.Model):
    """A recorded exception to the statutory limits. The nominal dates are kept unchanged."""

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="exceptions"
    )
    ground = models.CharField(max_length=20, choices=ExceptionGround.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="exception_ends_after_start",
            ),
        ]


class DeadlineKind(models.TextChoices):
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


# Targets the council sets for itself; shown, but not counted as statutory timeliness.
NON_STATUTORY_KINDS = frozenset(
    {DeadlineKind.DRAFT_PLAN_TARGET, DeadlineKind.CONSULTATION_RESPONSE}
)


class DeadlineStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due within 5 working days"
    OVERDUE = "overdue", "Overdue"
    MET_ON_TIME = "met_on_time", "Met on time"
    MET_LATE = "met_late", "Met late"


class Deadline(models.Model):
    """One statutory limit on one object, stored so lists and nightly jobs query it with SQL.

    Derived from `cases.deadlines` by the service that changes its inputs; `met_on` records when
    the duty was done; `cancelled` marks a limit that no longer applies (e.g. request refused).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=30, choices=DeadlineKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    label = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    exception = models.ForeignKey(
        TimeLimitException, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
    def statutory(self) -> bool:
        return self.kind not in NON_STATUTORY_KINDS


def document_upload_to(instance, filename):
    # The stored name never comes from the user: a random token under the case's folder.
    import secrets

    return f"cases/{instance.case_id}/{secrets.token_hex(16)}"


class DocumentKind(models.TextChoices):
    REQUEST = "request", "Request for assessment"
    ADVICE = "advice", "Advice"
    DECISION_LETTER = "decision_letter", "Decision letter"
    DRAFT_PLAN = "draft_plan", "Draft plan"
    FINAL_PLAN = "final_plan", "Final plan"
    OTHER = "other", "Other"


class Document(models.Model):
    """A file on the case. Served only through a permission-checked download view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


# The audit trail and the access log are append-only. Erasure at the end of the retention period
# is the one exception the law asks for: cases.dataprotection takes personal data out of written
# rows inside `trail_redaction()`. On PostgreSQL a trigger enforces the same below the ORM
# (migration 0006), so neither a queryset update nor raw SQL can rewrite the trail.
_trail_redaction = ContextVar("trail_redaction", default=False)
TRAIL_REDACTION_SETTING = "send_portal.trail_redaction"


class TrailChangeRefused(Exception):
    """An attempt to change or delete a row of the audit trail or the access log."""


def _set_trail_redaction(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [TRAIL_REDACTION_SETTING, value])


@contextmanager
def trail_redaction():
    """Allow updates (never deletes) of trail rows for the duration, in this transaction only."""
    token = _trail_redaction.set(True)
    try:
        _set_trail_redaction("on")
        yield
    except BaseException:
        # A failed statement may have aborted the transaction, which then rolls back and takes
        # the setting with it; closing the window may not be possible and is not needed.
        with suppress(DatabaseError):
            _set_trail_redaction("off")
        raise
    else:
        _set_trail_redaction("off")
    finally:
        _trail_redaction.reset(token)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if not _trail_redaction.get():
            raise TrailChangeRefused(f"{self.model._meta.verbose_name_plural} are never changed.")
        return super().update(**kwargs)

    def delete(self):
        raise TrailChangeRefused(f"{self.model._meta.verbose_name_plural} are never deleted.")

    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    """A row that is written once: saving it again, or deleting it, is refused."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TrailChangeRefused(f"{self._meta.verbose_name_plural} are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TrailChangeRefused(f"{self._meta.verbose_name_plural} are never deleted.")


class AuditEntry(AppendOnlyModel):
    """Who did what to which record, when, with old and new values. Never edited or deleted."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the system (nightly jobs).",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class RecordAccess(AppendOnlyModel):
    """A member of staff opened a child's record or downloaded a document (special category data)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["case", "-at"])]
        verbose_name_plural = "record accesses"


class NotificationChannel(models.TextChoices):
    EMAIL = "email", "Email"


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will be retried)"
    GAVE_UP = "gave_up", "Failed (no more retries)"


class Notification(models.Model):
    """A message the service sends: to whom, what, by which channel, and what happened.

    `dedupe_key` is unique, so the nightly job can be run twice, or restarted half way,
    without anyone being told the same thing twice.
    """

    dedupe_key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    to_address = models.EmailField()
    channel = models.CharField(
        max_length=10, choices=NotificationChannel.choices, default=NotificationChannel.EMAIL
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["queued", "failed"]),
                name="notification_pending",
            ),
        ]

    def __str__(self):
        return f"{self.kind} to {self.to_address} ({self.status})"


class JobRun(models.Model):
    """One run of the nightly deadline job: when, and what each step did (for the auditor)."""

    run_on = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    stats = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
