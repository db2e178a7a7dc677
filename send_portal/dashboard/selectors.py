"""The figures of the manager's dashboard and the lists behind them.

A figure is a number of open cases matching a condition (`figure_q`): the dashboard counts it
and the drill-down lists it, both over `base_cases` (the cases the manager may see, open, in
the team and opened in the dates chosen), so each number is the length of the list it opens.
The whole dashboard is a fixed number of queries: three aggregates for the fixed figures (over
the cases, their open deadlines and their reviews), two by officer, one by team, one for the
officers who hold nothing.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from django.db.models import Count
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from cases.models import OPEN_STAGES
from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import Team
from cases.models import User
from cases.permissions import staff_cases
from cases.roles import Role
from ehcp.models import AnnualReview
from ehcp.models import ReviewState

from . import needs
from . import timeliness

DUE_WEEKS = 4


def _open_deadlines():
    return Deadline.objects.filter(met_on__isnull=True, cancelled=False)


def _week(today: datetime.date, number: int) -> tuple[datetime.date, datetime.date]:
    first = today + datetime.timedelta(days=7 * (number - 1))
    return first, first + datetime.timedelta(days=6)


CASE, DEADLINE, REVIEW = "case", "deadline", "review"


@dataclass(frozen=True)
class FigureDef:
    """A figure, defined once: a condition over the case itself, over one of its open
    deadlines, or over one of its plan's reviews. The list holds the cases that match (an
    EXISTS for the last two); the dashboard counts them from the side the condition is on
    (COUNT DISTINCT of the case), which is the same set, read in one pass."""

    label: str
    on: str
    where: Callable[[datetime.date], Q]

    def case_q(self, today: datetime.date) -> Q:
        if self.on == CASE:
            return self.where(today)
        if self.on == DEADLINE:
            rows = _open_deadlines().filter(self.where(today), case=OuterRef("pk"))
        else:
            rows = AnnualReview.objects.filter(self.where(today), plan__case=OuterRef("pk"))
        return Q(Exists(rows))


def _overdue(today):
    return Q(due_on__lt=today)


def _due_between(first, last):
    return Q(due_on__gte=first, due_on__lte=last)


OVERDUE = FigureDef("Cases with overdue items", DEADLINE, _overdue)


def overdue_q(today: datetime.date) -> Q:
    return OVERDUE.case_q(today)


STAGE_FIGURES = {
    f"stage-{stage.value}": FigureDef(stage.label, CASE, lambda today, s=stage: Q(stage=s))
    for stage in (
        CaseStage.REQUEST,
        CaseStage.ASSESSMENT,
        CaseStage.DRAFTING,
        CaseStage.PLAN,
        CaseStage.REVIEW,
    )
}
REVIEW_FIGURES = {
    key: FigureDef(label, REVIEW, lambda today, states=states: Q(state__in=states))
    for key, label, states in (
        ("reviews-scheduled", "Reviews to invite for", (ReviewState.SCHEDULED,)),
        ("reviews-invited", "Review meetings to hold", (ReviewState.INVITED,)),
        (
            "reviews-held",
            "Review decisions to send",
            (ReviewState.MEETING_HELD, ReviewState.REPORT_RECEIVED),
        ),
    )
}
DUE_FIGURES = {
    f"due-week-{n}": FigureDef(
        f"Week {n}", DEADLINE, lambda today, n=n: _due_between(*_week(today, n))
    )
    for n in range(1, DUE_WEEKS + 1)
}
OTHER_FIGURES = {
    "due-4-weeks": FigureDef(
        f"Due in the next {DUE_WEEKS} weeks",
        DEADLINE,
        lambda today: _due_between(today, _week(today, DUE_WEEKS)[1]),
    ),
    "overdue": OVERDUE,
    "unallocated": FigureDef("Unallocated", CASE, lambda today: Q(officer__isnull=True)),
    "open": FigureDef("Open cases", CASE, lambda today: Q()),
}
FIXED = {**STAGE_FIGURES, **REVIEW_FIGURES, **DUE_FIGURES, **OTHER_FIGURES}
GROUPED = re.compile(r"^(caseload|overdue)-(officer|team)-(\d+|none)$")


def figure_q(key: str, today: datetime.date) -> Q:
    """The condition of a figure; 404 for a key that names no figure."""
    for special in (timeliness.timely_q, needs.need_q):
        q = special(key, today)
        if q is not None:
            return q
    if key in FIXED:
        return FIXED[key].case_q(today)
    match = GROUPED.match(key)
    if match is None or (match[2] == "team" and match[3] == "none"):
        raise Http404("No such figure.")
    what, by, value = match.groups()
    q = Q(**{f"{by}__isnull": True}) if value == "none" else Q(**{f"{by}_id": int(value)})
    return q & overdue_q(today) if what == "overdue" else q


def figure_label(key: str, today: datetime.date) -> str:
    if timeliness.KEY.match(key):
        return timeliness.timely_label(key)
    if needs.KEY.match(key):
        return needs.need_label(key)
    if key in FIXED:
        return FIXED[key].label
    what, by, value = GROUPED.match(key).groups()
    if value == "none":
        owner = "not allocated"
    else:
        model = User if by == "officer" else Team
        owner = str(model.objects.filter(pk=int(value)).first() or "nobody")
    return f"{'Overdue' if what == 'overdue' else 'Caseload'}: {owner}"


@dataclass(frozen=True)
class Filters:
    team: Team | None = None
    opened_from: datetime.date | None = None
    opened_to: datetime.date | None = None

    def query(self) -> dict:
        out = {}
        if self.team is not None:
            out["team"] = self.team.pk
        for name in ("opened_from", "opened_to"):
            value = getattr(self, name)
            if value is not None:
                out.update(
                    {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}
                )
        return out


def open_only(key: str) -> bool:
    """Whether a figure counts open cases only: timeliness counts closed cases too (a plan
    issued on time stays issued on time when the case later closes)."""
    return not timeliness.KEY.match(key)


def base_cases(user, filters: Filters, *, only_open: bool = True) -> QuerySet[Case]:
    """Cases the manager may see (open ones unless told), in the chosen team, opened in the
    chosen dates."""
    cases = staff_cases(user)
    if only_open:
        cases = cases.filter(stage__in=OPEN_STAGES)
    if filters.team is not None:
        cases = cases.filter(team=filters.team)
    if filters.opened_from is not None:
        cases = cases.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to is not None:
        cases = cases.filter(opened_on__lte=filters.opened_to)
    return cases


def figure_url(key: str, filters: Filters) -> str:
    return reverse("dashboard:cases") + "?" + urlencode({"figure": key, **filters.query()})


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    count: int
    url: str


@dataclass
class Dashboard:
    stages: list[Figure]
    reviews: list[Figure]
    due: list[Figure]
    due_total: Figure
    overdue: Figure
    unallocated: Figure
    open: Figure
    officers: list[dict] = field(default_factory=list)  # caseload and overdue by owner
    teams: list[Figure] = field(default_factory=list)
    timely: list = field(default_factory=list)  # timeliness.Table, one per measure


def _fixed_counts(cases: QuerySet[Case], today: datetime.date) -> dict[str, int]:
    """Every fixed figure, in three queries: over the cases, their open deadlines and their
    plans' reviews."""
    counts: dict[str, int] = {}
    sides = {
        CASE: (cases, "pk", False),
        DEADLINE: (_open_deadlines().filter(case__in=cases), "case_id", True),
        REVIEW: (AnnualReview.objects.filter(plan__case__in=cases), "plan__case_id", True),
    }
    for on, (rows, case_field, distinct) in sides.items():
        wanted = {key: d for key, d in FIXED.items() if d.on == on}
        found = rows.aggregate(
            **{
                key.replace("-", "_"): Count(case_field, distinct=distinct, filter=d.where(today))
                for key, d in wanted.items()
            }
        )
        counts.update({key: found[key.replace("-", "_")] for key in wanted})
    return counts


def dashboard(user, *, today: datetime.date, filters: Filters) -> Dashboard:
    cases = base_cases(user, filters)
    counts = _fixed_counts(cases, today)

    def figure(key: str, label: str = "") -> Figure:
        return Figure(key, label or FIXED[key].label, counts[key], figure_url(key, filters))

    def week(n: int) -> str:
        first, last = _week(today, n)
        return f"{first:%-d %b} to {last:%-d %b}"

    late = dict(
        _open_deadlines()
        .filter(OVERDUE.where(today), case__in=cases)
        .order_by()
        .values("case__officer_id")
        .annotate(n=Count("case_id", distinct=True))
        .values_list("case__officer_id", "n")
    )
    by_officer = {
        row["officer_id"]: row
        for row in cases.order_by()
        .values("officer_id", "officer__full_name")
        .annotate(n=Count("pk"))
    }
    for officer_id, row in by_officer.items():
        row["late"] = late.get(officer_id, 0)
    officers = User.objects.filter(role=Role.CASE_OFFICER, is_active=True)
    if filters.team is not None:
        officers = officers.filter(team=filters.team)
    rows = []
    names = dict(officers.order_by().values_list("pk", "full_name"))
    names.update({k: r["officer__full_name"] for k, r in by_officer.items() if k is not None})
    for officer_id, name in sorted(names.items(), key=lambda item: (item[1], item[0])):
        row = by_officer.get(officer_id, {"n": 0, "late": 0})
        rows.append(_owner_row(officer_id, name, row, filters))
    if None in by_officer:
        rows.append(_owner_row(None, "Not allocated", by_officer[None], filters))
    teams = [
        Figure(
            f"caseload-team-{row['team_id']}",
            row["team__name"],
            row["n"],
            figure_url(f"caseload-team-{row['team_id']}", filters),
        )
        for row in cases.order_by("team__name")
        .values("team_id", "team__name")
        .annotate(n=Count("pk"))
    ]
    return Dashboard(
        stages=[figure(key) for key in STAGE_FIGURES],
        reviews=[figure(key) for key in REVIEW_FIGURES],
        due=[figure(f"due-week-{n}", week(n)) for n in range(1, DUE_WEEKS + 1)],
        due_total=figure("due-4-weeks"),
        overdue=figure("overdue"),
        unallocated=figure("unallocated"),
        open=figure("open"),
        officers=rows,
        teams=teams,
        timely=timeliness.timeliness(
            base_cases(user, filters, only_open=False),
            today=today,
            url=lambda key: figure_url(key, filters),
        ),
    )


def _owner_row(officer_id, name, row, filters) -> dict:
    who = "none" if officer_id is None else str(officer_id)
    caseload, late = f"caseload-officer-{who}", f"overdue-officer-{who}"
    return {
        "name": name,
        "caseload": Figure(caseload, name, row["n"], figure_url(caseload, filters)),
        "overdue": Figure(late, name, row["late"], figure_url(late, filters)),
    }
