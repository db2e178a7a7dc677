"""Plans moving between councils (SEND Regs 2014 regs 15 and 16) and reassessments of a plan in
force (regs 24 to 27). Each is a workflow: its states and steps are FSM transitions declared
here (who may take them, from which states, on what condition); `steps.py` adds the pages and
the services do the writing."""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField
from django_fsm import FSMModelMixin

from cases.models import ArrivalChannel
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import OnCase
from cases.models import User
from cases.models import Versioned
from cases.rules import Need
from cases.rules import condition
from cases.rules import step
from ehcp.models import Amendment
from ehcp.models import Plan
from ehcp.models import PlanState

DECIDERS = "Only the panel or an SEN manager decides whether to reassess."


class MoveOutState(models.TextChoices):
    RECORDED = "recorded", "Move recorded: plan to pass on"
    HANDED_OVER = "handed_over", "Plan passed to the new council"


class MoveOut(FSMModelMixin, Versioned, OnCase):
    """A family moving to another council's area: the plan is passed on (reg 15(2)) and the case
    is closed here. The handover deadline is stored (`cases.deadlines.move_out_handover_due`)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="moves_out")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField("date of the move")
    learned_on = models.DateField("date the council learned of the move")
    receiving_council = models.CharField("council the family is moving to", max_length=150)
    state = FSMField(default=MoveOutState.RECORDED, choices=MoveOutState.choices, protected=True)
    handed_over_on = models.DateField("date the plan was passed on", null=True, blank=True)
    health_told_on = models.DateField(
        "date the health commissioner was told", null=True, blank=True
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(handed_over_on__isnull=True)
                | Q(handed_over_on__gte=models.F("learned_on")),
                name="move_out_handed_over_after_learned",
            ),
        ]

    def __str__(self):
        return f"Moving to {self.receiving_council} on {self.moved_on:%-d %B %Y}"

    @step(
        state,
        MoveOutState.RECORDED,
        MoveOutState.HANDED_OVER,
        not_now="The plan has already been passed on.",
    )
    def hand_over(self):
        pass


class MoveInState(models.TextChoices):
    RECEIVED = "received", "Plan received: family to be told"
    FAMILY_TOLD = "family_told", "Family told"


class HealthAnswer(models.TextChoices):
    NOTHING = "nothing", "It can secure the health provision: nothing asked"
    REVIEW = "review", "It asked for a review of the plan"
    ASSESSMENT = "assessment", "It asked for an EHC needs assessment"


@condition("The health commissioner's answer has already been recorded.")
def health_awaited(move) -> bool:
    return move.health_answered_on is None


class MoveIn(FSMModelMixin, Versioned, OnCase):
    """A plan passed to this council by the council the family moved from (reg 15): a case and a
    plan record here, the 6-week notice to the family, the first review by the later of 12
    months from the last review and 3 months from the transfer, and the new health
    commissioner's 15 working days (reg 16)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="moves_in")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    from_council = models.CharField("council the family moved from", max_length=150)
    transferred_on = models.DateField("date the plan was transferred")
    state = FSMField(default=MoveInState.RECEIVED, choices=MoveInState.choices, protected=True)
    will_reassess = models.BooleanField(null=True, blank=True)
    review_by = models.DateField("review date given to the family", null=True, blank=True)
    health_answered_on = models.DateField(null=True, blank=True)
    health_answer = models.CharField(max_length=12, choices=HealthAnswer.choices, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-transferred_on", "-id"]

    def __str__(self):
        return f"Plan from {self.from_council}, transferred {self.transferred_on:%-d %B %Y}"

    @step(
        state,
        MoveInState.RECEIVED,
        MoveInState.FAMILY_TOLD,
        not_now="The family has already been told.",
    )
    def tell_family(self):
        pass

    @step(state, list(MoveInState), None, conditions=[health_awaited])
    def record_health_answer(self):
        pass


class ReassessmentSource(models.TextChoices):
    FAMILY = "family", "The family (parent, carer or young person)"
    SETTING = "setting", "The school, college or setting"
    COUNCIL = "council", "The council's own view"


# The request source of the co-ordinated assessment a reassessment runs (SEN2 codes there).
ASSESSMENT_SOURCE = {
    ReassessmentSource.FAMILY: "parent",
    ReassessmentSource.SETTING: "school",
    ReassessmentSource.COUNCIL: "other",
}


class ReassessmentState(models.TextChoices):
    REQUESTED = "requested", "Requested: decision due"
    REFUSED = "refused", "Not reassessing"
    AGREED = "agreed", "Reassessing"
    FINISHED = "finished", "Reassessment finished"


class RefusalGround(models.TextChoices):
    RECENT = "recent", "Less than 6 months since the last assessment"
    NOT_NECESSARY = "not_necessary", "A further assessment is not necessary"


class ReassessmentOutcome(models.TextChoices):
    AMENDED = "amended", "The plan was amended"
    REPLACED = "replaced", "A new plan replaced it"
    KEPT = "kept", "The plan stays as it is (with appeal rights)"


@condition("The letter telling the family of the decision has already been made.")
def letter_awaited(reassessment) -> bool:
    return reassessment.letter_dated_on is None


@condition(
    "The family must be told that the council will reassess first: the 14 weeks run from the "
    "day the letter is sent."
)
def family_told(reassessment) -> bool:
    return reassessment.told_on is not None


@condition(
    "The plan is already being amended: issue those amendments, or decide not to make them, first."
)
def plan_not_being_amended(reassessment) -> bool:
    return reassessment.plan.state == PlanState.FINAL


@condition('Prepare the amended plan first ("Prepare the amended plan"), then change its sections.')
def plan_being_amended(reassessment) -> bool:
    return reassessment.plan.state == PlanState.AMENDING


@condition("The draft of the amended plan has already been sent to the family.")
def draft_not_sent(reassessment) -> bool:
    return reassessment.amendment_id is None


REASSESSMENT_DECIDED = "The decision on this reassessment has already been made."


class Reassessment(FSMModelMixin, Versioned, OnCase):
    """A request for reassessment of a plan in force (regs 24 to 27): decided within 15 days,
    refused with appeal rights, or agreed and run as a co-ordinated assessment again
    (`assessment`), with the amended or replaced plan due 14 weeks after the family was told."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reassessments")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    source = models.CharField("who asked", max_length=10, choices=ReassessmentSource.choices)
    requester_name = models.CharField(max_length=150)
    channel = models.CharField(max_length=10, choices=ArrivalChannel.choices)
    requested_on = models.DateField("date of the request")
    reason = models.TextField()
    state = FSMField(
        default=ReassessmentState.REQUESTED, choices=ReassessmentState.choices, protected=True
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    refusal_ground = models.CharField(max_length=15, choices=RefusalGround.choices, blank=True)
    last_assessed_on = models.DateField("date of the last assessment", null=True, blank=True)
    letter_dated_on = models.DateField("date of the decision letter", null=True, blank=True)
    told_on = models.DateField("date the family was told", null=True, blank=True)
    assessment = models.OneToOneField(
        AssessmentRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reassessment",
    )
    amendment = models.OneToOneField(
        Amendment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reassessment",
        help_text="The plan's amendment that the reassessment's outcome issues (ehcp's journey).",
    )
    outcome = models.CharField(max_length=10, choices=ReassessmentOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("requested_on")),
                name="reassessment_decided_after_request",
            ),
        ]

    def __str__(self):
        return f"Reassessment requested {self.requested_on:%-d %B %Y}"

    @step(
        state,
        ReassessmentState.REQUESTED,
        ReassessmentState.AGREED,
        need=Need.DECIDE,
        refusal=DECIDERS,
        not_now=REASSESSMENT_DECIDED,
    )
    def agree(self):
        pass

    @step(
        state,
        ReassessmentState.REQUESTED,
        ReassessmentState.REFUSED,
        need=Need.DECIDE,
        refusal=DECIDERS,
        not_now=REASSESSMENT_DECIDED,
    )
    def refuse(self):
        pass

    @step(
        state,
        [ReassessmentState.AGREED, ReassessmentState.REFUSED],
        None,
        conditions=[letter_awaited],
        not_now="The letter has already been made.",
    )
    def send_letter(self):
        pass

    @step(
        state,
        ReassessmentState.AGREED,
        None,
        conditions=[family_told, draft_not_sent, plan_not_being_amended],
        not_now="The plan is already being amended.",
    )
    def prepare_plan(self):
        pass

    @step(
        state,
        ReassessmentState.AGREED,
        None,
        conditions=[family_told, draft_not_sent, plan_being_amended],
        not_now="The draft has already been sent.",
    )
    def send_draft(self):
        pass

    @step(
        state,
        ReassessmentState.AGREED,
        ReassessmentState.FINISHED,
        conditions=[family_told],
        not_now="This reassessment is not running.",
    )
    def finish(self):
        pass
