"""The manager's pipeline and the officer's "My work" at council scale: query counts and server
time with 25,000 seeded cases, and the dashboard's time beside its SQL run alone.

Run on PostgreSQL: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/send BENCHMARK=1 pytest
tests/benchmarks/test_desk_at_scale.py -s`. BENCH_CASES changes the size (default 25,000).
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case
from cases.models import User
from cases.permissions import staff_cases
from cases.roles import Role
from send_portal.dashboard.selectors import Filters
from send_portal.dashboard.selectors import dashboard
from send_portal.desk.selectors import work_for

from .test_pages_at_scale import measure  # noqa: F401  (the seeded council)
from .test_pages_at_scale import seeded  # noqa: F401  (the seeded council)


def sql_alone(run, runs=5) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def replayed_sql(client, user, url, runs=5) -> float:
    """The SQL a page ran, replayed alone on the database (median of `runs`, in ms): what the
    page costs beyond it is Python and templates."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


@pytest.mark.django_db
def test_dashboard_and_my_work_at_scale(seeded, client):  # noqa: F811
    manager = User.objects.filter(role=Role.SEN_MANAGER).order_by("id").first()
    officer = (
        User.objects.filter(role=Role.CASE_OFFICER, caseload__isnull=False).order_by("id").first()
    )
    today = timezone.localdate()
    rows = []
    client.force_login(manager)
    team = manager.team_id
    for label, url in (
        ("dashboard", "/staff/manager/"),
        ("dashboard, one team", f"/staff/manager/?team={team}"),
        ("drill-down: open cases", "/staff/manager/cases/?figure=open"),
        ("drill-down: overdue", "/staff/manager/cases/?figure=overdue"),
        ("drill-down: page 40", "/staff/manager/cases/?figure=open&page=40"),
        ("unallocated work", "/staff/manager/unallocated/"),
        ("drill-down: plans issued", f"/staff/manager/cases/?figure=tl-final-{today:%Y-%m}-all"),
        ("need profile", "/staff/manager/needs/"),
        ("need profile CSV", "/staff/manager/needs/csv/"),
        ("drill-down: need ASD", "/staff/manager/cases/?figure=need-primary-ASD"),
        ("my work, manager's team", f"/staff/my-work/?team={team}"),
    ):
        rows.append((label, *measure(client, url)))
    client.force_login(officer)
    rows.append(("my work, officer", *measure(client, "/staff/my-work/")))
    busiest = Case.objects.filter(officer=officer).values_list("reference", flat=True).first()
    rows.append(("notes and contacts", *measure(client, f"/staff/cases/{busiest}/notes/")))

    board_sql = sql_alone(lambda: dashboard(manager, today=today, filters=Filters()))
    with CaptureQueriesContext(connection) as captured:
        work = work_for(today=today, officer_ids=[officer.pk], cases=staff_cases(officer))
    print(f"\nThe desk at {Case.objects.count():,} cases on {connection.vendor}:")
    for label, status, queries, ms in rows:
        assert status == 200, (label, status)
        print(f"  {label:<28} {queries:>3} queries  {ms:7.1f} ms median of 5")
    page_ms = rows[0][3]
    print(
        f"  dashboard selector alone: {board_sql:.1f} ms; the page takes "
        f"{page_ms / board_sql:.2f}x that"
    )
    raw_ms = replayed_sql(client, manager, "/staff/manager/")
    print(
        f"  dashboard SQL replayed alone: {raw_ms:.1f} ms; the page takes {page_ms / raw_ms:.2f}x"
    )
    if connection.vendor == "postgresql":
        assert page_ms <= 3 * raw_ms, (page_ms, raw_ms)
    print(f"  my work: {len(work)} items in {len(captured)} query")
    assert len(captured) == 1
