"""Every read the family portal's pages make, filtered to what the family may see.

The case itself comes from the one gateway (`cases.family_access.family_case_get`); everything
here is read for cases that gateway returned. Sentences come from `wording` (declared once).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cases.deadline_kinds import FAMILY_COUNCIL
from cases.deadline_kinds import deadline_kind
from cases.deadline_kinds import family_wording
from cases.models import OPEN_REQUEST_STATES
from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import Document
from cases.models import DocumentKind
from cases.models import FamilyViews
from cases.models import MediationInfoRequest
from cases.models import Notice
from cases.models import NoticeRead
from cases.models import ViewsPurpose
from cases.notices.models import COPY_ROLES
from cases.notices.models import Delivery
from cases.roles import Role
from ehcp.models import CONSULTING_STATES
from ehcp.models import AnnualReview
from ehcp.models import PersonalBudgetRequest
from ehcp.models import Plan
from ehcp.models import PlanVersion
from ehcp.models import ReviewState
from ehcp.models import VersionKind
from mediation.selectors import family_disagreements

from . import wording

FAMILY_ROLES = (Role.PARENT, Role.YOUNG_PERSON)
REVIEW_SOON_DAYS = 42  # a review within 6 weeks: time to give views before the meeting
HISTORY_LIMIT = 50


def _day(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


@dataclass(frozen=True)
class NextDate:
    who: str
    text: str
    due_on: datetime.date
    statutory: bool
    passed: bool = False

    @property
    def council_target(self) -> bool:
        """The council's own target, not a legal limit (the family's own windows are not)."""
        return not self.statutory and self.who == FAMILY_COUNCIL


def next_dates(case, deadlines, *, today: datetime.date) -> list[NextDate]:
    """The open dates a family needs to know about, earliest first, in plain words."""
    out = []
    for deadline in sorted(deadlines, key=lambda d: (d.due_on, d.pk)):
        said = family_wording(deadline.kind)  # registered with the kind, by the app owning it
        if said is None or not deadline.is_open:
            continue
        out.append(
            NextDate(
                who=said.who,
                text=said.text(due=deadline.due_on, name=case.reader.name, whose=case.reader.whose),
                due_on=deadline.due_on,
                statutory=deadline_kind(deadline.kind).statutory,
                passed=deadline.due_on < today,
            )
        )
    return out


@dataclass(frozen=True)
class HistoryItem:
    at: datetime.datetime
    text: str


def history(case) -> list[HistoryItem]:
    """What has happened on the case, newest first, in the family's words (only the events
    `wording.HISTORY` declares)."""
    entries = (
        AuditEntry.objects.filter(case=case, action__in=list(wording.HISTORY))
        .only("at", "action", "payload")
        .order_by("-at", "-id")[:HISTORY_LIMIT]
    )
    return [HistoryItem(e.at, wording.HISTORY[e.action].text(e.payload or {})) for e in entries]


# --- letters, plans and documents --------------------------------------------------------------


def _family_notices(case_ids):
    family_delivery = Delivery.objects.filter(notice=OuterRef("pk")).exclude(role__in=COPY_ROLES)
    return Notice.objects.filter(case_id__in=case_ids).filter(Exists(family_delivery))


def case_notices(case, user) -> list[Notice]:
    """The letters sent to the family, newest first, each with `is_read` for this reader."""
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), user=user)
    return list(
        _family_notices([case.pk])
        .select_related("letter")
        .annotate(is_read=Exists(read))
        .order_by("-dated_on", "-id")
    )


def notice_get(case, notice_id: int) -> Notice:
    return get_object_or_404(_family_notices([case.pk]).select_related("letter"), pk=notice_id)


def _family_documents(case):
    letters = _family_notices([case.pk]).filter(letter__isnull=False).values("letter_id")
    return Document.objects.filter(case=case).filter(
        Q(pk__in=letters)
        | Q(kind__in=(DocumentKind.DRAFT_PLAN, DocumentKind.FINAL_PLAN))
        | Q(uploaded_by__role__in=FAMILY_ROLES)
    )


def case_documents(case) -> list[Document]:
    return list(_family_documents(case).order_by("-uploaded_at", "-id"))


def document_get(case, document_id: int) -> Document:
    return get_object_or_404(_family_documents(case), pk=document_id)


def live_plan(case) -> Plan | None:
    return Plan.objects.filter(case=case).live().select_related("request").order_by("-id").first()


def plan_versions(case) -> list[PlanVersion]:
    return list(
        PlanVersion.objects.filter(plan__case=case)
        .only("id", "number", "kind", "issued_on", "plan_id")
        .order_by("-issued_on", "-number")
    )


def version_get(case, number: int) -> PlanVersion:
    version = PlanVersion.objects.filter(plan__case=case, number=number).order_by("-id").first()
    if version is None:
        raise Http404("No such plan.")
    return version


@dataclass
class Draft:
    plan: Plan
    version: PlanVersion
    closes_on: datetime.date | None  # the last of the 15 days, while they run
    sections: list = field(default_factory=list)  # (key, title, lines)


def draft_for(case, *, today: datetime.date) -> Draft | None:
    """The draft plan the family is asked about: the plan's latest draft while it is out for
    comment (draft issued, or settings being consulted)."""
    from ehcp.content import SECTION_TITLES
    from ehcp.content import section_lines
    from ehcp.services.family import family_window_closes_on

    plan = live_plan(case)
    if plan is None or plan.state not in CONSULTING_STATES:
        return None
    version = (
        plan.versions.filter(kind=VersionKind.DRAFT).order_by("-number").first()
        if plan.request_id
        else None
    )
    if version is None:
        return None
    content = (version.content or {}).get("sections", {})
    sections = []
    for key, title in SECTION_TITLES.items():
        try:
            lines = section_lines(key, content[key]) if key in content else []
        except (KeyError, TypeError):
            lines = []
        sections.append((key, title, lines))
    closes_on = family_window_closes_on(plan)
    return Draft(plan, version, closes_on if closes_on and closes_on >= today else None, sections)


# --- the case page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """A row of the case page's task list."""

    id: str
    name: str
    url: str
    hint: str = ""
    status: str = "Optional"
    tag: str = ""  # a govuk-tag class for something to do


TO_DO = "govuk-tag--blue"


@dataclass
class CaseProgress:
    case: object
    dates: list[NextDate]
    history: list[HistoryItem]
    open_request: AssessmentRequest | None
    plan: Plan | None
    draft: Draft | None
    reviews: list[AnnualReview]
    views: dict[str, FamilyViews]
    budget_requests: list[PersonalBudgetRequest]
    mediation_asked: list[MediationInfoRequest]
    unread_letters: int
    disagreements: list = field(default_factory=list)  # mediation.selectors.FamilyDisagreement

    @property
    def stage(self) -> wording.StageWords:
        return wording.stage_words(self.case)

    @property
    def disagreement_rows(self) -> list[tuple]:
        """Each disagreement with where it stands, in the family's words."""
        return [(d, wording.disagreement_status(d)) for d in self.disagreements]

    @property
    def next_date(self) -> NextDate | None:
        statutory = [d for d in self.dates if d.statutory]
        return (statutory or self.dates or [None])[0]

    @property
    def tasks(self) -> list[Task]:
        """What the family can do on the case now, in the order it matters to them."""
        ref = self.case.reference
        tasks = []
        if self.draft:
            url = reverse("portal:draft", args=[ref])
            if self.draft.closes_on:
                tasks.append(
                    Task(
                        "draft",
                        "Read and respond to the draft plan",
                        url,
                        "Comment on each section, ask for a meeting and say which school or "
                        f"college you want, by {_day(self.draft.closes_on)}.",
                        "To do",
                        TO_DO,
                    )
                )
            else:
                tasks.append(
                    Task(
                        "draft",
                        "Read the draft plan",
                        url,
                        "The 15 days to respond have ended, or you said you have nothing more "
                        "to add.",
                        "Closed",
                    )
                )
        for purpose, label, hint in (
            (
                ViewsPurpose.ASSESSMENT,
                "views for section A",
                "About me, the family’s views, photos or documents, and which existing reports "
                "can be used again, so you are not asked twice.",
            ),
            (ViewsPurpose.REVIEW, "views before the annual review", ""),
        ):
            if purpose == ViewsPurpose.REVIEW and not self.reviews:
                continue
            given = self.views.get(purpose)
            url = reverse("portal:views", args=[ref, purpose])
            if given:
                tasks.append(
                    Task(
                        f"views-{purpose}",
                        f"Your {label}",
                        url,
                        "You can change them at any time.",
                        f"Given on {_day(given.given_on)}",
                    )
                )
            else:
                tasks.append(
                    Task(
                        f"views-{purpose}", f"Give your {label}", url, hint, "Not given yet", TO_DO
                    )
                )
        if self.may_request:
            tasks.append(
                Task(
                    "request",
                    "Ask for an EHC needs assessment",
                    reverse("portal:request_new", args=[ref]),
                    "Send the request and any reports online. The council’s 6 weeks start when "
                    "it is received.",
                )
            )
        if self.may_ask_budget:
            asked = self.budget_requests[0] if self.budget_requests else None
            tasks.append(
                Task(
                    "budget",
                    "Ask for a personal budget",
                    reverse("portal:budget", args=[ref]),
                    f"You asked on {_day(asked.requested_on)}."
                    if asked
                    else "Money to arrange some of the help in the plan yourself.",
                    asked.get_decision_display() if asked else "Optional",
                )
            )
        asked = self.mediation_asked[0] if self.mediation_asked else None
        tasks.append(
            Task(
                "mediation",
                "Ask for information about mediation",
                reverse("portal:mediation", args=[ref]),
                f"You asked on {_day(asked.asked_on)}."
                if asked
                else "If you disagree with a decision, mediation can help before an appeal.",
                ("Information sent" if asked.answered_on else "Waiting for the SEND team")
                if asked
                else "Optional",
            )
        )
        tasks.append(
            Task(
                "letters",
                "Letters, plans and documents",
                reverse("portal:documents", args=[ref]),
                "Read and download letters and plans, and what you have sent.",
                f"{self.unread_letters} new" if self.unread_letters else "Nothing new",
                TO_DO if self.unread_letters else "",
            )
        )
        return tasks

    @property
    def may_request(self) -> bool:
        """A new request: nothing open, and no plan in force (a plan is reviewed instead)."""
        return self.open_request is None and self.plan is None

    @property
    def may_ask_budget(self) -> bool:
        from ehcp.models import budget_may_be_requested

        decided = self.case.stage in (CaseStage.DRAFTING, CaseStage.PLAN, CaseStage.REVIEW)
        return budget_may_be_requested(plan=self.plan, decided_to_issue=decided)


def case_progress(case, user, *, today: datetime.date) -> CaseProgress:
    deadlines = list(Deadline.objects.filter(case=case, met_on__isnull=True, cancelled=False))
    plan = live_plan(case)
    reviews = []
    if plan is not None:
        reviews = list(
            AnnualReview.objects.filter(plan=plan)
            .exclude(state=ReviewState.DECIDED)
            .order_by("due_on")
        )
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), user=user)
    return CaseProgress(
        case=case,
        dates=next_dates(case, deadlines, today=today),
        history=history(case),
        open_request=AssessmentRequest.objects.filter(case=case, state__in=OPEN_REQUEST_STATES)
        .order_by("-received_on")
        .first(),
        plan=plan,
        draft=draft_for(case, today=today),
        reviews=reviews,
        views={v.purpose: v for v in FamilyViews.objects.filter(case=case)},
        budget_requests=list(PersonalBudgetRequest.objects.filter(case=case).order_by("-id")),
        mediation_asked=list(MediationInfoRequest.objects.filter(case=case)),
        unread_letters=_family_notices([case.pk]).exclude(Exists(read)).count(),
        disagreements=family_disagreements(case),
    )


# --- needs your attention ----------------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    case: object
    title: str  # what changed or what is asked, naming the child
    action: str  # what to do, by when
    url: str
    due_on: datetime.date | None = None


def attention(cases, user, *, today: datetime.date) -> list[Attention]:
    """What needs the family's attention across their cases: letters not yet read, the draft's
    15 days, proposed changes, a review coming, views asked for. A fixed number of queries
    whatever the number of cases."""
    if not cases:
        return []
    by_id = {c.pk: c for c in cases}
    items: list[Attention] = []
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), user=user)
    for notice in _family_notices(list(by_id)).exclude(Exists(read)).order_by("dated_on", "id"):
        case = by_id[notice.case_id]
        items.append(
            Attention(
                case,
                f"New letter about {_about(case)}: {notice.title}",
                f"Read the letter dated {_day(notice.dated_on)}.",
                reverse("portal:notice", args=[case.reference, notice.pk]),
            )
        )
    windows = Deadline.objects.filter(
        case_id__in=list(by_id),
        kind__in=[DeadlineKind.DRAFT_RESPONSE, DeadlineKind.AMENDMENT_RESPONSE],
        met_on__isnull=True,
        cancelled=False,
        due_on__gte=today,
    )
    for deadline in windows:
        case = by_id[deadline.case_id]
        draft = deadline.kind == DeadlineKind.DRAFT_RESPONSE
        items.append(
            Attention(
                case,
                f"The draft EHC plan for {_about(case)} is ready for your comments"
                if draft
                else f"The council proposes changes to {case.reader.whose} EHC plan",
                f"Respond by {_day(deadline.due_on)}: comment on any section, ask for a meeting "
                "and say which school or college you want."
                if draft
                else f"Tell the council what you think by {_day(deadline.due_on)}.",
                reverse("portal:draft", args=[case.reference])
                if draft
                else reverse("portal:case", args=[case.reference]) + "#letters",
                deadline.due_on,
            )
        )
    views = defaultdict(set)
    for case_id, purpose, given_on in FamilyViews.objects.filter(
        case_id__in=list(by_id)
    ).values_list("case_id", "purpose", "given_on"):
        views[case_id].add((purpose, given_on))
    soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    reviews = (
        AnnualReview.objects.filter(
            plan__case_id__in=list(by_id), plan__state__in=("final", "amending")
        )
        .exclude(
            state__in=(ReviewState.MEETING_HELD, ReviewState.REPORT_RECEIVED, ReviewState.DECIDED)
        )
        .filter(
            Q(meeting_on__gte=today, meeting_on__lte=soon)
            | Q(meeting_on__isnull=True, due_on__lte=soon)
        )
        .select_related("plan")
    )
    for review in reviews:
        case = by_id[review.plan.case_id]
        when = review.meeting_on or review.due_on
        given_since = any(
            p == ViewsPurpose.REVIEW and on >= when - datetime.timedelta(days=365)
            for p, on in views[case.pk]
        )
        meeting = (
            f"The annual review meeting is on {_day(review.meeting_on)}"
            if review.meeting_on
            else f"{case.reader.whose.capitalize()} annual review is due by {_day(review.due_on)}"
        )
        items.append(
            Attention(
                case,
                f"{meeting} ({_about(case)})",
                "Your views have been given. You can change them before the meeting."
                if given_since
                else f"Give your views before {_day(when)}.",
                reverse("portal:views", args=[case.reference, ViewsPurpose.REVIEW]),
                when,
            )
        )
    for case in cases:
        if case.stage in (CaseStage.REQUEST, CaseStage.ASSESSMENT) and not any(
            p == ViewsPurpose.ASSESSMENT for p, _ in views[case.pk]
        ):
            items.append(
                Attention(
                    case,
                    f"Your views are asked for: {_about(case)}’s assessment",
                    "Tell the council about "
                    + ("yourself" if case.reader.is_young_person else case.reader.child_name)
                    + " once, in your own words, and say which reports can be used again.",
                    reverse("portal:views", args=[case.reference, ViewsPurpose.ASSESSMENT]),
                )
            )
    far = datetime.date.max
    return sorted(items, key=lambda a: (a.due_on or far, a.case.reference))


def _about(case) -> str:
    return "you" if case.reader.is_young_person else case.reader.child_name
