"""Officer pages at council scale: query counts and server time with 25,000 seeded cases.

Run on PostgreSQL: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/send make bench`.
BENCH_CASES changes the size (default 25,000).
"""

import os
import statistics
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, User
from cases.roles import Role

CASES = int(os.environ.get("BENCH_CASES", "25000"))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", cases=CASES, stdout=quiet)
        seconds = time.perf_counter() - started
        print(f"\nseed_demo --cases {CASES}: {seconds:.1f}s on {connection.vendor}")
        yield


def measure(client, url, runs=5):
    timings, queries, status = [], None, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        status, queries = response.status_code, len(captured.captured_queries)
    return status, queries, statistics.median(timings)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.SEN_MANAGER])
def test_caseload_and_case_page_at_scale(seeded, client, role):
    user = User.objects.filter(role=role).order_by("id").first()
    client.force_login(user)
    busiest = (
        Case.objects.filter(officer__role=Role.CASE_OFFICER)
        .order_by("-opened_on")
        .values_list("reference", flat=True)
        .first()
    )
    rows = []
    for label, url in (
        ("caseload", "/staff/cases/"),
        ("caseload, overdue filter", "/staff/cases/?overdue=1"),
        ("caseload, search", "/staff/cases/?q=Smith"),
        ("caseload, page 40", "/staff/cases/?page=40"),
        ("case page", f"/staff/cases/{busiest}/"),
    ):
        status, queries, ms = measure(client, url)
        rows.append((label, status, queries, ms))
        assert status == 200, (label, status)
    print(f"\n{role.label} at {Case.objects.count():,} cases on {connection.vendor}:")
    for label, _status, queries, ms in rows:
        print(f"  {label:<28} {queries:>3} queries  {ms:7.1f} ms median of 5")
