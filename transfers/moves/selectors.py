"""Reads of moves and reassessments: the case page's panel, the list of open work, and the
deadlines a step's page names. Every read is of cases the user may see."""

import datetime
from dataclasses import dataclass
from dataclasses import field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.permissions import may
from cases.permissions import staff_cases
from cases.rules import Need
from cases.workflow import next_actions
from ehcp.models import AnnualReview
from ehcp.models import ReviewState

from .models import MoveIn
from .models import MoveInState
from .models import MoveOut
from .models import MoveOutState
from .models import Reassessment
from .models import ReassessmentState

# A case whose plan is in force (the stage its services keep): a move or a reassessment may
# start there.
PLAN_STAGES = (CaseStage.PLAN, CaseStage.REVIEW)


def open_deadline(subject, kind: str) -> Deadline | None:
    """The subject's open deadline of this kind (a step page's "due by")."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(type(subject)),
        object_id=subject.pk,
        kind=kind,
        met_on__isnull=True,
        cancelled=False,
    ).first()


def first_review_due(move: MoveIn) -> datetime.date | None:
    """When the plan's first review here is due (as stored by the move's service)."""
    review = (
        AnnualReview.objects.filter(plan_id=move.plan_id)
        .exclude(state=ReviewState.DECIDED)
        .order_by("due_on")
        .first()
    )
    return review.due_on if review else None


def _with_deadlines(objects: list, case_deadlines) -> None:
    """Each object's stored deadlines as `.clock`, picked from its case's deadlines (in date
    order; on the case page, already read with the case: no query)."""
    for obj in objects:
        obj.clock = []
    if not objects:
        return
    by_key = {(ContentType.objects.get_for_model(type(o)).pk, o.pk): o for o in objects}
    for deadline in case_deadlines:
        obj = by_key.get((deadline.content_type_id, deadline.object_id))
        if obj is not None:
            obj.clock.append(deadline)


@dataclass
class MovesPanel:
    moves_out: list = field(default_factory=list)
    moves_in: list = field(default_factory=list)
    reassessments: list = field(default_factory=list)
    move_out_url: str = ""
    reassessment_url: str = ""

    @property
    def shown(self) -> bool:
        return bool(
            self.moves_out
            or self.moves_in
            or self.reassessments
            or self.move_out_url
            or self.reassessment_url
        )


def case_moves_panel(case: Case, *, user, requests) -> MovesPanel:
    """The case page's panel: its moves and reassessments, their stored limits and what the user
    may do next; and links to record a move or a reassessment request on a plan in force."""
    moves_out = list(case.moves_out.all())
    moves_in = list(case.moves_in.all())
    reassessments = list(case.reassessments.all())
    items = [*moves_out, *moves_in, *reassessments]
    _with_deadlines(items, case.deadlines.all())  # read with the case (`case_page`)
    for item in items:
        item.case = case
        item.actions = next_actions(item, user)
    panel = MovesPanel(moves_out, moves_in, reassessments)
    if case.stage in PLAN_STAGES and may(user, case, Need.WORK):
        kwargs = {"reference": case.reference}
        if not any(m.state == MoveOutState.RECORDED for m in moves_out):
            panel.move_out_url = reverse("moves:out_new", kwargs=kwargs)
        if not any(
            r.state in (ReassessmentState.REQUESTED, ReassessmentState.AGREED)
            for r in reassessments
        ):
            panel.reassessment_url = reverse("moves:reassessment_new", kwargs=kwargs)
    return panel


@dataclass
class OpenWork:
    moves_out: list
    moves_in: list
    reassessments: list


def open_work(user) -> OpenWork:
    """Moves and reassessments still running on the cases the user may see: 3 queries."""
    visible = staff_cases(user).values("pk")
    related = ("case", "case__child")
    return OpenWork(
        moves_out=list(
            MoveOut.objects.filter(case__in=visible, state=MoveOutState.RECORDED)
            .select_related(*related)
            .order_by("moved_on", "pk")
        ),
        moves_in=list(
            MoveIn.objects.filter(case__in=visible)
            .exclude(state=MoveInState.FAMILY_TOLD, health_answered_on__isnull=False)
            .select_related(*related)
            .order_by("transferred_on", "pk")
        ),
        reassessments=list(
            Reassessment.objects.filter(
                case__in=visible,
                state__in=[ReassessmentState.REQUESTED, ReassessmentState.AGREED],
            )
            .select_related(*related)
            .order_by("requested_on", "pk")
        ),
    )
