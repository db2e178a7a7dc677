"""Benchmarks run only when asked (`make bench`, which sets BENCHMARK=1): never timed in tests.

One seeded council for every benchmark module (the `seeded` fixture, session-wide): BENCH_CASES
cases (default 25,000) over BENCH_OFFICERS case officers (default 60) in 4 locality teams, each
with a manager, as in a large county. With pytest's `--reuse-db` the seeded test database is kept
and a later run seeds nothing (the fixture counts the cases first), so 25,000 and 100,000 can be
measured side by side from two databases, e.g.

    BENCHMARK=1 BENCH_CASES=100000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_100k \\
        .venv/bin/pytest tests/benchmarks -p no:xdist -s -q --reuse-db
"""

import os
import subprocess
import tempfile
import time

import pytest
from django.core.management import call_command
from django.db import connection

CASES = int(os.environ.get("BENCH_CASES", "25000"))
OFFICERS = int(os.environ.get("BENCH_OFFICERS", "60"))
TEAMS = 4


def pytest_collection_modifyitems(config, items):
    if os.environ.get("BENCHMARK") == "1":
        return
    skip = pytest.mark.skip(reason="benchmarks run with `make bench` (BENCHMARK=1)")
    for item in items:
        if "benchmarks" in str(item.fspath):
            item.add_marker(skip)


def machine_load() -> str:
    try:
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        return "load unknown"


def make_staff():
    from cases.models import Team
    from cases.roles import Role
    from cases.services import user_create

    teams = [Team.objects.get_or_create(name=f"Locality {n}")[0] for n in range(1, TEAMS + 1)]
    for n, team in enumerate(teams, start=1):
        user_create(
            email=f"bench.manager{n}@council.example",
            full_name=f"Manager {n}",
            role=Role.SEN_MANAGER,
            team=team,
        )
    for n in range(OFFICERS):
        user_create(
            email=f"bench.officer{n}@council.example",
            full_name=f"Officer {n}",
            role=Role.CASE_OFFICER,
            team=teams[n % TEAMS],
        )


def settle():
    """Leave the seeded database as a running council's is between requests: vacuumed (the
    visibility map set, so counts read indexes alone) and analysed (the planner's statistics
    current). Autovacuum does this a minute or so after a bulk load; doing it here means no
    timing depends on whether it has run yet."""
    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f}s")


@pytest.fixture(scope="session", autouse=True)
def kept_files():
    """Stored files (letters, plans) on disk beside the kept database, as in production: the
    test settings keep them in memory, which would lose a seed's letters when the next run
    reuses its database (BENCH_MEDIA says where; by default a folder named after the
    database in the system's temporary folder)."""
    from django.conf import settings
    from django.test import override_settings

    name = os.path.basename(str(settings.DATABASES["default"]["NAME"]))
    root = os.environ.get("BENCH_MEDIA") or os.path.join(
        tempfile.gettempdir(), "send-portal-bench-media", name
    )
    disk = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}}
    with override_settings(STORAGES={**settings.STORAGES, "default": disk}):
        yield


@pytest.fixture(scope="session")
def seeded(django_db_setup, django_db_blocker):
    """The council, seeded once (not again when a kept database already holds it)."""
    from cases.models import Case
    from cases.models import User

    with django_db_blocker.unblock():
        have = Case.objects.count()
        if have < CASES:
            if not User.objects.filter(email__startswith="bench.").exists():
                make_staff()
            started = time.perf_counter()
            with open(os.devnull, "w") as quiet:
                call_command("seed_demo", cases=CASES - have, stdout=quiet)
            seconds = time.perf_counter() - started
            print(
                f"\nseed_demo --cases {CASES - have:,}: {seconds:.1f}s on {connection.vendor} "
                f"({machine_load()})"
            )
        settle()  # also after a migration that rewrote a table of the kept database
        print(f"\n{Case.objects.count():,} cases on {connection.vendor} ({machine_load()})")
        yield
