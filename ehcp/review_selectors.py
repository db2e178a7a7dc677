"""Reads of annual reviews, amendments and ceasing for the review screens, already filtered by
who may see them.

Object access goes through one gateway, `review_get_for_user`: a review is found only among
the plans of cases the user may open (`cases.permissions.staff_cases`), so "no such review" and
"not yours" get the same 404. Amendments and cessations are then read through the review the
gateway returned (`amendment_get_for_review`, `cessation_get_for_review`): only those of its plan.

Every statutory date shown on these screens is either stored by `ehcp.services` (the `Deadline`
rows, the review's own dates) or worked out here with `cases.deadlines`; views never compute one.
Pages are read with a fixed number of queries, whatever the number of reviews, amendments,
cessations or deadlines.
"""

import datetime
from dataclasses import dataclass
from dataclasses import field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from cases import deadlines
from cases.deadline_kinds import coming_up_until
from cases.models import Case
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.nested_rows import NestedRows
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.permissions import mark_visible
from cases.permissions import may
from cases.permissions import staff_cases
from cases.permissions import staff_team
from cases.rules import Need
from cases.selectors import deadline_value
from cases.workflow import Action
from cases.workflow import next_actions

from . import appeals
from .content import SECTION_TITLES
from .models import OPEN_CESSATION_STATES
from .models import Amendment
from .models import AmendmentState
from .models import AnnualReview
from .models import Cessation
from .models import CessationState
from .models import Plan
from .models import PlanState
from .models import ReviewState

# --- the review list ---------------------------------------------------------------------------


SHOW_DUE = "due"
SHOW_OVERDUE = "overdue"
SHOW_TERM = "term"
SHOW_TRANSFERS = "transfers"
SHOW_CHOICES = (SHOW_DUE, SHOW_OVERDUE, SHOW_TERM, SHOW_TRANSFERS)


def term_end(today: datetime.date) -> datetime.date:
    """The last day of the school term that `today` falls in, for the "this term" filter.

    A simple council-wide calendar, not any one school's dates (which vary, and are not stored):
    autumn 1 September to 31 December, spring 1 January to Easter (taken as 31 March, as Easter
    moves from year to year), summer 1 April to 31 August.
    """
    if today.month >= 9:
        return datetime.date(today.year, 12, 31)
    if today.month <= 3:
        return datetime.date(today.year, 3, 31)
    return datetime.date(today.year, 8, 31)


def due_horizon(today: datetime.date) -> datetime.date:
    """The last due date the "due or overdue" filter takes: what is coming up."""
    return coming_up_until(today)


def _review_type() -> ContentType:
    return ContentType.objects.get_for_model(AnnualReview)


def _deadline_of(kind: str, value: str):
    """A correlated subquery: `value` of the review's stored deadline of this kind."""
    return deadline_value(AnnualReview, kind, value)


def visible_reviews(user) -> QuerySet[AnnualReview]:
    """Every review (open or decided) of a plan on a case the user may open."""
    team_id = staff_team(user)
    if team_id is not None:  # one team's cases: its reviews from the stored team, one index
        return AnnualReview.objects.filter(team_id=team_id)
    cases = staff_cases(user)
    if not cases.query.has_filters():  # every case (a manager): no need to ask which
        return AnnualReview.objects.all()
    return AnnualReview.objects.filter(plan__case__in=cases)


def review_list(user, *, today: datetime.date, show: str = "") -> QuerySet[AnnualReview]:
    """The open reviews (not yet decided) the user may see, by due date, filtered by `show`:

    `SHOW_DUE` overdue or due within 10 working days; `SHOW_OVERDUE` due before today;
    `SHOW_TERM` due from today to the end of the current term (`term_end`); `SHOW_TRANSFERS`
    reviews that prepare a phase transfer (reg 18).

    Each review carries its child and case, and annotations from its stored deadlines:
    `deadline_due_on`, `deadline_met_on`, `deadline_cancelled` (the annual review deadline, for
    the status tag) and `transfer_due_on` (the reg 18 last day). One query per page, whatever
    its length. Only the columns the list shows are read (`REVIEW_LIST_COLUMNS`): a plan's row
    holds its whole text.
    """
    reviews = (
        visible_reviews(user)
        .exclude(state=ReviewState.DECIDED)
        .select_related("plan__case__child")
        .only(*REVIEW_LIST_COLUMNS)
        .annotate(
            deadline_due_on=_deadline_of(DeadlineKind.ANNUAL_REVIEW, "due_on"),
            deadline_met_on=_deadline_of(DeadlineKind.ANNUAL_REVIEW, "met_on"),
            deadline_cancelled=_deadline_of(DeadlineKind.ANNUAL_REVIEW, "cancelled"),
            transfer_due_on=_deadline_of(DeadlineKind.PHASE_TRANSFER, "due_on"),
        )
    )
    if show == SHOW_DUE:
        reviews = reviews.filter(due_on__lte=due_horizon(today))
    elif show == SHOW_OVERDUE:
        reviews = reviews.filter(due_on__lt=today)
    elif show == SHOW_TERM:
        reviews = reviews.filter(due_on__gte=today, due_on__lte=term_end(today))
    elif show == SHOW_TRANSFERS:
        reviews = reviews.filter(is_phase_transfer=True)
    return reviews.order_by("due_on", "pk")


# What the review list shows of each review (`review_list`; `AnnualReview.status` reads the
# state and whether the decision was sent), of its case and of its child: no more.
REVIEW_LIST_COLUMNS = (
    "state",
    "decision_sent_on",
    "due_on",
    "meeting_on",
    "held_on",
    "is_phase_transfer",
    "transfer_to",
    "plan__case__reference",
    "plan__case__child__first_name",
    "plan__case__child__last_name",
)


def phase_transfer_wording(last_day: datetime.date | None) -> str:
    """How reg 18 words the deadline whose last day is `last_day`: "before 15 February 2027"
    (or "before 31 March 2027" for a move from secondary school to post-16)."""
    if last_day is None:
        return ""
    post16 = last_day == deadlines.phase_transfer_deadline(last_day.year, post16=True)
    wording = (
        deadlines.PHASE_TRANSFER_POST16_WORDING if post16 else deadlines.PHASE_TRANSFER_WORDING
    )
    return f"{wording} {last_day.year}"


# --- the gateway -------------------------------------------------------------------------------


def review_get_for_user(user, review_id: int) -> AnnualReview:
    """The gateway: the review if the user may open its case, else 404 ("does not exist" and
    "not yours" alike). Comes with its plan, case, child and the child's setting."""
    review = get_object_or_404(
        visible_reviews(user).select_related(
            "plan__case__child__current_setting",
            "plan__case__team",
            "plan__case__officer",
            "plan__placement_setting",
        ),
        pk=review_id,
    )
    mark_visible(user, review.plan.case)
    return review


def amendment_get_for_review(review: AnnualReview, amendment_id: int) -> Amendment:
    """An amendment of the review's plan (made at this review, another, or outside one)."""
    amendment = get_object_or_404(Amendment, pk=amendment_id, plan_id=review.plan_id)
    amendment.plan = review.plan
    return amendment


def cessation_get_for_review(review: AnnualReview, cessation_id: int) -> Cessation:
    """A cessation of the review's plan."""
    cessation = get_object_or_404(Cessation, pk=cessation_id, plan_id=review.plan_id)
    cessation.plan = review.plan
    return cessation


def review_deadline(review: AnnualReview, kind: str) -> Deadline | None:
    """The review's stored deadline of this kind, if any (for the forms' hints)."""
    return Deadline.objects.filter(
        content_type=_review_type(), object_id=review.pk, kind=kind
    ).first()


def amendment_deadline(amendment: Amendment, kind: str) -> Deadline | None:
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Amendment),
        object_id=amendment.pk,
        kind=kind,
    ).first()


def advice_due_by(review: AnnualReview) -> datetime.date | None:
    """The last day to circulate the advice: 2 weeks before the meeting (reg 20(4))."""
    if review.meeting_on is None:
        return None
    return deadlines.review_invitations_due(review.meeting_on)


def appeal_period_ends(cessation: Cessation) -> datetime.date | None:
    """The last day to appeal a decision to cease (the plan stays in force until then)."""
    if cessation.notified_on is None:
        return None
    return appeals.appeal_period_ends(cessation.plan.case, cessation.notified_on)


def review_amendment(review: AnnualReview) -> Amendment | None:
    """The amendment proposed with this review's decision, with its proposals version."""
    return (
        review.amendments.select_related("proposals")
        .defer("proposals__content")
        .order_by("-pk")
        .first()
    )


def review_cessation(review: AnnualReview) -> Cessation | None:
    """The cessation considered during this review."""
    return Cessation.objects.filter(review=review).order_by("-pk").first()


def next_review(plan: Plan) -> AnnualReview | None:
    """The plan's open review, if it has one."""
    return plan.reviews.exclude(state=ReviewState.DECIDED).order_by("due_on", "pk").first()


def plan_has_open_cessation(plan: Plan) -> bool:
    return plan.cessations.filter(
        state__in=[CessationState.CONSULTING, CessationState.NOTIFIED]
    ).exists()


def decision_notes(review: AnnualReview) -> list[str]:
    """What the decision form says about the options open: amending needs the amendments
    prepared, ceasing needs the family told and consulted first."""
    plan = review.plan
    notes = []
    if plan.state == PlanState.AMENDING:
        notes.append(
            "The amendments are prepared: a decision to amend sends the plan as it now stands "
            "as the proposed amendments, and the family has 15 days to comment."
        )
    else:
        notes.append(
            "To amend the plan, prepare the amendments first (\u201cPrepare amendments\u201d on "
            "the review page)."
        )
    consulting = plan.cessations.filter(state=CessationState.CONSULTING).first()
    if consulting is not None:
        notes.append(
            f"Ceasing is being considered ({consulting.get_reason_display()}). The family was "
            f"told on {consulting.family_informed_on.day} {consulting.family_informed_on:%B %Y}."
        )
    else:
        notes.append(
            "To cease the plan, first tell the family that ceasing is being considered and "
            "consult them and the school or college (\u201cConsider ceasing the plan\u201d)."
        )
    return notes


def amendment_notes(amendment: Amendment) -> list[str]:
    response = amendment_deadline(amendment, DeadlineKind.AMENDMENT_RESPONSE)
    if response is None or response.met_on is not None:
        return []
    return [
        f"The family has until {response.due_on.day} {response.due_on:%B %Y} to comment on the "
        "proposed amendments: record their response, or issue the plan after that day."
    ]


# --- the review page ---------------------------------------------------------------------------


# The review's own steps that the task list links to, by the task list's names.
TASK_LIST_STEPS = {
    "reviews:invite": "invite",
    "reviews:hold_meeting": "hold",
    "reviews:record_report": "report",
    "reviews:decide": "decide",
}


@dataclass
class Step:
    """One step of the review, as the task list shows it: when it was done, when it was due
    (a stored deadline, or the day the service stored for it) and dated notes."""

    name: str
    done_on: datetime.date | None
    due_on: datetime.date | None = None
    met_on: datetime.date | None = None
    cancelled: bool = False
    hint: str = ""
    notes: list[tuple[str, datetime.date]] = field(default_factory=list)
    can_start: bool = True
    url: str | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass
class AmendmentView:
    amendment: Amendment
    response: Deadline | None
    amended_plan: Deadline | None
    actions: list[Action] = field(default_factory=list)


@dataclass
class CessationView:
    cessation: Cessation
    appeal_ends: datetime.date | None
    actions: list[Action] = field(default_factory=list)


@dataclass
class ReviewPage:
    """Everything the review page shows, read with a fixed number of queries."""

    review: AnnualReview
    plan: Plan
    case: Case
    steps: list[Step]
    deadlines: list[Deadline]
    transfer: Deadline | None
    annual: Deadline | None
    amendments: list[AmendmentView]
    cessations: list[CessationView]
    previous: list[AnnualReview]
    user_can_work: bool
    actions: list[Action] = field(default_factory=list)
    section_links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def transfer_wording(self) -> str:
        return phase_transfer_wording(self.transfer.due_on if self.transfer else None)


def review_url(review: AnnualReview, name: str = "review", **kwargs) -> str:
    return reverse(f"reviews:{name}", kwargs={"review_id": review.pk, **kwargs})


def plan_page_url(case: Case) -> str:
    return reverse("ehcp:plan", kwargs={"reference": case.reference})


def _steps(review: AnnualReview, by_kind: dict[str, Deadline], step_urls: dict) -> list[Step]:
    annual = by_kind.get(DeadlineKind.ANNUAL_REVIEW)
    report = by_kind.get(DeadlineKind.REVIEW_REPORT)
    decision = by_kind.get(DeadlineKind.REVIEW_DECISION)
    held = review.held_on is not None
    meeting_notes = [("Meeting arranged for", review.meeting_on)] if review.meeting_on else []
    return [
        Step(
            "Review scheduled",
            done_on=timezone.localdate(review.created_at) if review.created_at else None,
            due_on=annual.due_on if annual else review.due_on,
            met_on=annual.met_on if annual else None,
            cancelled=bool(annual and annual.cancelled),
            hint="To be completed by the due date: the review is complete on the day the "
            "council sends its decision after the meeting.",
        ),
        Step(
            "Invitations sent",
            done_on=review.invitations_sent_on,
            # The last day for 2 weeks' notice of the meeting, which is also the day the advice
            # is to be circulated by (reg 20(3), (4)); the day it went is what the officer enters.
            due_on=advice_due_by(review),
            met_on=review.invitations_sent_on,
            hint="At least 2 weeks' notice of the meeting, with the advice circulated 2 weeks "
            "before it.",
            notes=[
                *meeting_notes,
                *(
                    [("Advice circulated on", review.advice_circulated_on)]
                    if review.advice_circulated_on
                    else []
                ),
            ],
            url=step_urls.get("invite"),
        ),
        Step(
            "Meeting held",
            done_on=review.held_on,
            notes=meeting_notes if not held else [],
            can_start=review.invitations_sent_on is not None,
            url=step_urls.get("hold"),
        ),
        Step(
            "Report received",
            done_on=review.report_received_on,
            due_on=report.due_on if report else None,
            met_on=report.met_on if report else None,
            cancelled=bool(report and report.cancelled),
            hint="Due 2 weeks after the meeting.",
            can_start=held,
            url=step_urls.get("report"),
        ),
        Step(
            "Decision sent",
            done_on=review.decision_sent_on,
            due_on=decision.due_on if decision else None,
            met_on=decision.met_on if decision else None,
            cancelled=bool(decision and decision.cancelled),
            hint=(
                f"{review.get_decision_display()}, decided on {review.decided_on:%-d %B %Y}: "
                "decision waiting to go out"
                if review.decision_waiting
                else review.get_decision_display()
                if review.decision
                else "Maintain, amend or cease the plan: due 4 weeks after the meeting."
            ),
            can_start=held,
            url=step_urls.get("decide"),
        ),
    ]


def review_page(review: AnnualReview, *, user, today: datetime.date) -> ReviewPage:
    """The review from the gateway as its page shows it: its steps with their dates, due dates
    and statuses, its stored deadlines, the amendments and cessations of its plan that belong
    to it or are still open, the plan's earlier reviews and what the user may do next."""
    plan = review.plan
    case = plan.case
    amendments = list(
        plan.amendments.filter(Q(review=review) | Q(state=AmendmentState.PROPOSED))
        .select_related("proposals", "issued")
        .defer("proposals__content", "issued__content")
        .order_by("proposals_sent_on", "pk")
    )
    cessations = list(
        plan.cessations.filter(
            Q(review=review) | Q(state__in=[CessationState.CONSULTING, CessationState.NOTIFIED])
        ).order_by("family_informed_on", "pk")
    )
    amendment_type = ContentType.objects.get_for_model(Amendment)
    rows = list(
        Deadline.objects.filter(
            Q(content_type=_review_type(), object_id=review.pk)
            | Q(content_type=amendment_type, object_id__in=[a.pk for a in amendments])
        ).order_by("due_on", "pk")
    )
    review_type_id = _review_type().pk
    by_kind = {d.kind: d for d in rows if d.content_type_id == review_type_id}
    by_amendment: dict[tuple[int, str], Deadline] = {
        (d.object_id, d.kind): d for d in rows if d.content_type_id == amendment_type.pk
    }
    previous = list(
        plan.reviews.filter(state=ReviewState.DECIDED)
        .exclude(pk=review.pk)
        .order_by("-decided_on", "-pk")
    )
    user_can_work = may(user, case, Need.WORK)
    review._open_cessation = any(c.state in OPEN_CESSATION_STATES for c in cessations)
    review._proposed_amendments = any(a.state == AmendmentState.PROPOSED for a in amendments)
    actions = next_actions(review, user)
    step_urls = {TASK_LIST_STEPS[a.step]: a.url for a in actions if a.step in TASK_LIST_STEPS}
    amendment_views = []
    for amendment in amendments:
        amendment.plan, amendment.page_review = plan, review
        view = AmendmentView(
            amendment,
            response=by_amendment.get((amendment.pk, DeadlineKind.AMENDMENT_RESPONSE)),
            amended_plan=by_amendment.get((amendment.pk, DeadlineKind.AMENDED_PLAN)),
        )
        view.actions = next_actions(amendment, user)
        amendment_views.append(view)
    cessation_views = []
    for cessation in cessations:
        cessation.plan, cessation.page_review = plan, review
        if cessation.review_id == review.pk:
            cessation.review = review
        view = CessationView(cessation, appeal_ends=appeal_period_ends(cessation))
        view.actions = next_actions(cessation, user)
        cessation_views.append(view)
    section_links = []
    if user_can_work and plan.state == PlanState.AMENDING:
        section_links = [
            (
                title,
                reverse(
                    "ehcp:section", kwargs={"reference": case.reference, "section": key.lower()}
                ),
            )
            for key, title in SECTION_TITLES.items()
        ]
    return ReviewPage(
        review=review,
        plan=plan,
        case=case,
        steps=_steps(review, by_kind, step_urls),
        deadlines=[d for d in rows if d.content_type_id == review_type_id],
        transfer=by_kind.get(DeadlineKind.PHASE_TRANSFER),
        annual=by_kind.get(DeadlineKind.ANNUAL_REVIEW),
        amendments=amendment_views,
        cessations=cessation_views,
        previous=previous,
        user_can_work=user_can_work,
        actions=actions,
        section_links=section_links,
    )


# --- the review on the case page ---------------------------------------------------------------


@dataclass
class CaseReviewSummary:
    review: AnnualReview | None
    url: str | None
    last_decided: AnnualReview | None = None
    can_open: bool = False  # only case officers and managers open review pages


def case_review_panel(*, case: Case, user, requests=None) -> CaseReviewSummary:
    """The case page's "Annual review" panel (registered in `ehcp.apps`)."""
    summary = case_review_summary(case)
    summary.can_open = has_ability(user, Ability.CASEWORK)
    return summary


# A plan's reviews, read in its row on the case page (`ehcp.selectors.CASE_PAGE_LISTS`).
PLAN_REVIEWS = NestedRows(AnnualReview, parent="plan", order_by=("due_on", "id"))


def _read_with_the_case(case: Case) -> list[AnnualReview] | None:
    """The reviews of the case's plans as the case page read them, each in its plan's row
    (`ehcp.selectors.CASE_PAGE_LISTS`); None when the case was read without them."""
    if "plans" not in getattr(case, "_prefetched_objects_cache", {}):
        return None
    plans = list(case.plans.all())
    if not all("reviews" in getattr(plan, "_prefetched_objects_cache", {}) for plan in plans):
        return None
    return [review for plan in plans for review in plan.reviews.all()]


def case_review_summary(case: Case) -> CaseReviewSummary:
    """The next review of the case's plan: its due date, state and the annual review deadline
    (annotated as in `review_list`); or, when none is open, the last one decided.

    From the case page's records when it has read them (the plans with their reviews, and the
    case's deadlines: no query), else one query (two when none is open)."""
    reviews = _read_with_the_case(case)
    if reviews is not None:
        return _summary_from(case, reviews)
    review = (
        AnnualReview.objects.filter(plan__case=case)
        .exclude(state=ReviewState.DECIDED)
        .annotate(
            deadline_due_on=_deadline_of(DeadlineKind.ANNUAL_REVIEW, "due_on"),
            deadline_met_on=_deadline_of(DeadlineKind.ANNUAL_REVIEW, "met_on"),
            deadline_cancelled=_deadline_of(DeadlineKind.ANNUAL_REVIEW, "cancelled"),
            transfer_due_on=_deadline_of(DeadlineKind.PHASE_TRANSFER, "due_on"),
        )
        .order_by("due_on", "pk")
        .first()
    )
    if review is not None:
        return CaseReviewSummary(review=review, url=review_url(review))
    last = (
        AnnualReview.objects.filter(plan__case=case, state=ReviewState.DECIDED)
        .order_by("-decided_on", "-pk")
        .first()
    )
    return CaseReviewSummary(review=None, url=review_url(last) if last else None, last_decided=last)


def _summary_from(case: Case, reviews: list[AnnualReview]) -> CaseReviewSummary:
    open_reviews = sorted(
        (r for r in reviews if r.state != ReviewState.DECIDED), key=lambda r: (r.due_on, r.pk)
    )
    if open_reviews:
        review = open_reviews[0]
        review_type = _review_type().pk
        stored = {
            d.kind: d
            for d in case.deadlines.all()
            if d.content_type_id == review_type and d.object_id == review.pk
        }
        limit = stored.get(DeadlineKind.ANNUAL_REVIEW)
        transfer = stored.get(DeadlineKind.PHASE_TRANSFER)
        review.deadline_due_on = limit.due_on if limit else None
        review.deadline_met_on = limit.met_on if limit else None
        review.deadline_cancelled = limit.cancelled if limit else None
        review.transfer_due_on = transfer.due_on if transfer else None
        return CaseReviewSummary(review=review, url=review_url(review))
    decided = sorted(
        (r for r in reviews if r.state == ReviewState.DECIDED),
        key=lambda r: (r.decided_on or datetime.date.min, r.pk),
        reverse=True,
    )
    last = decided[0] if decided else None
    return CaseReviewSummary(review=None, url=review_url(last) if last else None, last_decided=last)
