"""The nightly deadline job at council scale: each step's time with the seeded council
(tests/benchmarks/conftest.py: BENCH_CASES cases over BENCH_OFFICERS officers in 4 teams), and a
5,000-message backlog (a mail outage) waiting in the queue.

Run on PostgreSQL with Redis as the broker and tasks not run eagerly, so the run hands its
sending to the queue as in production (nothing consumes it here; the queue is purged after):

    BENCHMARK=1 CELERY_TASK_ALWAYS_EAGER=0 REDIS_URL=redis://127.0.0.1:6379/8 \
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_25k \
        .venv/bin/pytest tests/benchmarks/test_nightly_job.py -s -q -p no:xdist --reuse-db

Target: one run under 30 s on PostgreSQL, backlog included. Mail goes to Django's in-memory
backend, so a sending task's time is the queue's own cost, not an SMTP server's.
"""

import datetime
import os
import time

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.jobs import notifications_send
from cases.models import Case
from cases.models import Deadline
from cases.models import Notification
from cases.models import NotificationStatus
from cases.tests.factories import queue_notifications
from ehcp.models import AnnualReview
from ehcp.models import Plan
from send_portal.jobs import STEPS
from send_portal.jobs import run_deadline_jobs

from .conftest import machine_load  # noqa: F401  (the seeded council)
from .conftest import seeded  # noqa: F401  (the seeded council)

TARGET_SECONDS = 30
BACKLOG = int(os.environ.get("BENCH_BACKLOG", "5000"))


@pytest.fixture
def purged_queue():
    yield
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from send_portal.celery import app

        app.control.purge()


def timed_run(today: datetime.date):
    sent_before = len(mail.outbox)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run = run_deadline_jobs(today=today)
        seconds = time.perf_counter() - started
    return run, seconds, len(queries.captured_queries), len(mail.outbox) - sent_before


def report(title, run, seconds, queries, mails):
    print(f"\n{title}: {seconds:.2f}s, {queries} queries, {mails} mails sent ({machine_load()})")
    for name, _step in STEPS:
        print(f"  {name:<22} {run.stats[name]!s:>8}   {run.stats[f'{name}_seconds']:7.3f}s")
    print(f"  {'sending':<22} {run.stats['notifications']!s}")
    print(f"  {'':<22} {'':>8}   {run.stats['notifications_seconds']:7.3f}s")


@pytest.mark.django_db
def test_the_nightly_job_at_scale_with_a_backlog_and_again_the_same_day(seeded, purged_queue):  # noqa: F811
    today = timezone.localdate()
    queue_notifications(BACKLOG, prefix=f"outage{time.time_ns()}:")
    live = Deadline.objects.filter(met_on__isnull=True, cancelled=False)
    print(
        f"\n{Case.objects.count():,} cases, {Plan.objects.count():,} plans, "
        f"{AnnualReview.objects.count():,} reviews, {Deadline.objects.count():,} deadlines "
        f"({live.count():,} open, {live.filter(due_on__lt=today).count():,} overdue), "
        f"{BACKLOG:,} messages waiting, on {connection.vendor}, today {today}, tasks "
        f"{'run at once' if settings.CELERY_TASK_ALWAYS_EAGER else 'queued'}"
    )

    first = timed_run(today)
    report("First run", *first)
    assert first[0].stats["notifications"]["handed_off"] >= BACKLOG
    notifications = Notification.objects.count()

    second = timed_run(today)
    report("Second run, same day", *second)
    assert Notification.objects.count() == notifications, "the second run queued messages"
    assert second[0].stats["reviews_scheduled"] == 0
    assert second[0].stats["manager_escalations"] == 0
    assert second[0].stats["next_deadlines"] == 0

    next_day = timed_run(today + datetime.timedelta(days=1))
    report("Next day", *next_day)

    if connection.vendor == "postgresql" and not settings.CELERY_TASK_ALWAYS_EAGER:
        assert first[1] < TARGET_SECONDS, f"first run took {first[1]:.1f}s"
        assert next_day[1] < TARGET_SECONDS, f"next day's run took {next_day[1]:.1f}s"


@pytest.mark.django_db
def test_sending_costs_the_same_per_message_whatever_the_backlog():
    """After a mail outage the queue holds thousands of messages (the 15-minute send task and
    the nightly run retry them): each message should cost about the same to send whether the
    queue holds 500 or 2,500."""
    per_message = {}
    for backlog in (500, 2500):
        queue_notifications(backlog, prefix=f"bench{backlog}:")
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
