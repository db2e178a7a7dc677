"""Staff pages at council scale, each beside its floor: the page's own SQL run alone (replayed
from what the page ran, rolled back) plus an empty view through the same middleware.

Run on PostgreSQL, once at 25,000 and once at 100,000 cases, each from its own kept database:

    BENCHMARK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_25k \\
        .venv/bin/pytest tests/benchmarks/test_pages_at_scale.py -p no:xdist -s -q --reuse-db
    BENCHMARK=1 BENCH_CASES=100000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_100k ...

Rounds are interleaved (page, its SQL, the empty view; then the next page), BENCH_ROUNDS times
(default 11), and the medians reported. The officer is the bench officer with the most cases,
the case and plan are one of that officer's team's, so every page answers 200 (checked).
"""

import os
import re
import statistics
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.template.base import Template
from django.test.utils import CaptureQueriesContext
from django.urls import path

from cases.models import Case, CaseStage, User
from cases.roles import Role
from ehcp.models import AnnualReview, Plan
from send_portal import urls as project_urls

from .conftest import machine_load, seeded  # noqa: F401  (the seeded council, for other modules)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "11"))
GOALS = {"queries_case_page": 12, "floor_ratio": 3.0, "agenda_ms": 300}


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


def side_by_side(client, pages):
    """Each page's median time, its SQL's and the empty view's, from interleaved rounds."""
    results = {label: {"page": [], "sql": [], "empty": []} for label, _url in pages}
    counts = {}
    for _round in range(ROUNDS):
        for label, url in pages:
            response, ms, statements = get(client, url)
            assert response.status_code == 200, (label, url, response.status_code)
            results[label]["page"].append(ms)
            counts[label] = len(statements)
            results[label]["sql"].append(replay(statements))
            results[label]["empty"].append(get(client, "/bench/empty/")[1])
    rows = []
    for label, url in pages:
        page, sql, floor = (statistics.median(results[label][k]) for k in ("page", "sql", "empty"))
        rows.append((label, url, counts[label], page, sql, floor, page / (sql + floor)))
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
        ("plan page", f"/staff/cases/{case.reference}/plan/"),
        ("review page", f"/staff/reviews/{review.pk}/"),
        ("my work", "/staff/my-work/"),
    ]
    if user.role == Role.SEN_MANAGER:
        pages.append(("panel agenda", "/staff/panel/"))
        pages.append(("panel agenda, overdue", "/staff/panel/?due=overdue"))
    return pages


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.SEN_MANAGER])
def test_pages_beside_their_floor(seeded, client, role):  # noqa: F811
    officer = busiest_officer()
    user = (
        officer
        if role == Role.CASE_OFFICER
        else User.objects.get(email=f"bench.manager{officer.team.name.split()[-1]}@council.example")
    )
    client.force_login(user)
    case = a_plan_case(officer)
    pages = []
    for label, url in pages_for(user, case):
        pages.append((label, url))
        if label in ("caseload", "caseload, overdue", "search", "reviews", "panel agenda"):
            # the last page, read from the far end (cases.paging)
            last = last_page(client, url)
            if last != url:
                pages.append((f"{label}, last page", last))
    rows = side_by_side(client, pages)
    report(f"{role.label} ({user.email}, case {case.reference})", rows)
    # The goals (issue 25), reported rather than asserted: timings depend on the machine's load.
    for label, _url, queries, page, _sql, _floor, ratio in rows:
        missed = []
        if label in ("case page", "plan page") and queries > GOALS["queries_case_page"]:
            missed.append(f"{queries} queries > {GOALS['queries_case_page']}")
        if ratio > GOALS["floor_ratio"]:
            missed.append(f"{ratio:.2f}x its floor > {GOALS['floor_ratio']}x")
        if label.startswith("panel agenda") and page > GOALS["agenda_ms"]:
            missed.append(f"{page:.0f} ms > {GOALS['agenda_ms']} ms")
        if missed:
            print(f"  goal missed: {label}: {'; '.join(missed)}")
