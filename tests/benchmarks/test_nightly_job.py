"""The nightly deadline job at council scale: each step's time with 25,000 seeded cases.

Run on PostgreSQL:
    BENCHMARK=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_jobbench \
        .venv/bin/pytest tests/benchmarks/test_nightly_job.py -s -q -p no:xdist
BENCH_CASES changes the size (default 25,000). Before seeding, BENCH_OFFICERS (default 60) case
officers are made in 4 locality teams, each team with a manager, so the generated caseload is
spread as in a large county (seed_demo alone gives every case to its one demo officer). Target:
one run under 30 s on PostgreSQL. Mail goes to Django's in-memory backend, so the sending time is
the queue's own cost, not an SMTP server's.
"""

import datetime
import os
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.jobs import notifications_send
from cases.models import Case, Deadline, Notification, NotificationStatus, Team, User
from cases.roles import Role
from cases.services import user_create
from ehcp.models import AnnualReview, Plan
from send_portal.jobs import STEPS, run_deadline_jobs

CASES = int(os.environ.get("BENCH_CASES", "25000"))
OFFICERS = int(os.environ.get("BENCH_OFFICERS", "60"))
TEAMS = 4
TARGET_SECONDS = 30


def make_staff():
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


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if Case.objects.count() < CASES:  # another benchmark module may have seeded already
            if not User.objects.filter(email__startswith="bench.").exists():
                make_staff()
            started = time.perf_counter()
            with open(os.devnull, "w") as quiet:
                call_command("seed_demo", cases=CASES, stdout=quiet)
            seconds = time.perf_counter() - started
            print(f"\nseed_demo --cases {CASES}: {seconds:.1f}s on {connection.vendor}")
        yield


def timed_run(today: datetime.date):
    sent_before = len(mail.outbox)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run = run_deadline_jobs(today=today)
        seconds = time.perf_counter() - started
    return run, seconds, len(queries.captured_queries), len(mail.outbox) - sent_before


def report(title, run, seconds, queries, mails):
    print(f"\n{title}: {seconds:.2f}s, {queries} queries, {mails} mails sent")
    for name, _step in STEPS:
        print(f"  {name:<22} {run.stats[name]!s:>8}   {run.stats[f'{name}_seconds']:7.3f}s")
    print(f"  {'notifications':<22} {run.stats['notifications']!s}")
    print(f"  {'':<22} {'':>8}   {run.stats['notifications_seconds']:7.3f}s sending")


@pytest.mark.django_db
def test_the_nightly_job_at_scale_and_again_the_same_day(seeded):
    today = timezone.localdate()
    live = Deadline.objects.filter(met_on__isnull=True, cancelled=False)
    print(
        f"\n{Case.objects.count():,} cases, {Plan.objects.count():,} plans, "
        f"{AnnualReview.objects.count():,} reviews, {Deadline.objects.count():,} deadlines "
        f"({live.count():,} open, {live.filter(due_on__lt=today).count():,} overdue) "
        f"on {connection.vendor}, today {today}"
    )

    first = timed_run(today)
    report("First run", *first)
    notifications = Notification.objects.count()
    outbox = len(mail.outbox)

    second = timed_run(today)
    report("Second run, same day", *second)

    assert Notification.objects.count() == notifications, "the second run queued messages"
    assert len(mail.outbox) == outbox, "the second run sent messages"
    assert second[0].stats["notifications"] == {"sent": 0, "failed": 0}
    assert second[0].stats["reviews_scheduled"] == 0
    assert second[0].stats["manager_escalations"] == 0

    next_day = timed_run(today + datetime.timedelta(days=1))
    report("Next day", *next_day)

    if connection.vendor == "postgresql":
        assert first[1] < TARGET_SECONDS, f"first run took {first[1]:.1f}s"
        assert next_day[1] < TARGET_SECONDS, f"next day's run took {next_day[1]:.1f}s"


def queue_backlog(size: int, prefix: str) -> None:
    Notification.objects.bulk_create(
        Notification(
            dedupe_key=f"{prefix}:{n}",
            kind="bench",
            to_address=f"person{n}@example.net",
            subject="Benchmark",
            body="...",
        )
        for n in range(size)
    )


@pytest.mark.django_db
def test_sending_costs_the_same_per_message_whatever_the_backlog():
    """After a mail outage the queue holds thousands of messages (the 15-minute send task and
    the nightly run retry them): each message should cost about the same to send whether the
    queue holds 500 or 2,500."""
    per_message = {}
    for backlog in (500, 2500):
        queue_backlog(backlog, prefix=f"bench{backlog}")
        started = time.perf_counter()
        result = notifications_send()
        seconds = time.perf_counter() - started
        per_message[backlog] = seconds / backlog
        print(
            f"\nSending a backlog of {backlog:,} on {connection.vendor}: {seconds:.2f}s, "
            f"{per_message[backlog] * 1000:.2f} ms a message"
        )
        assert result == {"sent": backlog, "failed": 0}
        assert not Notification.objects.exclude(status=NotificationStatus.SENT).exists()
    assert per_message[2500] < 2 * per_message[500], "sending slows down as the backlog grows"
