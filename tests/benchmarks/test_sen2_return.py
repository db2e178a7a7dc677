"""The SEN2 return at county scale: built, checked and written for 25,000 seeded cases.

Run on PostgreSQL:
    BENCHMARK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_sen2bench \
        .venv/bin/pytest tests/benchmarks/test_sen2_return.py -s -q -p no:xdist
Target (issue 21): under 60 s, with a number of queries that does not grow with the cases, and
a file that matches the schema.
"""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from send_portal.returns.files import sen2_return_files
from tests.benchmarks.test_nightly_job import seeded  # noqa: F401 (the seeded county)

TARGET_SECONDS = 60


@pytest.mark.django_db
def test_the_sen2_return_for_the_whole_county(seeded):  # noqa: F811
    census = datetime.date(2027, 1, 21)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        files = sen2_return_files(census)
        seconds = time.perf_counter() - started
    # Each part alone, to see where the time goes.
    from send_portal.returns import sen2
    from send_portal.returns import sen2_casework
    from send_portal.returns import sen2_checks
    from send_portal.returns.files import schema_errors

    parts = {}
    started = time.perf_counter()
    built = sen2_casework.build_return(census)
    parts["read and build"] = time.perf_counter() - started
    started = time.perf_counter()
    sen2_checks.check(built)
    parts["check"] = time.perf_counter() - started
    started = time.perf_counter()
    xml = sen2.to_xml(built)
    parts["write XML"] = time.perf_counter() - started
    started = time.perf_counter()
    schema_errors(xml)
    parts["schema"] = time.perf_counter() - started
    print("\n" + ", ".join(f"{name} {value:.1f}s" for name, value in parts.items()))
    errors = sum(1 for p in files.problems if p.severity == "error")
    print(
        f"\nSEN2 return for {Case.objects.count():,} cases on {connection.vendor}: "
        f"{seconds:.1f}s, {len(queries.captured_queries)} queries, {files.people:,} people, "
        f"{len(files.xml) / 1e6:.1f} MB, {errors:,} errors and "
        f"{len(files.problems) - errors:,} queries in the report"
    )
    missing = [p for p in files.problems if p.rule == "L53"]
    active = files.xml.count(b"<ActivePlans>")
    print(
        f"  active plans {active:,}; no setting attended on census day (L53): {len(missing):,}"
        + (f", e.g. {missing[0].case_reference}" if missing else "")
    )
    assert files.schema_errors == []
    assert files.people > 0
    if connection.vendor == "postgresql":
        assert seconds < TARGET_SECONDS, f"the return took {seconds:.1f}s"
