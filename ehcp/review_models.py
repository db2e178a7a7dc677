"""The plan after it is issued: annual reviews, amendments and ceasing (CFA 2014 ss.44-45,
SEND Regs 2014 Part 2 ch. 3), with the rules of each step as FSM transitions and conditions.

Models of the `ehcp` app like those of `ehcp.models`, which re-exports them: import them from
there. Kept apart so each module reads as one part of the journey.
"""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField
from django_fsm import FSMModelMixin

from cases.models import OnCase
from cases.models import Versioned
from cases.rules import condition
from cases.rules import state_now
from cases.rules import step
from cases.templatetags.govuk import in_a_sentence

from .models import MAINTAINED_STATES
from .models import Plan
from .models import PlanState
from .models import PlanVersion


class ReviewState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    INVITED = "invited", "Invitations sent"
    MEETING_HELD = "meeting_held", "Meeting held"
    REPORT_RECEIVED = "report_received", "Report received"
    # Decided; complete once the decision's notice is sent (`AnnualReview.decision_sent_on`).
    DECIDED = "decided", "Decided"


class ReviewDecision(models.TextChoices):
    MAINTAIN = "maintain", "Maintain the plan as it is"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease the plan"


OPEN_REVIEW_STATES = (
    ReviewState.SCHEDULED,
    ReviewState.INVITED,
    ReviewState.MEETING_HELD,
    ReviewState.REPORT_RECEIVED,
)
# After the meeting: the report may follow, and the decision is due.
DECISION_STATES = (ReviewState.MEETING_HELD, ReviewState.REPORT_RECEIVED)
OPEN_CESSATION_STATES = ("consulting", "notified")


@condition("The plan is no longer in force.")
def plan_in_force(obj) -> bool:
    return obj.plan.state in MAINTAINED_STATES


@condition("The plan is already being amended, or is not in force.")
def plan_not_being_amended(review) -> bool:
    return review.plan.state == PlanState.FINAL


@condition(
    "The plan is not being amended, or its proposed amendments have already been sent to the "
    "family: issue the amended plan or decide not to amend."
)
def amendments_never_proposed(review) -> bool:
    """Amendments being prepared whose proposals were never sent can be abandoned (a review or a
    reassessment that keeps the plan as it is); once sent, reg 22 settles them."""
    return review.plan.state == PlanState.AMENDING and not review.has_proposed_amendments()


@condition("Ceasing this plan is already being considered.")
def ceasing_not_yet_considered(review) -> bool:
    return not review.has_open_cessation()


@condition("The review's own decision sends the decision to cease: record it there.")
def not_left_to_the_review_decision(cessation) -> bool:
    review = cessation.review
    return review is None or review.state not in DECISION_STATES


@condition("The advice circulated before the meeting has already been recorded.")
def advice_not_yet_circulated(review) -> bool:
    return review.advice_circulated_on is None


class AnnualReview(FSMModelMixin, Versioned, OnCase):
    """A review of the plan (CFA 2014 s.44, SEND Regs 2014 regs 18-21).

    It is complete on the day the council's decision after the meeting is sent
    (`decision_sent_on`): the day its notice is sent, set by the notice's `on_sent` hook and by
    nothing else (`ehcp.services.reviews.review_decision_sent`); the next review is due 12
    months from that day. Between the decision (`decided_on`) and the sending, the review is
    decided with its "decision waiting to go out"."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    # The team that holds the plan's case (a case never changes team: cases.services.allocation),
    # stored so that a team's review list is counted and ordered from one index.
    team = models.ForeignKey(
        "cases.Team", on_delete=models.PROTECT, related_name="+", editable=False
    )
    state = FSMField(default=ReviewState.SCHEDULED, choices=ReviewState.choices, protected=True)
    due_on = models.DateField(help_text="The last day of the review period.")
    is_phase_transfer = models.BooleanField(default=False)
    transfer_to = models.CharField(max_length=200, blank=True)
    transfer_deadline = models.DateField(
        null=True, blank=True, help_text="The reg 18 last day for the plan naming the next setting."
    )
    meeting_on = models.DateField(null=True, blank=True)
    invitations_sent_on = models.DateField(null=True, blank=True)
    advice_circulated_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_sent_on = models.DateField(
        null=True, blank=True, help_text="The day the decision's notice was sent."
    )
    decision_reasons = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    case_path = "plan.case"

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=~Q(state="decided"), name="one_open_review_per_plan"
            ),
        ]
        # the review list's order: open reviews by due date, everyone's or one team's
        indexes = [
            models.Index(
                fields=["due_on", "id"], condition=~Q(state="decided"), name="review_open_due"
            ),
            models.Index(
                fields=["team", "due_on", "id"],
                condition=~Q(state="decided"),
                name="review_team_open_due",
            ),
        ]

    def __str__(self):
        return f"Annual review due {self.due_on:%-d %B %Y}"

    @property
    def decision_waiting(self) -> bool:
        """Decided, but its notice has not gone out yet: the review is not complete."""
        return self.state == ReviewState.DECIDED and self.decision_sent_on is None

    @property
    def status(self) -> str:
        """Where the review stands, in the words its pages show."""
        if self.decision_waiting:
            return "Decision waiting to go out"
        if self.state == ReviewState.DECIDED:
            return "Decision sent"
        return self.get_state_display()

    def has_open_cessation(self) -> bool:
        """Whether ceasing the plan is already being considered (the review page sets
        `_open_cessation` from the cessations it has read)."""
        known = getattr(self, "_open_cessation", None)
        if known is not None:
            return known
        return self.plan.cessations.filter(state__in=OPEN_CESSATION_STATES).exists()

    def has_proposed_amendments(self) -> bool:
        """Whether amendments to the plan have been proposed and not yet settled (the review
        page sets `_proposed_amendments` from the amendments it has read)."""
        known = getattr(self, "_proposed_amendments", None)
        if known is not None:
            return known
        return self.plan.amendments.filter(state=AmendmentState.PROPOSED).exists()

    # The steps of the review, each declared once (see cases.rules): `ehcp.review_steps` adds
    # what a person sees, and a transition runs only inside a service, with the row locked.
    @step(
        state,
        ReviewState.SCHEDULED,
        ReviewState.INVITED,
        conditions=[plan_in_force],
        not_now=state_now("This review", "the invitations have been sent."),
    )
    def send_invitations(self):
        pass

    @step(
        state,
        [ReviewState.INVITED, ReviewState.MEETING_HELD],
        None,
        conditions=[plan_in_force, advice_not_yet_circulated],
        not_now=state_now("This review", "there is no advice circulation to record."),
    )
    def record_advice_circulated(self):
        pass

    @step(
        state,
        ReviewState.INVITED,
        ReviewState.MEETING_HELD,
        conditions=[plan_in_force],
        not_now=state_now("This review", "there is no meeting to record."),
    )
    def hold_meeting(self):
        pass

    @step(
        state,
        ReviewState.MEETING_HELD,
        ReviewState.REPORT_RECEIVED,
        conditions=[plan_in_force],
        not_now=state_now("This review", "there is no report to record."),
    )
    def receive_report(self):
        pass

    @step(
        state,
        list(DECISION_STATES),
        ReviewState.DECIDED,
        conditions=[plan_in_force],
        not_now=state_now("This review", "there is no decision to record now."),
    )
    def decide(self):
        pass

    @step(
        state,
        list(DECISION_STATES),
        None,
        conditions=[plan_not_being_amended],
        not_now=lambda review: (
            f"The plan is {in_a_sentence(review.plan.get_state_display())}: amendments cannot be "
            "started now."
        ),
    )
    def prepare_amendments(self):
        pass

    @step(
        state,
        list(OPEN_REVIEW_STATES),
        None,
        conditions=[plan_in_force, ceasing_not_yet_considered],
        not_now="Ceasing this plan is already being considered.",
    )
    def consider_ceasing(self):
        pass

    @step(
        state,
        list(OPEN_REVIEW_STATES),
        None,
        conditions=[amendments_never_proposed],
        not_now="There are no amendments being prepared that can be abandoned: amendments "
        "already sent to the family are settled by issuing the amended plan or deciding not to "
        "amend.",
    )
    def abandon_amendments(self):
        pass


AMENDMENTS_SETTLED = "These amendments have already been settled."


class AmendmentState(models.TextChoices):
    PROPOSED = "proposed", "Proposed amendments sent"
    ISSUED = "issued", "Amended plan issued"
    NOT_AMENDING = "not_amending", "Decided not to amend"


class Amendment(FSMModelMixin, OnCase):
    """Amending a plan after a review (reg 22): proposals with evidence, 15 days for the family,
    the final amended plan within 8 weeks of the proposals."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="amendments")
    review = models.ForeignKey(
        AnnualReview, null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    state = FSMField(
        default=AmendmentState.PROPOSED, choices=AmendmentState.choices, protected=True
    )
    proposals_sent_on = models.DateField()
    proposals = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The frozen proposed amendments sent to the family.",
    )
    evidence = models.TextField(help_text="The evidence the proposals rest on.")
    issued = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    reasons = models.TextField(blank=True)
    # The amended plan names the setting of the review's phase transfer: the reg 18 limit is
    # met the day its notice is sent.
    names_next_setting = models.BooleanField(default=False)

    case_path = "plan.case"

    class Meta:
        ordering = ["-proposals_sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="proposed"), name="one_open_amendment_per_plan"
            ),
        ]

    @step(
        state,
        AmendmentState.PROPOSED,
        AmendmentState.ISSUED,
        conditions=[plan_in_force],
        not_now=AMENDMENTS_SETTLED,
    )
    def issue(self):
        pass

    @step(
        state,
        AmendmentState.PROPOSED,
        AmendmentState.NOT_AMENDING,
        conditions=[plan_in_force],
        not_now=AMENDMENTS_SETTLED,
    )
    def withdraw(self):
        pass


class CeaseReason(models.TextChoices):
    """The two legal grounds (CFA 2014 s.45): no longer responsible, or no longer necessary;
    the examples are how councils and the SEN2 return record them."""

    NO_LONGER_NECESSARY = "not_necessary", "No longer necessary: needs met without a plan"
    HIGHER_EDUCATION = "higher_education", "Moved to higher education"
    EMPLOYMENT = "employment", "Moved to paid employment"
    AGE_25 = "age_25", "Reached the end of the academic year in which they turned 25"
    MOVED_AWAY = "moved_away", "Moved outside England: no longer responsible"
    NOT_ENGAGING = (
        "not_engaging",
        "Young person (16+) no longer wishes to engage in education or training",
    )
    DIED = "died", "Died"


DECISION_TO_CEASE_SENT = "The decision to cease has already been sent."


class CessationState(models.TextChoices):
    CONSULTING = "consulting", "Considering ceasing: family and setting consulted"
    NOTIFIED = "notified", "Decision to cease sent, appeal period running"
    CEASED = "ceased", "Plan ceased"
    WITHDRAWN = "withdrawn", "Decided to keep the plan"


# Ceasing a young person's plan after 18 because of their wishes or their outcomes needs a
# review first (SEND Regs 2014 reg 30; Code 9.210).
ADULT_AGE = 18
REVIEW_FIRST_REASONS = ("not_necessary", "not_engaging")


@condition(
    "Consult the school or college before deciding to cease the plan (reg 29): record the date "
    "it was consulted.",
)
def setting_consulted(cessation) -> bool:
    return cessation.setting_consulted_on is not None


@condition(
    "For a young person over 18, a plan ceases because of their wishes or their outcomes only "
    "after a review: hold the review meeting first."
)
def review_held_first(cessation) -> bool:
    from cases.deadlines import age_on

    if cessation.reason not in REVIEW_FIRST_REASONS:
        return True
    born = cessation.plan.case.child.date_of_birth
    if age_on(born, cessation.family_informed_on) < ADULT_AGE:
        return True
    return cessation.plan.reviews.filter(held_on__isnull=False).exists()


@condition(
    "An appeal against the decision to cease is pending: the plan stays in force until it is "
    "decided."
)
def no_appeal_pending(cessation) -> bool:
    from .appeals import appeal_pending

    return not appeal_pending(cessation.plan.case)


@condition(
    "The letter telling the family of the decision to cease has not gone out yet: the appeal "
    "period starts the day it is sent."
)
def decision_to_cease_sent(cessation) -> bool:
    return cessation.notified_on is not None


@condition("The school or college's consultation has already been recorded.")
def setting_not_yet_consulted(cessation) -> bool:
    return cessation.setting_consulted_on is None


class Cessation(FSMModelMixin, OnCase):
    """Ceasing to maintain a plan (CFA 2014 s.45, regs 29-31)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="cessations")
    review = models.ForeignKey(
        AnnualReview, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(
        default=CessationState.CONSULTING, choices=CessationState.choices, protected=True
    )
    reason = models.CharField(max_length=20, choices=CeaseReason.choices)
    family_informed_on = models.DateField()
    setting_consulted_on = models.DateField(null=True, blank=True)
    # the day the decision to cease was sent (its notice's `on_sent` hook): the appeal period
    # runs from it
    notified_on = models.DateField(null=True, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    case_path = "plan.case"

    class Meta:
        ordering = ["-family_informed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(state__in=["consulting", "notified"]),
                name="one_open_cessation_per_plan",
            ),
        ]

    @step(
        state,
        CessationState.CONSULTING,
        CessationState.NOTIFIED,
        conditions=[
            plan_in_force,
            not_left_to_the_review_decision,
            setting_consulted,
            review_held_first,
        ],
        not_now=DECISION_TO_CEASE_SENT,
    )
    def send_decision(self):
        """The decision to cease sent on its own (outside a review's decision)."""

    @step(
        state,
        CessationState.CONSULTING,
        CessationState.NOTIFIED,
        conditions=[plan_in_force, setting_consulted, review_held_first],
        not_now=DECISION_TO_CEASE_SENT,
    )
    def notify_with_review_decision(self):
        """The decision to cease sent as the review's own decision (reg 20, then reg 31)."""

    @step(
        state,
        CessationState.CONSULTING,
        None,
        conditions=[setting_not_yet_consulted],
        not_now="The school or college is consulted while ceasing is being considered.",
    )
    def record_setting_consulted(self):
        pass

    @step(
        state,
        CessationState.NOTIFIED,
        CessationState.CEASED,
        conditions=[plan_in_force, decision_to_cease_sent, no_appeal_pending],
        not_now=lambda cessation: (
            "The plan has already been closed."
            if cessation.state == CessationState.CEASED
            else "The plan can be closed once the decision to cease has been sent and the "
            "appeal period has ended."
        ),
    )
    def cease(self):
        pass

    @step(state, list(OPEN_CESSATION_STATES), CessationState.WITHDRAWN)
    def withdraw(self):
        pass
