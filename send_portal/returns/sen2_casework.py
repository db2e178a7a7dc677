"""The SEN2 return read from the casework: every request, assessment, plan and placement the
council holds, as `sen2` records, with no re-keying.

Who is in it (the reference's "what is in scope"): each child with a request open on census day
or decided, withdrawn or completed in the collection period; a plan in force on census day or
ceased in the period; the collection period runs from 1 January of the year before the census to
census day. A decision made before the period is "historical" (outcome H), as is a plan that
did not start with a request here (issued elsewhere or before the service).

Reads are a fixed number of queries, whatever the number of cases: each kind of row is read once
and grouped by child in memory.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min
from django.db.models import Q
from django.utils import timezone

from cases.models import SEN2_REQUEST_SOURCE
from cases.models import AssessmentRequest
from cases.models import Child
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import NeedType
from cases.models import PanelDecision
from cases.models import PanelDecisionKind
from cases.models import Placement
from cases.models import RequestState
from cases.models import SettingType
from cases.models import TimeLimitException
from cases.models.children import Ethnicity
from ehcp.models import Amendment
from ehcp.models import AnnualReview
from ehcp.models import BudgetDecision
from ehcp.models import CeaseReason
from ehcp.models import Cessation
from ehcp.models import PersonalBudgetRequest
from ehcp.models import Plan
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.models import ReviewDecision
from ehcp.models import VersionKind

from . import sen2

# Casework codes -> SEN2 codes, each list in one place.
CEASE_REASON = {
    CeaseReason.AGE_25: 1,
    CeaseReason.NO_LONGER_NECESSARY: 2,
    CeaseReason.HIGHER_EDUCATION: 3,
    CeaseReason.EMPLOYMENT: 4,
    CeaseReason.MOVED_AWAY: 7,
    CeaseReason.NOT_ENGAGING: 6,
    CeaseReason.DIED: 8,
}
REVIEW_OUTCOME = {
    ReviewDecision.MAINTAIN: "M",
    ReviewDecision.AMEND: "A",
    ReviewDecision.CEASE: "C",
}
# A setting named by type only (no URN): the SEN2 setting code.
SETTING_CODE = {SettingType.EARLY_YEARS: "EYP"}
SEN2_NEEDS = {code for code in NeedType.values if code != NeedType.NSA}
SEX = {"F", "M"}


@dataclass(frozen=True)
class Period:
    """The collection: its census day and the first day of the period it covers."""

    year: int
    census_day: datetime.date

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.census_day.year - 1, 1, 1)

    def within(self, day: datetime.date | None) -> bool:
        return day is not None and self.starts_on <= day <= self.census_day

    def before(self, day: datetime.date | None) -> bool:
        return day is not None and day < self.starts_on


def period_for(census_day: datetime.date) -> Period:
    return Period(year=census_day.year, census_day=census_day)


# --- reading ------------------------------------------------------------------------------------


@dataclass
class _Held:
    """What the casework holds, grouped by child: one query per kind of row."""

    requests: dict
    plans: dict
    first_final: dict
    cessations: dict
    reviews: dict
    drafts_after_review: dict
    budgets: dict
    exceptions: set
    told_no_plan: dict
    phase_transfers: dict
    placements: dict


def _read(period: Period) -> tuple[list[Child], _Held]:
    census = period.census_day
    in_scope_requests = AssessmentRequest.objects.filter(
        received_on__lte=census, kind="assessment"
    ).filter(
        Q(state__in=[RequestState.RECEIVED, RequestState.AGREED, RequestState.ADVICE_GATHERING])
        | Q(state__in=[RequestState.DRAFTING, RequestState.DRAFT_ISSUED])
        | Q(assess_decided_on__gte=period.starts_on)
        | Q(issue_decided_on__gte=period.starts_on)
        | Q(final_issued_on__gte=period.starts_on)
        | Q(withdrawn_on__gte=period.starts_on)
    )
    plans = Plan.objects.filter(
        Q(state__in=[PlanState.FINAL, PlanState.AMENDING])
        | Q(state=PlanState.CEASED, cessations__ceased_on__gte=period.starts_on)
    ).distinct()
    child_ids = set(in_scope_requests.values_list("case__child_id", flat=True)) | set(
        plans.values_list("case__child_id", flat=True)
    )
    children = list(
        Child.objects.filter(pk__in=child_ids)
        .select_related("current_setting")
        .order_by("last_name", "first_name", "pk")
    )
    held = _Held(
        requests=defaultdict(list),
        plans=defaultdict(list),
        first_final={},
        cessations={},
        reviews={},
        drafts_after_review={},
        budgets=defaultdict(list),
        exceptions=set(),
        told_no_plan={},
        phase_transfers={},
        placements=defaultdict(list),
    )
    for request in in_scope_requests.select_related("case").order_by("received_on", "pk"):
        held.requests[request.case.child_id].append(request)
    plan_list = list(plans.select_related("case", "placement_setting").order_by("pk"))
    plan_ids = [p.pk for p in plan_list]
    for plan in plan_list:
        held.plans[plan.case.child_id].append(plan)
    held.first_final = dict(
        PlanVersion.objects.filter(plan_id__in=plan_ids, kind=VersionKind.FINAL)
        .values("plan_id")
        .annotate(first=Min("issued_on"))
        .values_list("plan_id", "first")
    )
    for cessation in Cessation.objects.filter(plan_id__in=plan_ids, ceased_on__isnull=False):
        held.cessations[cessation.plan_id] = cessation
    for review in AnnualReview.objects.filter(plan_id__in=plan_ids, held_on__lte=census).order_by(
        "held_on", "pk"
    ):
        held.reviews[review.plan_id] = review  # the latest meeting on or before census day
    for amendment in Amendment.objects.filter(
        review_id__in=[r.pk for r in held.reviews.values()], proposals_sent_on__lte=census
    ).order_by("proposals_sent_on"):
        held.drafts_after_review[amendment.review_id] = amendment.proposals_sent_on
    for budget in PersonalBudgetRequest.objects.filter(
        case__child_id__in=child_ids, decision=BudgetDecision.AGREED, decided_on__lte=census
    ):
        held.budgets[budget.case_id].append(budget)
    # Week20: an exception (regs 13(3), 10(4)) recorded against the request's 20-week limit.
    held.exceptions = set(
        TimeLimitException.objects.filter(
            request__case__child_id__in=child_ids, deadlines__kind=DeadlineKind.FINAL_PLAN
        ).values_list("request_id", flat=True)
    )
    # "Not issuing" is dated the day the family was told (SEN2 3.2), the day the limit is met.
    held.told_no_plan = dict(
        PanelDecision.objects.filter(
            request__case__child_id__in=child_ids,
            kind=PanelDecisionKind.ISSUE,
            agreed=False,
            told_on__isnull=False,
        ).values_list("request_id", "told_on")
    )
    for deadline in Deadline.objects.filter(
        case__child_id__in=child_ids, kind=DeadlineKind.PHASE_TRANSFER, cancelled=False
    ).order_by("due_on"):
        held.phase_transfers[deadline.case_id] = deadline
    # Module 5: every setting attended during the collection year (cases.models.Placement).
    for placement in (
        Placement.objects.filter(child_id__in=child_ids, started_on__lte=census)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.starts_on))
        .select_related("setting")
        .order_by("started_on", "rank", "pk")
    ):
        held.placements[placement.child_id].append(placement)
    return children, held


# --- building the records -----------------------------------------------------------------------


def _request_outcome(
    request: AssessmentRequest, period: Period
) -> tuple[str, datetime.date | None]:
    """Module 2's outcome and its date. A request decided before the period is historical (H)
    unless its assessment ended within it, so the 20-week measure of a plan issued this year
    keeps its received date."""
    decided_on = request.assess_decided_on
    if decided_on is None:
        return ("W", None) if request.state == RequestState.WITHDRAWN else ("A", None)
    later = (request.issue_decided_on, request.final_issued_on, request.withdrawn_on)
    if period.before(decided_on) and not any(period.within(day) for day in later):
        return "H", None
    return ("N" if request.state == RequestState.REFUSED else "Y"), decided_on


def _assessment_outcome(request, held, period) -> tuple[str, datetime.date | None]:
    if request.state == RequestState.FINAL_ISSUED:
        issued = request.final_issued_on
        return ("H", None) if period.before(issued) else ("Y", issued)
    if request.state == RequestState.NOT_ISSUING:
        told = held.told_no_plan.get(request.pk)
        return ("H", None) if period.before(told) else ("N", told)
    if request.state == RequestState.WITHDRAWN:
        return "W", None
    return "A", None


def _plan_detail(plan: Plan) -> sen2.PlanDetail:
    setting = plan.placement_setting
    if setting is not None and setting.urn:
        return sen2.PlanDetail(
            urn=setting.urn,
            rank=1,
            sen_unit=False,
            resourced_provision=setting.setting_type == SettingType.RESOURCED,
        )
    code = SETTING_CODE.get(plan.placement_type, "OTH" if plan.placement_type else None)
    other = plan.get_placement_type_display() if code == "OTH" else None
    return sen2.PlanDetail(sen_setting=code, sen_setting_other=other, rank=1)


def _placement_detail(placement: Placement, period: Period) -> sen2.PlacementDetail:
    """A setting attended: its URN when it has one, else its SEN2 setting code."""
    setting = placement.setting
    left = (
        placement.ended_on
        if placement.ended_on and placement.ended_on <= period.census_day
        else None
    )
    where = {}
    if setting is not None and setting.urn:
        where = {"urn": setting.urn}
    else:
        code = SETTING_CODE.get(placement.setting_type, "OTH")
        where = {
            "sen_setting": code,
            "sen_setting_other": (setting.name if setting is not None else None)
            or placement.get_setting_type_display()
            if code == "OTH"
            else None,
        }
    return sen2.PlacementDetail(
        **where,
        rank=placement.rank,
        entry_date=placement.started_on,
        leaving_date=left,
        sen_unit=placement.sen_unit,
        resourced_provision=placement.setting_type == SettingType.RESOURCED,
    )


def _direct_payments(budgets) -> str | None:
    streams = set()
    for budget in budgets:
        if budget.wants_direct_payment:
            streams |= {
                s
                for s, covered in (
                    ("E", budget.covers_education),
                    ("H", budget.covers_health),
                    ("S", budget.covers_social_care),
                )
                if covered
            }
    if not streams:
        return None
    return streams.pop() if len(streams) == 1 else "I"


def _started_on(plan: Plan, held: _Held) -> datetime.date | None:
    """The day the plan was first issued as a final plan: its first final version, else the
    date recorded on it (a plan issued outside this service, or one whose versions predate it)."""
    return held.first_final.get(plan.pk) or plan.first_issued_on


def _named_plan(plan: Plan, held: _Held, period: Period) -> sen2.NamedPlan:
    budgets = held.budgets.get(plan.case_id, [])
    cessation = held.cessations.get(plan.pk)
    ceased = cessation if cessation is not None and period.within(cessation.ceased_on) else None
    return sen2.NamedPlan(
        start_date=_started_on(plan, held),
        plan_details=[_plan_detail(plan)],
        personal_budget=bool(budgets),
        direct_payments=_direct_payments(budgets),
        cease_date=ceased.ceased_on if ceased else None,
        cease_reason=CEASE_REASON.get(ceased.reason, 9) if ceased else None,
    )


def _active_plan(child: Child, plan: Plan, held: _Held, period: Period) -> sen2.ActivePlan:
    needs = [
        sen2.Need(need_type=code, need_rank=rank)
        for rank, code in ((1, child.primary_need), (2, child.secondary_need))
        if code
    ]
    review = held.reviews.get(plan.pk)
    phase = held.phase_transfers.get(plan.case_id)
    return sen2.ActivePlan(
        placements=[_placement_detail(p, period) for p in held.placements.get(child.pk, [])],
        needs=needs,
        review_meeting=review.held_on if review else None,
        review_outcome=REVIEW_OUTCOME.get(review.decision) if review else None,
        review_draft=held.drafts_after_review.get(review.pk) if review else None,
        phase_transfer_due=phase.due_on if phase else None,
        phase_transfer_final=phase.met_on if phase and period.within(phase.met_on) else None,
        last_review=review.decision_sent_on if review else None,
    )


def _in_force_on_census_day(plan: Plan, held: _Held, period: Period) -> bool:
    started = _started_on(plan, held)
    cessation = held.cessations.get(plan.pk)
    return (
        started is not None
        and started <= period.census_day
        and (cessation is None or cessation.ceased_on > period.census_day)
    )


def _requests_of(child: Child, held: _Held, period: Period) -> list[sen2.Request]:
    plans = held.plans.get(child.pk, [])
    plan_of_request = {p.request_id: p for p in plans if p.request_id}
    records = []
    for request in held.requests.get(child.pk, []):
        outcome, decided_on = _request_outcome(request, period)
        historical = outcome == "H"
        record = sen2.Request(
            request_outcome=outcome,
            received_on=None if historical else request.received_on,
            request_source=None if historical else SEN2_REQUEST_SOURCE.get(request.source),
            rya=None if historical else request.in_youth_accommodation,
            request_outcome_on=decided_on if outcome in ("Y", "N") else None,
            request_mediation=False if outcome in ("Y", "N") else None,
            request_tribunal=False if outcome in ("Y", "N") else None,
            case_reference=request.case.reference,
        )
        plan = plan_of_request.pop(request.pk, None)
        if outcome in ("Y", "H"):
            record.assessment = _assessment(request, plan, held, period)
        if plan is not None and _in_force_on_census_day(plan, held, period):
            record.active_plan = _active_plan(child, plan, held, period)
        records.append(record)
    # Plans that did not start with a request here (issued before the service or elsewhere),
    # or whose request was decided long ago: a historical chain to hang the plan on.
    for plan in [*plan_of_request.values(), *(p for p in plans if not p.request_id)]:
        records.append(
            sen2.Request(
                request_outcome="H",
                assessment=sen2.Assessment(
                    assessment_outcome="H", named_plan=_named_plan(plan, held, period)
                ),
                active_plan=_active_plan(child, plan, held, period)
                if _in_force_on_census_day(plan, held, period)
                else None,
                case_reference=plan.case.reference,
            )
        )
    return records


def _assessment(request, plan, held: _Held, period: Period) -> sen2.Assessment:
    outcome, on = _assessment_outcome(request, held, period)
    decided = outcome in ("Y", "N")
    return sen2.Assessment(
        assessment_outcome=outcome,
        assessment_outcome_on=on if outcome in ("Y", "N") else None,
        assessment_mediation=False if decided else None,
        assessment_tribunal=False if decided else None,
        other_mediation=False if decided else None,
        other_tribunal=False if decided else None,
        week20=(request.pk in held.exceptions) if outcome == "Y" else None,
        named_plan=_named_plan(plan, held, period)
        if plan is not None and outcome in ("Y", "H")
        else None,
    )


def _person(child: Child, held: _Held, period: Period) -> sen2.Person:
    return sen2.Person(
        surname=child.last_name,
        forename=child.first_name,
        birth_date=child.date_of_birth,
        sex=child.sex if child.sex in SEX else None,
        # Required in the file: "not yet obtained" until it is recorded (a query in the report).
        ethnicity=child.ethnicity or Ethnicity.NOBT,
        postcode=child.postcode or None,
        upn=child.upn or None,
        uln=child.uln or None,
        upn_unknown=(child.upn_unknown or None) if not (child.upn or child.uln) else None,
        requests=_requests_of(child, held, period),
        child_id=child.pk,
    )


def build_return(census_day: datetime.date, *, serial_no: int = 1) -> sen2.Return:
    """The SEN2 return for the collection whose census day this is."""
    period = period_for(census_day)
    children, held = _read(period)
    return sen2.Return(
        year=period.year,
        reference_date=census_day,
        source=sen2.Source(
            lea=settings.SEN2_LA_NUMBER,
            software_code=settings.SERVICE_NAME[:40],
            release=settings.SEN2_SOFTWARE_RELEASE,
            serial_no=f"{serial_no:03d}",
            made_at=timezone.localtime(),
            dmo=settings.SEN2_DMO,
            dco=settings.SEN2_DCO,
            dsco=settings.SEN2_DSCO,
        ),
        persons=[
            person
            for person in (_person(child, held, period) for child in children)
            if person.requests
        ],
    )
