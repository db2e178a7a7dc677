"""Demo and scale plans for the cases `send_portal.demo.cases` generated: a plan for every case
whose request reached a final plan (and a working draft where one is being written), built in
bulk."""

import datetime
import random

from django.db import connection
from django.db import transaction

from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import CaseStage
from cases.models import NeedType
from cases.models import RequestState
from ehcp.content import snapshot
from ehcp.jobs import reviews_schedule
from ehcp.models import AnnualReview
from ehcp.models import NeedArea
from ehcp.models import Plan
from ehcp.models import PlanNeed
from ehcp.models import PlanOutcome
from ehcp.models import PlanProvision
from ehcp.models import PlanState
from ehcp.models import PlanVersion
from ehcp.models import ReviewDecision
from ehcp.models import ReviewState
from ehcp.models import VersionKind

BATCH = 2000
AREA_FOR_NEED = {
    NeedType.ASD: NeedArea.COMMUNICATION,
    NeedType.SLCN: NeedArea.COMMUNICATION,
    NeedType.SEMH: NeedArea.SEMH,
    NeedType.HI: NeedArea.SENSORY_PHYSICAL,
    NeedType.VI: NeedArea.SENSORY_PHYSICAL,
    NeedType.MSI: NeedArea.SENSORY_PHYSICAL,
    NeedType.PD: NeedArea.SENSORY_PHYSICAL,
}
PROVISION = (
    (
        "Speech and language therapy programme",
        "Speech and language therapist",
        "weekly",
        "30 minutes",
    ),
    (
        "Small-group literacy intervention",
        "Trained teaching assistant",
        "4 times a week",
        "20 minutes",
    ),
    ("Adult support in lessons", "Teaching assistant", "daily", "15 hours a week"),
    ("Emotional literacy support sessions", "ELSA-trained staff", "weekly", "45 minutes"),
)


def _stage_of(case: Case) -> str:
    return {
        CaseStage.PLAN: PlanState.FINAL,
        CaseStage.REVIEW: PlanState.FINAL,
        CaseStage.CEASED: PlanState.CEASED,
        CaseStage.DRAFTING: PlanState.DRAFTING,
    }.get(case.stage)


@transaction.atomic
def seed_plans(
    *, today: datetime.date, seed: int = 1, case_ids=None, full_content: bool = False
) -> int:
    """Plans for generated cases that have none. Returns how many were made. PDFs of these
    versions are rendered when first downloaded (`ehcp.services.plan_version_pdf`)."""

    rng = random.Random(seed)
    requests = (
        AssessmentRequest.objects.filter(
            state__in=[RequestState.FINAL_ISSUED, RequestState.DRAFTING], case__plans__isnull=True
        )
        .select_related("case__child__current_setting", "created_by")
        .order_by("pk")
    )
    if case_ids is not None:
        requests = requests.filter(case_id__in=case_ids)
    made = 0
    requests = list(requests)
    for start in range(0, len(requests), BATCH):
        chunk = requests[start : start + BATCH]
        plans = []
        for request in chunk:
            case, child = request.case, request.case.child
            state = _stage_of(case) or PlanState.FINAL
            plans.append(
                Plan(
                    case=case,
                    request=request,
                    state=state,
                    views=f"{child.first_name} says: I like being with my friends and I want to learn to read well.",
                    interests="Football, drawing and animals.",
                    aspirations="To go to college and work with animals.",
                    placement_setting=child.current_setting,
                    first_issued_on=request.final_issued_on
                    if state != PlanState.DRAFTING
                    else None,
                    ceased_on=today if state == PlanState.CEASED else None,
                    cease_reason="not_necessary" if state == PlanState.CEASED else "",
                )
            )
        Plan.objects.bulk_create(plans, batch_size=BATCH)
        needs = [
            PlanNeed(
                plan=plan,
                section="B",
                order=1,
                area=AREA_FOR_NEED.get(plan.case.child.primary_need, NeedArea.COGNITION),
                description=f"{plan.case.child.first_name} has "
                f"{(plan.case.child.get_primary_need_display() or 'learning needs').lower()} "
                "which affect learning and friendships.",
            )
            for plan in plans
        ]
        PlanNeed.objects.bulk_create(needs, batch_size=BATCH)
        outcomes = [
            PlanOutcome(
                plan=plan,
                order=1,
                achieve_by="by the end of the key stage",
                description=f"{plan.case.child.first_name} will take part in class "
                "discussions with the support of visual prompts.",
            )
            for plan in plans
        ]
        PlanOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
        PlanOutcome.needs.through.objects.bulk_create(
            [
                PlanOutcome.needs.through(planoutcome_id=o.pk, planneed_id=n.pk)
                for o, n in zip(outcomes, needs, strict=True)
            ],
            batch_size=BATCH,
        )
        provisions = []
        for plan in plans:
            what, by, often, much = rng.choice(PROVISION)
            provisions.append(
                PlanProvision(
                    plan=plan,
                    section="F",
                    order=1,
                    what=what,
                    by_whom=by,
                    frequency=often,
                    quantity=much,
                    duration="until the next review",
                )
            )
        PlanProvision.objects.bulk_create(provisions, batch_size=BATCH)
        PlanProvision.outcomes.through.objects.bulk_create(
            [
                PlanProvision.outcomes.through(planprovision_id=p.pk, planoutcome_id=o.pk)
                for p, o in zip(provisions, outcomes, strict=True)
            ],
            batch_size=BATCH,
        )
        versions = []
        for plan, need, outcome, provision in zip(plans, needs, outcomes, provisions, strict=True):
            officer_id = plan.request.created_by_id or plan.case.officer_id
            if plan.state == PlanState.DRAFTING or officer_id is None:
                continue
            content = (
                snapshot(plan) if full_content else _light_content(plan, need, outcome, provision)
            )
            versions.append(
                PlanVersion(
                    plan=plan,
                    number=1,
                    kind=VersionKind.FINAL,
                    issued_on=plan.first_issued_on,
                    issued_by_id=officer_id,
                    content=content,
                )
            )
        PlanVersion.objects.bulk_create(versions, batch_size=BATCH)
        _past_reviews(plans, rng=rng, today=today)
        made += len(plans)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner needs to know the tables just grew
            cursor.execute("ANALYZE ehcp_plan, ehcp_annualreview, cases_case, cases_child")
    reviews_schedule(today=today)
    return made


def _past_reviews(plans: list[Plan], *, rng: random.Random, today: datetime.date) -> None:
    """Plans older than a year have had reviews: record the last one, mostly within the past
    12 months, so the caseload shows the mix of on-time and overdue reviews councils report."""
    past = []
    for plan in plans:
        if plan.state != PlanState.FINAL or (today - plan.first_issued_on).days < 330:
            continue
        days_ago = rng.randint(20, 330) if rng.random() < 0.85 else rng.randint(366, 500)
        decided = max(
            plan.first_issued_on + datetime.timedelta(days=200),
            today - datetime.timedelta(days=days_ago),
        )
        held = decided - datetime.timedelta(days=rng.randint(10, 35))
        past.append(
            AnnualReview(
                plan=plan,
                team_id=plan.case.team_id,
                state=ReviewState.DECIDED,
                due_on=decided,
                held_on=held,
                meeting_on=held,
                invitations_sent_on=held - datetime.timedelta(days=21),
                report_received_on=held + datetime.timedelta(days=rng.randint(5, 20)),
                decision=ReviewDecision.MAINTAIN,
                decided_on=decided,
                decision_sent_on=decided,
                decision_reasons="The plan continues to meet the child's needs.",
            )
        )
    AnnualReview.objects.bulk_create(past, batch_size=BATCH)


def _light_content(
    plan: Plan, need: PlanNeed, outcome: PlanOutcome, provision: PlanProvision
) -> dict:
    """The frozen content of a bulk-made plan without a query per plan (the shape of `snapshot`)."""
    child = plan.case.child
    setting = child.current_setting
    return {
        "schema": 1,
        "child": {
            "name": child.full_name,
            "preferred_name": "",
            "date_of_birth": child.date_of_birth.isoformat(),
            "upn": child.upn,
            "uln": child.uln,
            "nhs_number": child.nhs_number,
            "address": ", ".join(
                p for p in (child.address_line_1, child.town, child.postcode) if p
            ),
            "case_reference": plan.case.reference,
            "primary_need": child.get_primary_need_display() if child.primary_need else "",
            "secondary_need": child.get_secondary_need_display() if child.secondary_need else "",
        },
        "sections": {
            "A": {
                "views": plan.views,
                "interests": plan.interests,
                "aspirations": plan.aspirations,
                "one_page_profile": "",
            },
            "B": [{"ref": "B1", "area": need.get_area_display(), "description": need.description}],
            "C": [],
            "D": [],
            "E": [
                {
                    "ref": "E1",
                    "description": outcome.description,
                    "achieve_by": outcome.achieve_by,
                    "steps": "",
                    "needs": ["B1"],
                    "preparing_for_adulthood": "",
                }
            ],
            "F": [
                {
                    "ref": "F.1",
                    "what": provision.what,
                    "by_whom": provision.by_whom,
                    "frequency": provision.frequency,
                    "quantity": provision.quantity,
                    "duration": provision.duration,
                    "outcomes": ["E1"],
                }
            ],
            "G": [],
            "H1": [],
            "H2": [],
            "I": {
                "setting": setting.name if setting else "",
                "urn": (setting.urn or "") if setting else "",
                "type": setting.get_setting_type_display() if setting else "",
                "notes": "",
            },
            "J": {
                "education": "",
                "health": "",
                "social_care": "",
                "total": "",
                "direct_payment": "",
                "arrangements": "",
            },
            "K": [],
        },
    }
