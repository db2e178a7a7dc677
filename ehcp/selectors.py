"""Reads of EHC plans for the views, already filtered by who may see them.

Object access goes through one gateway, `plan_get_for_user`: it takes the case through
`cases.selectors.case_get_for_user` (404 for "no such case" and "not yours" alike) and answers
404 too when the case has no plan. Every other read of one plan's records takes the plan (or the
case) the gateway returned, so it can never reach another case's rows.

Pages are read with a fixed number of queries, whatever the number of needs, outcomes,
provision, advice, versions, consultations or budget requests.
"""

import datetime
import functools
from dataclasses import dataclass
from dataclasses import field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cases import deadlines
from cases.models import AssessmentRequest
from cases.models import Case
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import RequestState
from cases.models import Setting
from cases.nested_rows import NestedRows
from cases.nested_rows import list_columns
from cases.nested_rows import load_lists
from cases.panels import records_presence
from cases.panels import records_present
from cases.permissions import may
from cases.rules import Need
from cases.selectors import case_get_for_user
from cases.selectors import stored_deadline
from cases.workflow import Action
from cases.workflow import next_actions

from . import content as plan_content
from .models import DECIDED_TO_ISSUE_STATES
from .models import Consultation
from .models import PersonalBudgetRequest
from .models import Plan
from .models import PlanAdvice
from .models import PlanNeed
from .models import PlanOutcome
from .models import PlanProvision
from .models import PlanState
from .models import PlanVersion
from .models import ReviewState
from .models import budget_may_be_requested
from .models import is_live
from .review_selectors import PLAN_REVIEWS
from .services import plan_problems


def section_url(case: Case, key: str) -> str:
    return reverse("ehcp:section", kwargs={"reference": case.reference, "section": key.lower()})


def plan_url(case: Case) -> str:
    return reverse("ehcp:plan", kwargs={"reference": case.reference})


# --- the gateway -------------------------------------------------------------------------------


def current_plan(plans) -> Plan | None:
    """The case's plan among its plans: the live one, or else the latest that ceased."""
    return min(
        plans,
        key=lambda p: (p.state == PlanState.CEASED, -p.created_at.timestamp(), -p.pk),
        default=None,
    )


def plan_for_case(case: Case) -> Plan | None:
    """The case's plan (`current_plan`), read in one query."""
    plan = current_plan(
        Plan.objects.filter(case=case).select_related("placement_setting", "request")
    )
    if plan is not None:
        _plan_of(case, plan)
    return plan


def _plan_of(case: Case, plan: Plan) -> Plan:
    plan.case = case
    if plan.request is not None:
        plan.request.case = case
    return plan


@functools.cache
def _plans_read(lists: tuple[str, ...]) -> NestedRows:
    """The case's plans, read in the case's row, each with the lists named (of
    `PLAN_PAGE_LISTS`) in its own row."""
    return NestedRows(
        Plan,
        parent="case",
        related=("placement_setting", "request"),
        lists={name: PLAN_PAGE_LISTS[name] for name in lists},
    )


def plan_get_for_user(
    user,
    reference: str,
    need: Need = Need.VIEW,
    *,
    annotate: dict | None = None,
    plan_lists: tuple[str, ...] = (),
) -> Plan:
    """The gateway: the plan of the case with this reference if the user may see the case,
    else 404 (also when the case has no plan); 403 without the level needed. `plan.case` is the
    case the cases gateway gave (with `annotate`, as `case_get_for_user` reads it). The plan is
    read in the case's own row (`cases.nested_rows`), and with it the lists of the plan named in
    `plan_lists` (the plan page's: `PLAN_PAGE_LISTS`), given to `plan.<list>.all()`."""
    plans = _plans_read(tuple(plan_lists))
    case = case_get_for_user(
        user, reference, need, annotate={**(annotate or {}), "plans_rows": plans}
    )
    plan = current_plan(plans.rows(case.plans_rows))
    if plan is None:
        raise Http404("This case has no EHC plan.")
    return _plan_of(case, plan)


def request_ready_for_plan(case: Case) -> AssessmentRequest | None:
    """The request whose plan is to be drafted: decided to issue, not yet drafted."""
    request = case.requests.filter(state=RequestState.DRAFTING).order_by("-received_on").first()
    if request is not None:
        request.case = case
    return request


def item_get_for_plan(plan: Plan, kind: str, item_id: int):
    """A need, outcome, provision or advice of this plan, else 404."""
    model = {
        "need": PlanNeed,
        "outcome": PlanOutcome,
        "provision": PlanProvision,
        "advice": PlanAdvice,
    }.get(kind)
    if model is None:
        raise Http404("No such part of a plan.")
    return get_object_or_404(model, plan=plan, pk=item_id)


def version_get_for_plan(plan: Plan, number: int) -> PlanVersion:
    version = get_object_or_404(plan.versions.select_related("issued_by"), number=number)
    version.plan = plan
    return version


def consultation_get_for_plan(plan: Plan, consultation_id: int) -> Consultation:
    return get_object_or_404(plan.consultations.select_related("setting"), pk=consultation_id)


def budget_request_get_for_case(case: Case, budget_request_id: int) -> PersonalBudgetRequest:
    return get_object_or_404(case.budget_requests, pk=budget_request_id)


def setting_choices() -> QuerySet[Setting]:
    return Setting.objects.order_by("name", "pk")


# --- references (B1, E2, F.3): the same numbering as `ehcp.content.snapshot` ------------------


def _number_needs(needs: list[PlanNeed]) -> list[PlanNeed]:
    """Give each need its ref; `needs` in the plan's order (section, order, id)."""
    counters: dict[str, int] = {}
    for need in needs:
        counters[need.section] = counters.get(need.section, 0) + 1
        need.ref = f"{need.section}{counters[need.section]}"
    return needs


def _number_outcomes(outcomes: list[PlanOutcome]) -> list[PlanOutcome]:
    for number, outcome in enumerate(outcomes, start=1):
        outcome.ref = f"E{number}"
    return outcomes


def _number_provisions(provisions: list[PlanProvision]) -> list[PlanProvision]:
    counters: dict[str, int] = {}
    for item in provisions:
        counters[item.section] = counters.get(item.section, 0) + 1
        item.ref = f"{item.section}.{counters[item.section]}"
    return provisions


def plan_needs(plan: Plan) -> list[PlanNeed]:
    """Every need of the plan (B, C, D), each with its `ref`."""
    return _number_needs(list(plan.needs.all()))


def plan_outcomes(plan: Plan, needs: list[PlanNeed] | None = None) -> list[PlanOutcome]:
    """Every outcome with its `ref`; given the plan's `needs` (from `plan_needs`), also with
    `need_refs` (the refs of the needs it addresses, prefetched)."""
    if needs is None:
        return _number_outcomes(list(plan.outcomes.all()))
    need_ref = {n.pk: n.ref for n in needs}
    outcomes = _number_outcomes(list(plan.outcomes.prefetch_related("needs")))
    for outcome in outcomes:
        outcome.need_refs = sorted(need_ref[n.pk] for n in outcome.needs.all() if n.pk in need_ref)
    return outcomes


def plan_provisions(plan: Plan, section: str, outcomes: list[PlanOutcome]) -> list[PlanProvision]:
    """The provision of one section (F, G, H1, H2) with `ref` and `outcome_refs`."""
    outcome_ref = {o.pk: o.ref for o in outcomes}
    result = _number_provisions(
        list(plan.provisions.filter(section=section).prefetch_related("outcomes"))
    )
    for item in result:
        item.outcome_refs = sorted(
            outcome_ref[o.pk] for o in item.outcomes.all() if o.pk in outcome_ref
        )
    return result


def plan_advice(plan: Plan) -> list[PlanAdvice]:
    return list(plan.advice.all())


def child_year_group(plan: Plan, today: datetime.date) -> int:
    return deadlines.year_group(plan.case.child.date_of_birth, today)


# --- the plan page -----------------------------------------------------------------------------


@dataclass
class SectionView:
    key: str
    title: str
    data: object
    edit_url: str


@dataclass
class ProblemView:
    section: str
    message: str
    url: str


@dataclass
class PlanPage:
    """Everything the plan page shows, read with a fixed number of queries."""

    plan: Plan
    case: Case
    content: dict
    sections: list[SectionView]
    problems: list[ProblemView]
    problems_for_final: bool
    versions: list[PlanVersion]
    consultations: list[Consultation]
    budget_requests: list[PersonalBudgetRequest]
    draft_response: Deadline | None
    user_can_work: bool
    actions: list[Action] = field(default_factory=list)
    can_record_budget_request: bool = False
    family_responses: list = field(default_factory=list)


def draft_response_deadline(plan: Plan) -> Deadline | None:
    """The family's 15 days on the draft, as the request's clock stored it (None without one):
    from the case's deadlines when the page read them with the case (the plan page), else one
    query."""
    if plan.request_id is None:
        return None
    case = plan.case if Plan.case.is_cached(plan) else None
    if case is not None and "deadlines" in getattr(case, "_prefetched_objects_cache", {}):
        return stored_deadline(
            case.deadlines.all(), AssessmentRequest, plan.request_id, DeadlineKind.DRAFT_RESPONSE
        )
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(AssessmentRequest),
        object_id=plan.request_id,
        kind=DeadlineKind.DRAFT_RESPONSE,
    ).first()


def plan_problems_view(
    plan: Plan, content: dict, *, for_final: bool, today: datetime.date
) -> list[ProblemView]:
    """`ehcp.services.plan_problems` on an already taken snapshot, each linked to its section.

    Same checks, same year group (on `today`); taking the snapshot once saves the page a second
    read of every section."""
    found = plan_content.problems(
        content,
        for_final=for_final,
        year_group=plan_content.child_year_group(content, today),
    )
    return [ProblemView(p.section, p.message, section_url(plan.case, p.section)) for p in found]


def issue_problems(plan: Plan, *, for_final: bool, today: datetime.date) -> list[ProblemView]:
    """What stops the draft (or final) plan being issued today, each linked to its section."""
    found = plan_problems(plan, for_final=for_final, on=today)
    return [ProblemView(p.section, p.message, section_url(plan.case, p.section)) for p in found]


def plan_page_presence() -> dict:
    """Whether the case holds any consultations, family responses or personal budget requests
    (most plans have none): asked with the case itself (`plan_get_for_user(annotate=...)`), so
    an empty list costs the plan page no query."""
    return records_presence(
        Case, ["plans__consultations", "plans__family_responses", "budget_requests"]
    )


# The case's deadlines, read in its row on the plan page (the family's 15 days on the draft).
CASE_LISTS = {"deadlines": NestedRows(Deadline, parent="case", order_by=("due_on", "id"))}


def plan_page_reads() -> dict:
    """What the plan page reads with the case (`plan_get_for_user(annotate=...)`): which of its
    lists it holds rows of (`plan_page_presence`), and its deadlines (`CASE_LISTS`)."""
    return {**plan_page_presence(), **list_columns(CASE_LISTS)}


# What the plan page shows of the plan's own lists, read in the plan's row with the plan
# (`plan_get_for_user(plan_lists=...)`, `cases.nested_rows`): its needs, outcomes, provision and
# advice, each in the order its model keeps them (its Meta.ordering), and its versions, without
# the copy of the plan each keeps.
PLAN_PAGE_LISTS = {
    "needs": NestedRows(PlanNeed, parent="plan", order_by=("section", "order", "id")),
    "outcomes": NestedRows(PlanOutcome, parent="plan", order_by=("order", "id")),
    "provisions": NestedRows(PlanProvision, parent="plan", order_by=("section", "order", "id")),
    "advice": NestedRows(PlanAdvice, parent="plan", order_by=("dated", "id")),
    "versions": NestedRows(
        PlanVersion,
        parent="plan",
        related=("issued_by",),
        defer=("content", "issued_by__password"),
        order_by=("number",),
    ),
}


def plan_page(plan: Plan, *, user, today: datetime.date) -> PlanPage:
    """The plan from the gateway as the plan page shows it: the working copy as it would be
    issued (the `ehcp.content` snapshot, with the refs the PDF uses), the checks before issue,
    the versions, consultations and personal budget requests."""
    case = plan.case
    load_lists(plan, PLAN_PAGE_LISTS)
    load_lists(case, CASE_LISTS)
    content = plan_content.snapshot(plan)
    sections = [
        SectionView(key, title, content["sections"][key], section_url(case, key))
        for key, title in plan_content.SECTION_TITLES.items()
    ]
    for_final = plan.state in (PlanState.DRAFT_ISSUED, PlanState.CONSULTATION)
    problems = (
        plan_problems_view(plan, content, for_final=for_final, today=today)
        if plan.is_editable
        else []
    )
    versions = list(plan.versions.all())
    for version in versions:
        version.previous_number = version.number - 1 if version.number > 1 else None
    present = records_present(case, plan_page_presence())
    consultations = (
        list(plan.consultations.select_related("setting")) if present["has_consultations"] else []
    )
    budget_requests = (
        list(case.budget_requests.select_related("recorded_by").order_by("-requested_on", "-id"))
        if present["has_budget_requests"]
        else []
    )
    draft_response = draft_response_deadline(plan)
    user_can_work = may(user, case, Need.WORK)
    page = PlanPage(
        plan=plan,
        case=case,
        content=content,
        sections=sections,
        problems=problems,
        problems_for_final=for_final,
        versions=versions,
        consultations=consultations,
        budget_requests=budget_requests,
        draft_response=draft_response,
        user_can_work=user_can_work,
    )
    if plan.request is not None:
        plan.request.remember_draft_response(draft_response)
        if present["has_family_responses"]:
            responses = plan.family_responses.select_related("requested_setting")
            page.family_responses = list(responses)
        plan._requested_setting_ids = {
            r.requested_setting_id for r in page.family_responses if r.requested_setting_id
        }
    plan._consulted_setting_ids = {c.setting_id for c in consultations}
    if user_can_work:
        page.actions = plan_actions(plan, user)
        page.can_record_budget_request = budget_may_be_requested(plan=plan, decided_to_issue=False)
        for consultation in consultations:
            if consultation.responded_on is None and plan.is_editable:
                consultation.response_url = reverse(
                    "ehcp:consultation_response",
                    kwargs={"reference": case.reference, "consultation_id": consultation.pk},
                )
        offer_budget_decisions(budget_requests, user)
    return page


def next_review_due(plan: Plan):
    """The due date of the plan's open review (None without one)."""
    return (
        plan.reviews.exclude(state=ReviewState.DECIDED)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def family_can_respond(plan: Plan) -> bool:
    """Whether the family's 15 days on the draft are still open (then their response leads)."""
    return plan.request is not None and plan.request.draft_response_open()


def plan_actions(plan: Plan, user) -> list[Action]:
    """The plan page's next actions: the plan's own steps (`ehcp.steps`)."""
    return next_actions(plan, user)


# --- comparing versions --------------------------------------------------------------------


def version_numbers(plan: Plan) -> list[PlanVersion]:
    """The plan's versions without their content, for the compare form's selects."""
    return list(plan.versions.defer("content").order_by("number"))


def versions_content(plan: Plan, numbers: list[int]) -> dict[int, dict]:
    return dict(plan.versions.filter(number__in=numbers).values_list("number", "content"))


# --- the plan on the case page -------------------------------------------------------------------


@dataclass
class CasePlanSummary:
    """What the case page shows of the case's EHC plan and personal budget requests."""

    plan: Plan | None
    start_url: str | None
    budget_requests: list[PersonalBudgetRequest]
    budget_request_url: str | None
    decided_to_issue: bool
    existing_url: str | None = None  # enter a plan issued outside this service

    @property
    def relevant(self) -> bool:
        return bool(self.plan or self.decided_to_issue or self.budget_requests or self.existing_url)


# The request's own "issue" steps (upload a plan written elsewhere). Once the plan is drafted
# here, issuing goes through the plan, which moves the request on itself: offering both would
# let an officer move the request without the plan and leave the plan unable to issue.
# The family's response to a draft written here is recorded on the plan (`ehcp.steps`), with
# what they asked for.
REQUEST_ISSUE_STEPS = frozenset({"cases:issue_draft", "cases:issue_final", "cases:family_response"})


def request_actions_with_plan(request, actions: list[Action], summary) -> list[Action]:
    """The request's next actions as the plan panel has them (registered in `ehcp.apps`): less
    its own issue steps when a plan is being written here; before drafting has started, "Start
    drafting the plan" leads, and recording a draft written elsewhere stays, second."""
    if summary is None:
        return actions
    if summary.existing_url and request.state == RequestState.FINAL_ISSUED:
        # a final plan recorded as issued outside this service: its details come next
        return [Action("Enter the plan's details", summary.existing_url, True), *actions]
    if summary.plan is None:
        if summary.start_url and any(a.step == "cases:issue_draft" for a in actions):
            return [Action("Start drafting the plan", summary.start_url, True), *actions]
        return actions
    return [a for a in actions if a.step not in REQUEST_ISSUE_STEPS]


# What the plan panel and the reviews panel read of the case, in the case's own row
# (`CasePanel.lists`, `cases.nested_rows`): its plans, each with its versions and reviews in its
# row, and its personal budget requests. A plan's free text and a version's copy of the whole
# plan are not shown there, and not read.
CASE_PAGE_LISTS = {
    "plans": NestedRows(
        Plan,
        parent="case",
        defer=(
            "views",
            "interests",
            "aspirations",
            "one_page_profile",
            "placement_notes",
            "budget_arrangements",
        ),
        lists={
            "versions": NestedRows(
                PlanVersion, parent="plan", defer=("content",), order_by=("number",)
            ),
            "reviews": PLAN_REVIEWS,
        },
    ),
    "budget_requests": NestedRows(
        PersonalBudgetRequest, parent="case", order_by=("-requested_on", "-id")
    ),
}


def case_plan_summary(case: Case, *, user, requests) -> CasePlanSummary:
    """The case's plan with its latest version, and its personal budget requests.

    `requests` are the case's requests, and the case's plans (each with its versions) and
    budget requests are read already by the case page (`CASE_PAGE_LISTS`); for a case read
    without them, in one query."""
    load_lists(case, CASE_PAGE_LISTS)
    plan = current_plan(case.plans.all())
    decided = any(r.state in DECIDED_TO_ISSUE_STATES for r in requests)
    can_work = may(user, case, Need.WORK)
    budget_requests = list(case.budget_requests.all()) if plan is not None or decided else []
    start_url = None
    if plan is None and can_work and any(r.state == RequestState.DRAFTING for r in requests):
        start_url = reverse("ehcp:start", kwargs={"reference": case.reference})
    existing_url = None
    live = is_live(plan)
    if (
        can_work
        and not live
        and not any(r.is_open for r in requests)
        and (not requests or any(r.state == RequestState.FINAL_ISSUED for r in requests))
    ):
        existing_url = reverse("ehcp:record_existing", kwargs={"reference": case.reference})
    budget_request_url = None
    if can_work and budget_may_be_requested(plan=plan, decided_to_issue=decided):
        budget_request_url = reverse(
            "ehcp:budget_request_new", kwargs={"reference": case.reference}
        )
    if plan is not None:
        plan.latest_version = max(plan.versions.all(), key=lambda v: v.number, default=None)
    if can_work:
        offer_budget_decisions(budget_requests, user)
    return CasePlanSummary(
        plan=plan,
        start_url=start_url,
        budget_requests=budget_requests,
        budget_request_url=budget_request_url,
        decided_to_issue=decided,
        existing_url=existing_url,
    )


def budget_request_allowed(case: Case, plan: Plan | None) -> bool:
    """Whether a personal budget may be asked for now (the service has the last word)."""
    decided = case.requests.filter(state__in=DECIDED_TO_ISSUE_STATES).exists()
    return budget_may_be_requested(plan=plan, decided_to_issue=decided)


def offer_budget_decisions(budget_requests, user) -> None:
    """Give each request still awaiting a decision the link to record it, when `user` may."""
    for budget_request in budget_requests:
        actions = next_actions(budget_request, user)
        budget_request.decide_url = actions[0].url if actions else None
