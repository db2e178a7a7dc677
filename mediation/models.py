"""Disagreements with the council's decisions, and how they are resolved: mediation advice and
certificates, mediation, appeals to the First-tier Tribunal (SEND), its orders and
recommendations, disagreement resolution arrangements and complaints (CFA 2014 ss.51-57, SEND
Regs 2014 Part 6 and regs 42-45).

Each step is an FSM transition (`cases.rules.step`) whose source states, conditions and access
level are declared here once; `mediation.steps` adds the page and the service it calls.
"""

from django.db import models
from django_fsm import FSMField
from django_fsm import FSMModelMixin

from cases.models import Case
from cases.models import OnCase
from cases.models import User
from cases.rules import condition
from cases.rules import step
from cases.templatetags.govuk import in_a_sentence


class DecisionKind(models.TextChoices):
    REFUSE_ASSESS = "refuse_assess", "Refusal to carry out an EHC needs assessment"
    REFUSE_REASSESS = "refuse_reassess", "Refusal to reassess"
    REFUSE_PLAN = "refuse_plan", "Refusal to issue an EHC plan"
    PLAN_CONTENTS = "plan_contents", "Contents of the EHC plan"
    PLACEMENT = "placement", "The school or college named in the plan only (section I)"
    REFUSE_AMEND = "refuse_amend", "Refusal to amend the plan after a review or reassessment"
    CEASE = "cease", "Decision to cease the plan"
    HEALTH_SOCIAL_CARE = "health_social_care", "Health or social care parts of the plan only"


class Section(models.TextChoices):
    B = "B", "Section B: special educational needs"
    F = "F", "Section F: special educational provision"
    I = "I", "Section I: the school or college named"  # noqa: E741
    NO_SCHOOL = "none_named", "No school or college named"


# The order a matching Tribunal decision would make (reg 42(2): a mediation agreement on an
# appealable matter is carried out as if it were that order).
ORDER_KIND_FOR = {
    DecisionKind.REFUSE_ASSESS: "assess",
    DecisionKind.REFUSE_REASSESS: "assess",
    DecisionKind.REFUSE_PLAN: "make_plan",
    DecisionKind.PLAN_CONTENTS: "amend",
    DecisionKind.PLACEMENT: "placement",
    DecisionKind.REFUSE_AMEND: "amend",
    DecisionKind.CEASE: "continue",
}


# What a step says when its record has moved past it, where two steps share the sentence.
MEDIATION_CHOICE_RECORDED = "The family's choice about mediation is already recorded."
APPEAL_ENDED = "This appeal has already ended."
RESPONSE_RECORDED = "The response has already been recorded."


class DisagreementState(models.TextChoices):
    ADVICE = "advice", "Waiting for the family to contact the mediation adviser"
    MEDIATION = "mediation", "Mediation wanted"
    CERTIFICATE_DUE = "certificate_due", "Mediation certificate to be issued"
    APPEAL_OPEN = "appeal_open", "The family can appeal"
    APPEALED = "appealed", "Appeal registered with the Tribunal"
    RESOLVED = "resolved", "Closed without an appeal"
    APPEAL_ENDED = "appeal_ended", "Appeal decided or withdrawn"


OPEN_DISAGREEMENT_STATES = (
    DisagreementState.ADVICE,
    DisagreementState.MEDIATION,
    DisagreementState.CERTIFICATE_DUE,
    DisagreementState.APPEAL_OPEN,
    DisagreementState.APPEALED,
)


class MediationState(models.TextChoices):
    ARRANGING = "arranging", "Being arranged"
    ARRANGED = "arranged", "Arranged"
    HELD = "held", "Held"
    NOT_ARRANGED = "not_arranged", "Not arranged within 30 days"


class MediationOutcome(models.TextChoices):
    AGREED = "agreed", "Agreed in full"
    AGREED_IN_PART = "agreed_in_part", "Agreed in part"
    NOT_AGREED = "not_agreed", "Not agreed"


class ArrangedBy(models.TextChoices):
    COUNCIL = "council", "The council"
    HEALTH = "health", "The health commissioner (health is the only issue)"


@condition("Health care is not among the mediation issues.")
def health_among_issues(disagreement) -> bool:
    return disagreement.health_issues


@condition("The health commissioner has already been told.")
def commissioner_not_told(disagreement) -> bool:
    return disagreement.commissioner_told_on is None


@condition("Record the mediation held, with its outcome, first.", field="")
def agreement_reached(disagreement) -> bool:
    mediation = disagreement.current_mediation
    return mediation is not None and mediation.outcome in (
        MediationOutcome.AGREED,
        MediationOutcome.AGREED_IN_PART,
    )


@condition(
    "Tell the health commissioner first: when health is the only issue, it arranges the "
    "mediation within 30 days of being told."
)
def arranger_can_act(disagreement) -> bool:
    return not disagreement.health_only or disagreement.commissioner_told_on is not None


class Disagreement(FSMModelMixin, OnCase):
    """A family's disagreement with one decision of the council, from the decision letter to the
    end of any appeal."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disagreements")
    decision = models.CharField(max_length=30, choices=DecisionKind.choices)
    sections = models.CharField(max_length=40, blank=True)  # Section codes, comma-separated
    health_issues = models.BooleanField(default=False)
    social_care_issues = models.BooleanField(default=False)
    decision_letter_on = models.DateField()
    summary = models.TextField(blank=True)  # what the family disagree with, in their words
    recorded_on = models.DateField()
    adviser_contacted_on = models.DateField(null=True, blank=True)
    wants_mediation = models.BooleanField(null=True)
    council_informed_on = models.DateField(null=True, blank=True)
    commissioner_told_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=200, blank=True)
    state = FSMField(
        default=DisagreementState.ADVICE, choices=DisagreementState.choices, protected=True
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decision_letter_on", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.decision_letter_on:%-d %B %Y})"

    @property
    def section_list(self) -> list[str]:
        return [s for s in self.sections.split(",") if s]

    @property
    def section_labels(self) -> list[str]:
        return [Section(s).label for s in self.section_list]

    @property
    def placement_only(self) -> bool:
        """Only the school or college named: no mediation certificate needed to appeal."""
        return self.decision == DecisionKind.PLACEMENT

    @property
    def appealable(self) -> bool:
        return self.decision != DecisionKind.HEALTH_SOCIAL_CARE

    @property
    def health_only(self) -> bool:
        """Health care is the only mediation issue: the commissioner arranges the mediation."""
        return (
            self.decision == DecisionKind.HEALTH_SOCIAL_CARE
            and self.health_issues
            and not self.social_care_issues
        )

    @property
    def current_mediation(self):
        cached = getattr(self, "_prefetched_objects_cache", {}).get("mediations")
        if cached is not None:
            return list(cached)[-1] if cached else None
        return self.mediations.order_by("pk").last()

    # --- steps -----------------------------------------------------------------------------

    @step(
        state,
        DisagreementState.ADVICE,
        DisagreementState.CERTIFICATE_DUE,
        not_now=MEDIATION_CHOICE_RECORDED,
    )
    def decline_mediation(self):
        """The family told the mediation adviser they do not want mediation."""

    @step(
        state,
        DisagreementState.ADVICE,
        DisagreementState.MEDIATION,
        not_now=MEDIATION_CHOICE_RECORDED,
    )
    def want_mediation(self):
        """The family want mediation and told the council."""

    @step(
        state,
        DisagreementState.MEDIATION,
        None,
        conditions=[health_among_issues, commissioner_not_told],
        not_now="There is nothing to tell the health commissioner now.",
    )
    def tell_commissioner(self):
        """The health commissioner told of the mediation issues (3 working days)."""

    @step(
        state,
        DisagreementState.MEDIATION,
        None,
        conditions=[arranger_can_act],
        not_now="There is no mediation to arrange now.",
    )
    def arrange_mediation(self):
        """The mediation arranged: a date fixed."""

    @step(
        state,
        DisagreementState.MEDIATION,
        DisagreementState.CERTIFICATE_DUE,
        not_now="There is no mediation being arranged.",
    )
    def mediation_not_arranged(self):
        """Mediation could not be arranged within 30 days: the certificate follows."""

    @step(
        state,
        DisagreementState.MEDIATION,
        DisagreementState.CERTIFICATE_DUE,
        not_now="There is no mediation to record now.",
    )
    def hold_mediation(self):
        """The mediation held, with its outcome."""

    @step(
        state,
        DisagreementState.CERTIFICATE_DUE,
        DisagreementState.APPEAL_OPEN,
        not_now="There is no mediation certificate to issue now.",
    )
    def issue_certificate(self):
        """The mediation certificate issued: the family may now appeal."""

    @step(
        state,
        DisagreementState.APPEAL_OPEN,
        DisagreementState.APPEALED,
        not_now="An appeal can be recorded once the family can appeal.",
    )
    def register_appeal(self):
        """The family's appeal registered with the Tribunal."""

    @step(
        state,
        [
            DisagreementState.ADVICE,
            DisagreementState.MEDIATION,
            DisagreementState.CERTIFICATE_DUE,
            DisagreementState.APPEAL_OPEN,
        ],
        DisagreementState.RESOLVED,
        not_now="This disagreement is not open.",
    )
    def close(self):
        """Closed without an appeal: resolved, or the appeal period passed."""

    @step(state, DisagreementState.APPEALED, DisagreementState.APPEAL_ENDED)
    def end_appeal(self):
        """The appeal decided, conceded or withdrawn (through the appeal's own steps)."""

    @step(
        state,
        [
            DisagreementState.CERTIFICATE_DUE,
            DisagreementState.APPEAL_OPEN,
            DisagreementState.APPEALED,
            DisagreementState.RESOLVED,
            DisagreementState.APPEAL_ENDED,
        ],
        None,
        conditions=[agreement_reached],
        not_now="Actions are added after a mediation that reached an agreement.",
    )
    def add_agreed_action(self):
        """Something the council agreed at mediation to do (reg 42)."""


class Mediation(FSMModelMixin, OnCase):
    """One mediation on a disagreement: arranged within 30 days of the council being told
    (reg 36), or by the health commissioner when health is the only issue."""

    disagreement = models.ForeignKey(
        Disagreement, on_delete=models.CASCADE, related_name="mediations"
    )
    arranged_by = models.CharField(
        max_length=20, choices=ArrangedBy.choices, default=ArrangedBy.COUNCIL
    )
    arranged_on = models.DateField(null=True, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    mediator = models.CharField(max_length=150, blank=True)
    not_arranged_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    attendees = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=MediationOutcome.choices, blank=True)
    agreement = models.TextField(blank=True)  # what was agreed, as written down
    state = FSMField(
        default=MediationState.ARRANGING, choices=MediationState.choices, protected=True
    )

    case_path = "disagreement.case"

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Mediation ({in_a_sentence(self.get_state_display())})"

    @step(
        state,
        [MediationState.ARRANGING, MediationState.ARRANGED],
        MediationState.ARRANGED,
        not_now="This mediation has already been held.",
    )
    def arrange(self):
        pass

    @step(
        state,
        MediationState.ARRANGING,
        MediationState.NOT_ARRANGED,
        not_now="This mediation was arranged already.",
    )
    def not_arranged(self):
        pass

    @step(
        state,
        MediationState.ARRANGED,
        MediationState.HELD,
        not_now="Arrange the mediation before recording it held.",
    )
    def hold(self):
        pass


class AppealState(models.TextChoices):
    REGISTERED = "registered", "Waiting for the Tribunal"
    DECIDED = "decided", "Decided"
    NOT_OPPOSED = "not_opposed", "Not opposed by the council"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld: the family won"
    UPHELD_IN_PART = "upheld_in_part", "Upheld in part"
    DISMISSED = "dismissed", "Dismissed: the council's decision stands"


@condition("The appeal was dismissed: there is no order for the council to carry out.")
def family_won(appeal) -> bool:
    return appeal.state == AppealState.NOT_OPPOSED or appeal.outcome in (
        AppealOutcome.UPHELD,
        AppealOutcome.UPHELD_IN_PART,
    )


class Appeal(FSMModelMixin, OnCase):
    """An appeal to the First-tier Tribunal (SEND) about one disagreement's decision."""

    disagreement = models.OneToOneField(
        Disagreement, on_delete=models.CASCADE, related_name="appeal"
    )
    tribunal_reference = models.CharField(max_length=40, blank=True)
    registered_on = models.DateField()
    grounds = models.TextField()
    hearing_on = models.DateField(null=True, blank=True)
    evidence_due_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=AppealOutcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    not_opposed_on = models.DateField(null=True, blank=True)  # reg 45: the Tribunal told
    withdrawn_on = models.DateField(null=True, blank=True)
    state = FSMField(default=AppealState.REGISTERED, choices=AppealState.choices, protected=True)

    case_path = "disagreement.case"

    def __str__(self):
        return f"Appeal registered {self.registered_on:%-d %B %Y}"

    @step(
        state,
        AppealState.REGISTERED,
        None,
        not_now="This appeal has ended.",
    )
    def set_dates(self):
        """The hearing date and the Tribunal's evidence deadline."""

    @step(
        state,
        AppealState.REGISTERED,
        AppealState.DECIDED,
        not_now=APPEAL_ENDED,
    )
    def decide(self):
        pass

    @step(
        state,
        AppealState.REGISTERED,
        AppealState.NOT_OPPOSED,
        not_now=APPEAL_ENDED,
    )
    def not_oppose(self):
        """The council told the Tribunal it will not oppose (reg 45)."""

    @step(
        state,
        AppealState.REGISTERED,
        AppealState.WITHDRAWN,
        not_now=APPEAL_ENDED,
    )
    def withdraw(self):
        pass

    @step(
        state,
        [AppealState.DECIDED, AppealState.NOT_OPPOSED],
        None,
        conditions=[family_won],
        not_now="Orders are recorded after an appeal the family won.",
    )
    def record_order(self):
        """An order of the Tribunal (or, not opposed, what the council must now do)."""

    @step(
        state,
        [AppealState.REGISTERED, AppealState.DECIDED],
        None,
        not_now="This appeal has ended.",
    )
    def record_recommendation(self):
        """A recommendation on the health or social care parts of the plan."""


class OrderKind(models.TextChoices):
    ASSESS = "assess", "Assess or reassess"
    MAKE_PLAN = "make_plan", "Make and maintain a plan"
    AMEND = "amend", "Amend the plan"
    PLACEMENT = "placement", "Change the school or college named only"
    CONTINUE = "continue", "Continue to maintain the plan"
    OTHER = "other", "Another agreed action (no right of appeal)"


class OrderSource(models.TextChoices):
    TRIBUNAL = "tribunal", "Tribunal order (reg 44)"
    NOT_OPPOSED = "not_opposed", "Appeal not opposed (reg 45)"
    AGREEMENT = "agreement", "Mediation agreement (reg 42)"


class OrderState(models.TextChoices):
    OPEN = "open", "To do"
    COMPLIED = "complied", "Complied with"


# Each step an order asks (`cases.deadlines.ORDER_STEPS`): its stored deadline kind and label.
ORDER_STEP_KINDS = {
    "assess_notice": ("order_assess_notice", "Tell the family the council will assess"),
    "no_plan_notice": ("order_no_plan_notice", "Tell the family no plan is needed"),
    "final_plan": ("order_final_plan", "Issue the final plan"),
    "draft_plan": ("order_draft_plan", "Issue the draft plan"),
    "amended_plan": ("order_amended_plan", "Issue the amended plan"),
    "placement": ("order_placement", "Name the school or college"),
    "continue": ("order_continue", "Continue to maintain the plan"),
    "agreed_action": ("agreement_action", "Carry out the agreed action"),
}
# After an order to assess, either the "no plan" notice or the final plan ends it.
ALTERNATIVE_STEPS = {"no_plan_notice": "final_plan", "final_plan": "no_plan_notice"}
# The steps that are a letter to the family (reg 44(2)(a), (b)): each is a notice of this kind,
# and the step is done on the day its notice is sent. The other steps (a plan issued, a school
# named) are recorded done on their date.
LETTER_STEPS = {"assess_notice": "order_will_assess", "no_plan_notice": "order_no_plan"}


@condition("Every step of this order has been recorded.")
def steps_left(order) -> bool:
    known = getattr(order, "open_steps", None)  # read with the page's deadlines
    if known is not None:
        return bool(known)
    from cases.models import Deadline

    return Deadline.objects.filter(
        kind__in=[kind for kind, _ in ORDER_STEP_KINDS.values()],
        object_id=order.pk,
        content_type__model="order",
        content_type__app_label="mediation",
        met_on__isnull=True,
        cancelled=False,
    ).exists()


class Order(FSMModelMixin, OnCase):
    """What the council must now do, and by when: a Tribunal order (reg 44), an appeal it did
    not oppose (reg 45) or a mediation agreement (reg 42). Each step is a stored deadline."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="orders")
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.CASCADE, related_name="orders"
    )
    source = models.CharField(max_length=20, choices=OrderSource.choices)
    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    from_on = models.DateField()  # the order, the notice not to oppose, or the agreement
    description = models.TextField(blank=True)
    # reg 42(5): the parties to a mediation agreement may agree a different date for an action;
    # it is stored as the step's deadline, with why it was agreed.
    agreed_due_on = models.DateField(null=True, blank=True)
    agreed_due_reason = models.CharField(max_length=200, blank=True)
    state = FSMField(default=OrderState.OPEN, choices=OrderState.choices, protected=True)
    complied_on = models.DateField(null=True, blank=True)
    complied_late = models.BooleanField(default=False)

    case_path = "disagreement.case"

    class Meta:
        ordering = ["from_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_source_display()})"

    @step(
        state,
        OrderState.OPEN,
        None,
        conditions=[steps_left],
        not_now="This order has been complied with.",
    )
    def record_step(self):
        """One step of the order done, on a date."""

    @step(state, OrderState.OPEN, OrderState.COMPLIED)
    def comply(self):
        pass


class RecommendationBody(models.TextChoices):
    HEALTH = "health", "Health commissioner"
    SOCIAL_CARE = "social_care", "Social care"


class RecommendationState(models.TextChoices):
    AWAITING = "awaiting", "Written response awaited"
    RESPONDED = "responded", "Responded"


class Recommendation(FSMModelMixin, OnCase):
    """A Tribunal recommendation on the health or social care parts of the plan: the body
    answers in writing within 5 weeks."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="recommendations")
    body = models.CharField(max_length=20, choices=RecommendationBody.choices)
    recommended_on = models.DateField()
    text = models.TextField()
    responded_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    state = FSMField(
        default=RecommendationState.AWAITING, choices=RecommendationState.choices, protected=True
    )

    case_path = "appeal.disagreement.case"

    class Meta:
        ordering = ["recommended_on", "pk"]

    def __str__(self):
        return f"Recommendation to {in_a_sentence(self.get_body_display())}"

    @step(
        state,
        RecommendationState.AWAITING,
        RecommendationState.RESPONDED,
        not_now=RESPONSE_RECORDED,
    )
    def respond(self):
        pass


class ResolutionState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    CONCLUDED = "concluded", "Concluded"


class Resolution(FSMModelMixin, OnCase):
    """Disagreement resolution arrangements (CFA 2014 s.57): the
    independent service for disagreements that are not appeals (e.g. with a school, or about
    provision while an assessment runs)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="resolutions")
    requested_on = models.DateField()
    with_whom = models.CharField(max_length=150)
    about = models.TextField()
    meeting_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=MediationOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    state = FSMField(
        default=ResolutionState.REQUESTED, choices=ResolutionState.choices, protected=True
    )

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self):
        return f"Disagreement resolution with {self.with_whom}"

    @step(
        state,
        ResolutionState.REQUESTED,
        ResolutionState.CONCLUDED,
        not_now="This has already been concluded.",
    )
    def conclude(self):
        pass


class ComplaintState(models.TextChoices):
    OPEN = "open", "Open"
    RESPONDED = "responded", "Responded"


class Complaint(FSMModelMixin, OnCase):
    """A complaint about how the council handled the case, logged with its dates."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="complaints")
    received_on = models.DateField()
    complainant = models.CharField(max_length=150)
    about = models.TextField()
    responded_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    upheld = models.BooleanField(null=True)
    state = FSMField(default=ComplaintState.OPEN, choices=ComplaintState.choices, protected=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Complaint received {self.received_on:%-d %B %Y}"

    @step(
        state,
        ComplaintState.OPEN,
        ComplaintState.RESPONDED,
        not_now=RESPONSE_RECORDED,
    )
    def respond(self):
        pass
