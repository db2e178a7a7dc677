"""Staff pages at council scale, each beside its floor: the page's own SQL run alone (replayed
from what the page ran, rolled back) plus an empty view through the same middleware.

Run on PostgreSQL, once at 25,000 and once at 100,000 cases, each from its own kept database:

    BENCHMARK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_25k \\
        .venv/bin/pytest tests/benchmarks/test_pages_at_scale.py -p no:xdist -s -q --reuse-db
    BENCHMARK=1 BENCH_CASES=100000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_100k ...

Rounds are interleaved (page, its SQL, the empty view; then the next page), BENCH_ROUNDS times
(default 11), and the medians reported. The officer is the bench officer with the most cases,
the case and plan are one of that officer's team's, so every page answers 200 (checked).

Both sizes in one run, side by side (the goals' "100k / 25k" then compares pages measured in the
same minutes, not in two runs with the machine's load between them): BENCH_BESIDE names the
larger council's kept test database, measured on a connection of its own in the same rounds:

    BENCHMARK=1 BENCH_BESIDE=test_send_100k DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_25k \\
        .venv/bin/pytest tests/benchmarks/test_pages_at_scale.py -p no:xdist -s -q --reuse-db
"""

import contextlib
import datetime
import os
import re
import statistics
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db import connections
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.template.base import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from cases.audit_events import payload_checked
from cases.models import AuditEntry
from cases.models import Case
from cases.models import CaseStage
from cases.models import User
from cases.roles import Role
from ehcp.models import AnnualReview
from ehcp.models import Plan
from send_portal import urls as project_urls

from .conftest import machine_load  # noqa: F401  (the seeded council, for others)
from .conftest import seeded  # noqa: F401  (the seeded council, for others)
from .conftest import settle  # noqa: F401  (the seeded council, for others)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "11"))
BESIDE = os.environ.get("BENCH_BESIDE", "")
GOALS = {"queries_case_page": 12, "floor_ratio": 3.0, "agenda_ms": 300, "growth": 1.5}
# The lists whose time at 100,000 cases is held to their time at 25,000 (issue 25).
GROWTH_HELD = ("caseload", "search", "reviews")


# Django's own rendering, as a server runs it. The test environment wraps every template render
# to record its context for `response.context` (a copy of the context per included template),
# which costs a page of includes more than the page itself; collection imports this module
# before that wrapper is installed, so this is the undecorated method.
SERVER_RENDER = Template._render
assert SERVER_RENDER.__name__ != "instrumented_test_render"


def empty(request):
    return HttpResponse("")


urlpatterns = [path("bench/empty/", empty), *project_urls.urlpatterns]
handler404 = getattr(project_urls, "handler404", None)


def get(client, url):
    """One request timed as a server would serve it (no test-time template recording)."""
    recording = Template._render
    Template._render = SERVER_RENDER
    try:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - started) * 1000
    finally:
        Template._render = recording
    return response, ms, [q["sql"] for q in captured.captured_queries]


def replay(statements) -> float:
    """The page's SQL run alone, in one transaction rolled back (its audit rows not kept)."""
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in statements:
                if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")):
                    continue
                cursor.execute(sql.replace("%", "%%"))
        transaction.set_rollback(True)
    return (time.perf_counter() - started) * 1000


def measure(client, url, runs=5):
    """Status, queries and the median time of `runs` requests (kept for the other modules)."""
    timings, queries, status = [], None, None
    for _ in range(runs):
        response, ms, statements = get(client, url)
        timings.append(ms)
        status, queries = response.status_code, len(statements)
    return status, queries, statistics.median(timings)


def last_page(client, url) -> str:
    """The URL of the list's last page (the panel agenda: its longer list's)."""
    response = client.get(url)
    context = response.context or {}
    for key, param in (("pager", "page"), ("issue", "issue_page"), ("assess", "assess_page")):
        pager = context.get(key)
        if pager and pager["page"].paginator.num_pages > 1:
            pages = pager["page"].paginator.num_pages
            return f"{url}{'&' if '?' in url else '?'}{param}={pages}"
    return url


class Council:
    """A seeded council's database, its signed-in client and the pages measured on it. The test
    database is pytest's own; a council `beside` it is a kept database on a connection of its
    own, swapped in as the default for its rounds, in one transaction rolled back at the end."""

    def __init__(self, database=None):
        self.database = database or connections["default"]
        self.client = Client()
        self.pages: list[tuple[str, str]] = []
        self.title = ""

    @classmethod
    @contextlib.contextmanager
    def beside(cls, name: str):
        default = connections["default"]
        council = cls(type(default)({**default.settings_dict, "NAME": name}, "default"))
        cached = content_types()
        with council.active():
            settle()  # as the seeded fixture leaves the default: vacuumed, analysed
            assert content_types() == cached, f"{name}: content types differ (cached by name)"
            kept = transaction.atomic()
            kept.__enter__()
        try:
            yield council
        finally:
            with council.active():
                transaction.set_rollback(True)
                kept.__exit__(None, None, None)
            council.database.close()

    @contextlib.contextmanager
    def active(self):
        was = connections["default"]
        connections["default"] = self.database
        try:
            yield self
        finally:
            connections["default"] = was


def content_types() -> tuple:
    """The content types, which a process caches by name: the same in both councils' databases."""
    return tuple(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))


def side_by_side(councils):
    """Each council's pages: their median times, their SQL's and the empty view's, from
    interleaved rounds (the councils in turn, first one then the other first)."""
    results = {}
    counts = {}
    for round_ in range(ROUNDS):
        for council in councils if round_ % 2 == 0 else councils[::-1]:
            with council.active():
                for label, url in council.pages:
                    times = results.setdefault(
                        (council, label), {"page": [], "sql": [], "empty": []}
                    )
                    response, ms, statements = get(council.client, url)
                    assert response.status_code == 200, (label, url, response.status_code)
                    times["page"].append(ms)
                    counts[council, label] = len(statements)
                    times["sql"].append(replay(statements))
                    times["empty"].append(get(council.client, "/bench/empty/")[1])
    rows = {}
    for council in councils:
        rows[council] = []
        for label, url in council.pages:
            times = results[council, label]
            page, sql, floor = (statistics.median(times[k]) for k in ("page", "sql", "empty"))
            rows[council].append(
                (label, url, counts[council, label], page, sql, floor, page / (sql + floor))
            )
    return rows


def report(title, rows):
    print(f"\n{title}: {Case.objects.count():,} cases on {connection.vendor} ({machine_load()})")
    print(f"  {'page':<34} {'queries':>7} {'page ms':>8} {'SQL ms':>7} {'empty':>6} {'ratio':>6}")
    for label, _url, queries, page, sql, floor, ratio in rows:
        print(f"  {label:<34} {queries:>7} {page:8.1f} {sql:7.1f} {floor:6.1f} {ratio:6.2f}")


def busiest_officer() -> User:
    return (
        User.objects.filter(role=Role.CASE_OFFICER, email__startswith="bench.")
        .annotate(cases=Count("caseload"))
        .order_by("-cases", "pk")
        .first()
    )


def a_plan_case(officer: User) -> Case:
    """A case of the officer's own team with an issued plan and an open review."""
    plan = (
        Plan.objects.filter(
            case__team_id=officer.team_id,
            case__stage__in=(CaseStage.PLAN, CaseStage.REVIEW),
            reviews__isnull=False,
        )
        .order_by("-pk")
        .first()
    )
    return plan.case


def pages_for(user: User, case: Case) -> list[tuple[str, str]]:
    surname = re.sub(r"\W", "", case.child.last_name)
    review = AnnualReview.objects.filter(plan__case=case).order_by("-pk").first()
    pages = [
        ("caseload", "/staff/cases/"),
        ("caseload, overdue", "/staff/cases/?due=overdue"),
        ("search", f"/staff/cases/?q={surname}"),
        ("reviews", "/staff/reviews/"),
        ("case page", f"/staff/cases/{case.reference}/"),
        ("case history", f"/staff/cases/{case.reference}/history/"),
        ("plan page", f"/staff/cases/{case.reference}/plan/"),
        ("review page", f"/staff/reviews/{review.pk}/"),
        ("my work", "/staff/my-work/"),
    ]
    if user.role == Role.SEN_MANAGER:
        pages.append(("panel agenda", "/staff/panel/"))
        pages.append(("panel agenda, overdue", "/staff/panel/?due=overdue"))
    return pages


# A case some years old has more history than its case page shows (the latest
# `cases.selectors.TIMELINE_LENGTH`): sixty entries, more than a page of its history too.
HISTORY_ENTRIES = 60
HISTORY = (
    ("request.received", {"received_on": "2024-03-04", "channel": "email", "requester": "Parent"}),
    (
        "advice.requested",
        {"adviser": "Dr A Khan", "kind": "psychological advice", "due_on": "2024-04-15"},
    ),
    ("advice.received", {"adviser": "Dr A Khan", "kind": "psychological advice"}),
    ("request.assess_agreed", {"decided_on": "2024-04-12"}),
)


def give_history(case: Case, actor: User) -> None:
    """The case's timeline as a case with years of history has it: the bulk seed writes none, and
    its case page would render no timeline at all. Written in the measuring transaction, so
    rolled back with it."""
    start = timezone.now() - datetime.timedelta(days=900)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            case=case,
            actor=actor,
            action=action,
            at=start + datetime.timedelta(days=n * 12),
            content_type=ContentType.objects.get_for_model(Case),
            object_id=case.pk,
            payload=payload_checked(action, payload),
        )
        for n, (action, payload) in enumerate(HISTORY * (HISTORY_ENTRIES // len(HISTORY)))
    )


def prepare(council: Council, role) -> None:
    """The council's user of this role signed in, and the pages to measure (with last pages)."""
    officer = busiest_officer()
    user = (
        officer
        if role == Role.CASE_OFFICER
        else User.objects.get(email=f"bench.manager{officer.team.name.split()[-1]}@council.example")
    )
    council.client.force_login(user)
    case = a_plan_case(officer)
    give_history(case, officer)
    for label, url in pages_for(user, case):
        council.pages.append((label, url))
        if label in ("caseload", "caseload, overdue", "search", "reviews", "panel agenda"):
            # the last page, read from the far end (cases.paging)
            last = last_page(council.client, url)
            if last != url:
                council.pages.append((f"{label}, last page", last))
    council.title = f"{role.label} ({user.email}, case {case.reference})"


# The pages held to "within 3x their floor" (issue 25); the others are reported, not judged.
FLOOR_HELD = ("caseload", "search", "reviews", "case page", "plan page")


def missed_goals(rows) -> list[str]:
    missed = []
    for label, _url, queries, page, _sql, _floor, ratio in rows:
        if label in ("case page", "plan page") and queries > GOALS["queries_case_page"]:
            missed.append(f"{label}: {queries} queries > {GOALS['queries_case_page']}")
        if label.split(",")[0] in FLOOR_HELD and ratio > GOALS["floor_ratio"]:
            missed.append(f"{label}: {ratio:.2f}x its floor > {GOALS['floor_ratio']}x")
        if label.startswith("panel agenda") and page > GOALS["agenda_ms"]:
            missed.append(f"{label}: {page:.0f} ms > {GOALS['agenda_ms']} ms")
    return missed


def report_growth(smaller: Council, larger: Council, rows) -> list[str]:
    """Each page's time at the larger council over its time at the smaller, measured in the same
    rounds; the lists held to the growth goal are marked."""
    with smaller.active():
        small_count = Case.objects.count()
    with larger.active():
        large_count = Case.objects.count()
    print(f"\n{large_count:,} cases / {small_count:,} cases, the same rounds ({machine_load()})")
    print(f"  {'page':<34} {'small ms':>8} {'large ms':>8} {'growth':>6}")
    small = {row[0]: row[3] for row in rows[smaller]}
    missed = []
    for label, _url, _queries, page, *_rest in rows[larger]:
        if label not in small:
            continue
        growth = page / small[label]
        held = label.split(",")[0] in GROWTH_HELD
        print(
            f"  {label:<34} {small[label]:8.1f} {page:8.1f} {growth:6.2f}{'' if held else '  (no goal)'}"
        )
        if held and growth > GOALS["growth"]:
            missed.append(
                f"{label}: {growth:.2f}x its time at {small_count:,} > {GOALS['growth']}x"
            )
    return missed


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.SEN_MANAGER])
def test_pages_beside_their_floor(seeded, role):  # noqa: F811
    with contextlib.ExitStack() as stack:
        councils = [Council()]
        if BESIDE:
            councils.append(stack.enter_context(Council.beside(BESIDE)))
        for council in councils:
            with council.active():
                prepare(council, role)
        rows = side_by_side(councils)
        for council in councils:
            with council.active():
                report(council.title, rows[council])
        # The goals are the larger council's (issue 25: "at 100,000 cases").
        missed = missed_goals(rows[councils[-1]])
        if BESIDE:
            missed += report_growth(councils[0], councils[1], rows)
    # The goals (issue 25), reported rather than asserted: timings depend on the machine's load.
    for line in missed:
        print(f"  goal missed: {line}")
