"""Requests for assessment and the co-ordinated assessment: panel decisions, advice requests
and exceptions to the time limits. They hang off `Case`."""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField
from django_fsm import FSMModelMixin

from cases.rules import Need
from cases.rules import condition
from cases.rules import state_now
from cases.rules import step

from .base import OnCase
from .base import Versioned
from .case import Case
from .case import CaseStage
from .people import User


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
    REASSESSED = "reassessed", "Reassessment finished"


class AssessmentKind(models.TextChoices):
    """A first EHC needs assessment, or a reassessment of a plan in force (regs 24 to 27), which
    runs the same co-ordinated assessment (advice) but whose outcome is recorded on the
    reassessment that opened it (the transfers app)."""

    ASSESSMENT = "assessment", "EHC needs assessment"
    REASSESSMENT = "reassessment", "Reassessment"


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
    RequestState.REASSESSED: CaseStage.PLAN,
}


ADVICE_STATES = [RequestState.AGREED, RequestState.ADVICE_GATHERING]
# Every state that follows a panel decision (whether to assess, then whether to issue).
DECIDED_STATES = [
    state for state in RequestState if state not in (RequestState.RECEIVED, RequestState.WITHDRAWN)
]
ISSUE_DECIDERS = "Only the panel or an SEN manager decides whether to issue a plan."
ASSESS_DECIDERS = "Only the panel or an SEN manager decides whether to assess."


@condition(
    "A plan can be issued only after advice has been asked for (reg 6): ask for advice first, "
    "or record a decision not to issue",
    field="agreed",
)
def advice_was_asked_for(request) -> bool:
    # Gathering advice begins with the first advice asked for (or reused).
    return request.state == RequestState.ADVICE_GATHERING


@condition(
    "A decision not to issue a plan can be made only once the assessment has happened: record "
    "advice asked for as received, or reuse existing advice, first (regs 6, 10)",
    field="agreed",
)
def assessment_carried_out(request) -> bool:
    # Read through `advice.all()`, so a page that prefetched the advice asks no query.
    return any(advice.state == AdviceState.RECEIVED for advice in request.advice.all())


@condition("The family has been told of every decision on this request that has a time limit.")
def decision_awaits_telling(request) -> bool:
    # Read through `panel_decisions.all()`, so a page that prefetched them asks no query.
    return any(decision.awaits_telling for decision in request.panel_decisions.all())


@condition("The family's response to the draft has already been recorded.")
def draft_response_awaited(request) -> bool:
    return request.draft_response_open()


@condition("This is a reassessment: its outcome is recorded on the reassessment.")
def first_assessment(request) -> bool:
    return request.kind == AssessmentKind.ASSESSMENT


@condition("Only a reassessment is finished this way.")
def reassessment(request) -> bool:
    return request.kind == AssessmentKind.REASSESSMENT


# What the panel's two decisions say once the request has moved past them (each decision's yes
# and no are two transitions).
NO_ASSESS_DECISION = state_now("This request", "there is no decision whether to assess to record.")
NO_ISSUE_DECISION = state_now(
    "This request", "there is no decision whether to issue a plan to record."
)


class AssessmentRequest(FSMModelMixin, Versioned, OnCase):
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
    kind = models.CharField(
        max_length=12, choices=AssessmentKind.choices, default=AssessmentKind.ASSESSMENT
    )

    assess_decided_on = models.DateField(null=True, blank=True)
    assess_reason = models.TextField(blank=True)
    issue_decided_on = models.DateField(null=True, blank=True)
    issue_reason = models.TextField(blank=True)
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
        indexes = [
            models.Index(fields=["state", "received_on"]),
            # the panel agenda's "decide whether to issue" list, in its order
            models.Index(
                fields=["received_on", "id"],
                condition=Q(state__in=["agreed", "advice_gathering"]),
                name="request_awaiting_issue",
            ),
        ]

    def __str__(self):
        if self.kind == AssessmentKind.REASSESSMENT:
            return f"Reassessment asked for {self.received_on:%-d %B %Y}"
        return f"Request received {self.received_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REQUEST_STATES

    def remember_draft_response(self, deadline) -> None:
        """The family's response deadline as a page already read it (None: there is none)."""
        self._draft_response_open = deadline is not None and deadline.is_open

    def draft_response_open(self) -> bool:
        """Whether the family's 15 days on the draft are still running (and unanswered).

        Pages that have already read the deadline pass it to `remember_draft_response`."""
        known = getattr(self, "_draft_response_open", None)
        if known is not None:
            return known
        from .deadlines import Deadline
        from .deadlines import DeadlineKind

        return Deadline.objects.filter(
            case_id=self.case_id,
            object_id=self.pk,
            content_type__model="assessmentrequest",
            kind=DeadlineKind.DRAFT_RESPONSE,
            met_on__isnull=True,
            cancelled=False,
        ).exists()

    # The statutory journey, each step declared once: its source states, any extra condition,
    # who may take it and what a person reads when the request is past (or not yet at) it. `cases.steps` adds the label, form and service; a transition runs only
    # inside a service (`cases.rules.proceed`), with the row locked. `target=None`: a step that
    # must happen in these states but does not change the state.
    @step(
        state,
        RequestState.RECEIVED,
        RequestState.AGREED,
        need=Need.DECIDE,
        refusal=ASSESS_DECIDERS,
        not_now=NO_ASSESS_DECISION,
    )
    def agree_to_assess(self):
        pass

    @step(
        state,
        RequestState.RECEIVED,
        RequestState.REFUSED,
        need=Need.DECIDE,
        refusal=ASSESS_DECIDERS,
        not_now=NO_ASSESS_DECISION,
    )
    def refuse_to_assess(self):
        pass

    @step(
        state,
        ADVICE_STATES,
        None,
        not_now="Advice is asked for once the council has agreed to assess.",
    )
    def send_advice_request(self):
        pass

    @step(
        state,
        ADVICE_STATES,
        None,
        not_now="Advice is gathered once the council has agreed to assess.",
    )
    def reuse_advice(self):
        pass

    @step(state, RequestState.AGREED, RequestState.ADVICE_GATHERING)
    def start_advice_gathering(self):
        pass

    @step(
        state,
        ADVICE_STATES,
        RequestState.DRAFTING,
        conditions=[first_assessment, advice_was_asked_for],
        need=Need.DECIDE,
        refusal=ISSUE_DECIDERS,
        not_now=NO_ISSUE_DECISION,
    )
    def decide_to_issue(self):
        pass

    @step(
        state,
        ADVICE_STATES,
        RequestState.NOT_ISSUING,
        conditions=[first_assessment, assessment_carried_out],
        need=Need.DECIDE,
        refusal=ISSUE_DECIDERS,
        not_now=NO_ISSUE_DECISION,
    )
    def decide_not_to_issue(self):
        pass

    # The date the family was told of a panel decision: the 6- and 16-week limits are met on it
    # (regs 5(1), 10(1)). Recorded until the notices service records it when the letter goes.
    @step(
        state,
        DECIDED_STATES,
        None,
        conditions=[decision_awaits_telling],
        not_now="The family has been told of every decision on this request.",
    )
    def record_decision_told(self):
        pass

    @step(
        state, RequestState.DRAFTING, RequestState.DRAFT_ISSUED, not_now=state_now("This request")
    )
    def issue_draft(self):
        pass

    @step(
        state,
        RequestState.DRAFT_ISSUED,
        None,
        conditions=[draft_response_awaited],
        not_now="The family responds once the draft plan has been issued.",
    )
    def record_family_response(self):
        pass

    @step(
        state,
        RequestState.DRAFT_ISSUED,
        RequestState.FINAL_ISSUED,
        not_now=state_now("This request"),
    )
    def issue_final(self):
        pass

    @step(
        state,
        list(OPEN_REQUEST_STATES),
        None,
        not_now="Exceptions are recorded while the request is open.",
    )
    def record_exception(self):
        pass

    @step(
        state,
        list(OPEN_REQUEST_STATES),
        RequestState.WITHDRAWN,
        conditions=[first_assessment],
        not_now=state_now("This request"),
    )
    def withdraw(self):
        pass

    # A reassessment's advice is in and its outcome recorded (transfers.moves.reassessment).
    @step(state, ADVICE_STATES, RequestState.REASSESSED, conditions=[reassessment])
    def finish_reassessment(self):
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
    told_on = models.DateField(
        "date the family was told",
        null=True,
        blank=True,
        help_text="The decision's time limit is met on this day, not the day of the decision.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="one_decision_per_kind"),
            models.CheckConstraint(
                condition=Q(told_on__isnull=True) | Q(told_on__gte=models.F("decided_on")),
                name="decision_told_after_decided",
            ),
        ]

    def time_limit(self) -> str | None:
        """The stored limit this decision meets, on the day the family is told of it (never the
        day of the panel): whether to assess, either way, 6 weeks (reg 5(1)); not to issue a
        plan, 16 weeks (reg 10(1)). A decision to issue a plan has no limit of its own: the 20
        weeks of the final plan run on (reg 13(2)). The one place this rule is written."""
        from .deadlines import DeadlineKind

        if self.kind == PanelDecisionKind.ASSESS:
            return DeadlineKind.DECIDE_TO_ASSESS
        return None if self.agreed else DeadlineKind.DECIDE_TO_ISSUE

    @property
    def awaits_telling(self) -> bool:
        """A decision with a time limit whose day the family was told is not yet recorded."""
        return self.told_on is None and self.time_limit() is not None


class AdviceKind(models.TextChoices):
    EDUCATIONAL = "educational", "Educational advice (from the setting)"
    MEDICAL = "medical", "Medical advice (health)"
    PSYCHOLOGICAL = "psychological", "Psychological advice (educational psychologist)"
    SOCIAL_CARE = "social_care", "Social care advice"
    PREPARING_FOR_ADULTHOOD = "pfa", "Preparing for adulthood (year 9 and above)"
    OTHER = "other", "Other advice"


class AdviceState(models.TextChoices):
    AWAITED = "awaited", "Awaited"
    RECEIVED = "received", "Received"


class AdviceRequest(FSMModelMixin, OnCase):
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
    state = FSMField(default=AdviceState.AWAITED, choices=AdviceState.choices, protected=True)
    # "Tell us once": advice the family already has, reused when author, family and council agree.
    reused = models.BooleanField(default=False)
    reused_report_dated = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        "Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    case_path = "request.case"

    class Meta:
        ordering = ["due_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | Q(received_on__gte=models.F("requested_on")),
                name="advice_received_after_requested",
            ),
            models.CheckConstraint(
                condition=Q(state=AdviceState.AWAITED, received_on__isnull=True)
                | Q(state=AdviceState.RECEIVED, received_on__isnull=False),
                name="advice_received_has_its_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.addressee_name}"

    # The officer records it, or the adviser sends it through the advice portal.
    @step(
        state,
        AdviceState.AWAITED,
        AdviceState.RECEIVED,
        or_addressee=True,
        not_now="This advice has already been recorded as received.",
    )
    def record_received(self):
        pass


class ExceptionGround(models.TextChoices):
    """The only grounds on which the 6-, 16- and 20-week limits need not be met (regs 5(4), 10(4),
    13(3)). A missed appointment is not one of them."""

    SCHOOL_CLOSURE = "school_closure", "(a) School or post-16 institution closed for 4+ weeks"
    EARLY_YEARS_CLOSURE = "ey_closure", "(b) Early years provider closed for 4+ weeks"
    PERSONAL_CIRCUMSTANCES = "personal", "(c) Exceptional personal circumstances"
    AWAY_FROM_AREA = "away", "(d) Away from the area for 4+ continuous weeks"


class TimeLimitException(models.Model):
    """A recorded exception to the statutory limits, with its ground, dates and reasons. The
    nominal dates are kept unchanged; a limit may have several exceptions (`deadlines`), and
    timeliness is reported with and without them (`cases.selectors.final_plan_timeliness`)."""

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="exceptions"
    )
    ground = models.CharField(max_length=20, choices=ExceptionGround.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.TextField()
    deadlines = models.ManyToManyField(
        "cases.Deadline", related_name="exceptions", blank=True, help_text="The limits it excuses."
    )
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
