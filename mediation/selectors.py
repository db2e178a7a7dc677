"""Every read of the mediation app: the case page's panel, the disagreements page of a case, one
disagreement with everything on it, and what the family portal shows.

Access goes through the case gateway (`cases.selectors.case_get_for_user`): a disagreement is
found only on a case the user may work on, and "not yours" and "no such thing" are one 404."""

import datetime
from dataclasses import dataclass
from dataclasses import field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cases import selectors as case_selectors
from cases.models import Case
from cases.models import Deadline
from cases.panels import records_absent
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.rules import Need
from cases.selectors import deadline_value
from cases.selectors import deadlines_of_outer
from cases.workflow import next_actions

from . import kinds
from .models import OPEN_DISAGREEMENT_STATES
from .models import Appeal
from .models import Complaint
from .models import Disagreement
from .models import DisagreementState
from .models import Mediation
from .models import Order
from .models import Recommendation
from .models import Resolution

# While the family can still bring an appeal, the portal shows them the last day.
APPEAL_BY_STATES = tuple(
    state for state in OPEN_DISAGREEMENT_STATES if state != DisagreementState.APPEALED
)


def list_url(case: Case) -> str:
    return reverse("mediation:list", kwargs={"reference": case.reference})


def disagreement_url(disagreement: Disagreement) -> str:
    return reverse(
        "mediation:detail",
        kwargs={"reference": disagreement.case.reference, "disagreement_id": disagreement.pk},
    )


def disagreements_of(case: Case):
    """The case's disagreements, newest letter first, each with its appeal and its stored
    appeal deadline (one query)."""
    return (
        Disagreement.objects.filter(case=case)
        .select_related("appeal")
        .annotate(
            appeal_by=deadline_value(Disagreement, kinds.APPEAL_DEADLINE),
            appeal_by_met=deadline_value(Disagreement, kinds.APPEAL_DEADLINE, "met_on"),
        )
        .order_by("-decision_letter_on", "-pk")
    )


def case_for_work(user, reference: str) -> Case:
    return case_selectors.case_get_for_user(user, reference, Need.WORK)


def disagreement_get_for_user(user, reference: str, disagreement_id: int) -> Disagreement:
    """The disagreement on a case the user may work on (404 otherwise)."""
    case = case_for_work(user, reference)
    disagreement = get_object_or_404(
        Disagreement.objects.filter(case=case).prefetch_related(
            Prefetch("mediations", queryset=Mediation.objects.order_by("pk"))
        ),
        pk=disagreement_id,
    )
    disagreement.case = case
    return disagreement


def appeal_get_for_disagreement(disagreement: Disagreement) -> Appeal:
    appeal = get_object_or_404(Appeal, disagreement=disagreement)
    appeal.disagreement = disagreement
    return appeal


def order_get_for_disagreement(disagreement: Disagreement, order_id: int) -> Order:
    order = get_object_or_404(disagreement.orders, pk=order_id)
    order.disagreement = disagreement
    return order


def recommendation_get_for_disagreement(disagreement, recommendation_id: int) -> Recommendation:
    recommendation = get_object_or_404(
        Recommendation.objects.filter(appeal__disagreement=disagreement).select_related("appeal"),
        pk=recommendation_id,
    )
    recommendation.appeal.disagreement = disagreement
    return recommendation


def resolution_get_for_case(case: Case, resolution_id: int) -> Resolution:
    resolution = get_object_or_404(case.resolutions, pk=resolution_id)
    resolution.case = case
    return resolution


def complaint_get_for_case(case: Case, complaint_id: int) -> Complaint:
    complaint = get_object_or_404(case.complaints, pk=complaint_id)
    complaint.case = case
    return complaint


# --- the case page's panel -----------------------------------------------------------------------


@dataclass
class CasePanelSummary:
    disagreements: list
    can_work: bool
    list_url: str = ""
    new_url: str = ""


def case_panel(*, case: Case, user, requests=None) -> CasePanelSummary:
    """The case's disagreements on the case page (1 query; resolutions and complaints are on
    the disagreements page)."""
    if not has_ability(user, Ability.CASEWORK):
        return CasePanelSummary(disagreements=[], can_work=False)
    return CasePanelSummary(
        disagreements=[] if records_absent(case, "disagreements") else list(disagreements_of(case)),
        can_work=True,
        list_url=list_url(case),
        new_url=reverse("mediation:new", kwargs={"reference": case.reference}),
    )


# --- the case's disagreements page --------------------------------------------------------------


@dataclass
class CaseDisputes:
    case: Case
    disagreements: list
    resolutions: list
    complaints: list


def case_disputes(case: Case, *, user) -> CaseDisputes:
    """Everything disputed on the case (3 queries), each row with the steps the user may take."""
    resolutions = list(case.resolutions.all())
    complaints = list(case.complaints.all())
    for item in (*resolutions, *complaints):
        item.case = case
        item.actions = next_actions(item, user)
    disagreements = list(disagreements_of(case))
    for disagreement in disagreements:
        disagreement.case = case
        disagreement.url = disagreement_url(disagreement)
    return CaseDisputes(
        case=case, disagreements=disagreements, resolutions=resolutions, complaints=complaints
    )


# --- one disagreement ----------------------------------------------------------------------------


@dataclass
class OrderRow:
    order: Order
    deadlines: list
    actions: list
    number: int = 1  # its place on the page

    @property
    def caption(self) -> str:
        """Each order's table is a region of its own, so its name must be unique on the page."""
        return f"Steps of order {self.number}: {self.order.get_kind_display()}"


@dataclass
class DisagreementPage:
    disagreement: Disagreement
    mediation: Mediation | None
    appeal: Appeal | None
    deadlines: list
    orders: list[OrderRow]
    recommendations: list
    actions: list
    appeal_actions: list = field(default_factory=list)
    appeal_by: Deadline | None = None


def disagreement_page(disagreement: Disagreement, *, user) -> DisagreementPage:
    """The disagreement with its mediation, appeal, orders, recommendations and every stored
    deadline of them (a fixed number of queries however many orders it has)."""
    case = disagreement.case
    mediation = disagreement.current_mediation
    appeal = Appeal.objects.filter(disagreement=disagreement).first()
    orders = list(disagreement.orders.all())
    recommendations = list(appeal.recommendations.all()) if appeal else []
    objects = [(Disagreement, [disagreement.pk]), (Order, [o.pk for o in orders])]
    objects += [(Mediation, [m.pk for m in disagreement.mediations.all()])]
    objects += [(Appeal, [appeal.pk] if appeal else [])]
    objects += [(Recommendation, [r.pk for r in recommendations])]
    types = ContentType.objects.get_for_models(*(model for model, _ in objects))
    match = Q(pk__in=[])
    for model, ids in objects:
        if ids:
            match |= Q(content_type=types[model], object_id__in=ids)
    stored = list(Deadline.objects.filter(case=case).filter(match).order_by("due_on", "pk"))
    order_type = types[Order]
    for item in stored:
        item.case = case
    rows = []
    for order in orders:
        order.disagreement = disagreement
        steps = [
            d for d in stored if d.content_type_id == order_type.pk and d.object_id == order.pk
        ]
        order.open_steps = [d for d in steps if d.is_open]
        rows.append(
            OrderRow(
                order=order,
                deadlines=steps,
                actions=next_actions(order, user),
                number=len(rows) + 1,
            )
        )
    for recommendation in recommendations:
        recommendation.appeal = appeal
        recommendation.actions = next_actions(recommendation, user)
        recommendation.deadline = next(
            (
                d
                for d in stored
                if d.kind == kinds.RECOMMENDATION_RESPONSE and d.object_id == recommendation.pk
            ),
            None,
        )
    if appeal is not None:
        appeal.disagreement = disagreement
    appeal_by = next(
        (
            d
            for d in stored
            if d.kind == kinds.APPEAL_DEADLINE and d.content_type_id == types[Disagreement].pk
        ),
        None,
    )
    return DisagreementPage(
        disagreement=disagreement,
        mediation=mediation,
        appeal=appeal,
        deadlines=stored,
        orders=rows,
        recommendations=recommendations,
        actions=next_actions(disagreement, user),
        appeal_actions=next_actions(appeal, user) if appeal else [],
        appeal_by=appeal_by,
    )


# --- the family portal ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyDisagreement:
    """What the family see of one disagreement: the decision, where it stands, and the dates
    they need (the last day to appeal, the certificate, the mediation meeting, the hearing)."""

    decision: str
    decision_letter_on: datetime.date
    state: str
    status: str
    open: bool
    appeal_by: datetime.date | None
    certificate_issued_on: datetime.date | None
    mediation_on: datetime.date | None
    mediation_held_on: datetime.date | None
    appeal_registered_on: datetime.date | None
    hearing_on: datetime.date | None

    @property
    def appeal_by_may_move(self) -> bool:
        """A certificate is still to come: a month after it may be later than the date shown."""
        return self.state in (
            DisagreementState.ADVICE,
            DisagreementState.MEDIATION,
            DisagreementState.CERTIFICATE_DUE,
        )


def family_disagreements(case: Case) -> list[FamilyDisagreement]:
    """The case's disagreements as the family portal shows them (2 queries). The caller has
    already proved the family member may see the case."""
    mediation_types = Prefetch("mediations", queryset=Mediation.objects.order_by("pk"))
    rows = (
        disagreements_of(case)
        .annotate(
            certificate_on=Subquery(
                deadlines_of_outer(
                    Disagreement,
                    kinds.MEDIATION_CERTIFICATE,
                    kinds.MEDIATION_CERTIFICATE_AFTER,
                    met_on__isnull=False,
                )
                .order_by("-met_on")
                .values("met_on")[:1]
            )
        )
        .prefetch_related(mediation_types)
    )
    out = []
    for d in rows:
        mediation = d.current_mediation
        appeal = getattr(d, "appeal", None) if _has_appeal(d) else None
        out.append(
            FamilyDisagreement(
                decision=d.get_decision_display(),
                decision_letter_on=d.decision_letter_on,
                state=d.state,
                status=d.get_state_display(),
                open=d.state in OPEN_DISAGREEMENT_STATES,
                appeal_by=d.appeal_by
                if d.appeal_by_met is None and d.state in APPEAL_BY_STATES
                else None,
                certificate_issued_on=d.certificate_on,
                mediation_on=mediation.meeting_on if mediation else None,
                mediation_held_on=mediation.held_on if mediation else None,
                appeal_registered_on=appeal.registered_on if appeal else None,
                hearing_on=appeal.hearing_on if appeal else None,
            )
        )
    return out


def _has_appeal(disagreement: Disagreement) -> bool:
    try:
        disagreement.appeal  # noqa: B018 - loaded by select_related
    except Appeal.DoesNotExist:
        return False
    return True
