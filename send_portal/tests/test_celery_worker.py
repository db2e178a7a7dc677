"""The nightly job as production runs it: a Celery worker taking the task from Redis.

The worker is the project's own app (`send_portal.celery.app`), started in a thread with
`celery.contrib.testing.worker.start_worker`, consuming a queue of its own (so two xdist workers
sharing Redis db 15 never take each other's tasks). It writes through its own database
connection, so these tests commit their data (`transaction=True`). Without REDIS_URL (CI sets
redis://127.0.0.1:6379/15) they are skipped; every wait has a time limit.
"""

import datetime
import os
import threading
import time
import uuid

import pytest
from celery.contrib.testing.worker import TestWorkController
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.schedules import crontab
from celery.signals import task_postrun
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connections

from cases.models import Case
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import JobRun
from cases.models import Notification
from cases.models import NotificationStatus
from cases.roles import Role
from cases.tests.factories import CaseFactory
from cases.tests.factories import TeamFactory
from cases.tests.factories import UserFactory
from send_portal import tasks
from send_portal.celery import app
from send_portal.jobs import run_deadline_jobs
from tests.kit import run_fresh

REDIS_URL = os.environ.get("REDIS_URL", "")
STARTUP_SECONDS = 30  # for the worker to connect to Redis and start consuming
TASK_SECONDS = 60  # for one task to run to the end
TODAY = "2026-05-21"


class Outcomes:
    """What the worker thread did with each task, as the `task_postrun` signal reports it."""

    def __init__(self):
        self._done = {}
        self._names = {}
        self._changed = threading.Condition()

    def record(self, task_id=None, state=None, retval=None, task=None, **kwargs):
        # Runs in the worker thread after the task: its database connection is closed first
        # (the Django fixup does so too), so no connection outlives the test.
        connections.close_all()
        with self._changed:
            self._done[task_id] = (state, retval, threading.get_ident())
            self._names[getattr(task, "name", "")] = (state, retval)
            self._changed.notify_all()

    def wait_for_task_named(self, name, seconds=TASK_SECONDS):
        with self._changed:
            if not self._changed.wait_for(lambda: name in self._names, timeout=seconds):
                pytest.fail(f"the worker did not run a {name} task within {seconds} s")
            return self._names[name]

    def wait(self, result, seconds=TASK_SECONDS):
        with self._changed:
            if not self._changed.wait_for(lambda: result.id in self._done, timeout=seconds):
                pytest.fail(f"the worker did not finish task {result.id} within {seconds} s")
            return self._done[result.id]


class BoundedTestWorkController(TestWorkController):
    """`start_worker` waits for the worker to be ready without a limit; this one gives up."""

    def ensure_started(self):
        if not self._on_started.wait(STARTUP_SECONDS):
            raise RuntimeError(f"the Celery worker did not start within {STARTUP_SECONDS} s")


def _redis_or_skip():
    if not REDIS_URL:
        pytest.skip(
            "REDIS_URL is not set: the real-worker tests need Redis "
            "(e.g. REDIS_URL=redis://127.0.0.1:6379/15, as CI sets)"
        )
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"REDIS_URL={REDIS_URL} is set but Redis does not answer: {error}")
    return client


# The worker writes through its own connection: the test's data must be committed.
on_committed_data = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker():
    """A worker thread on the project's app, with Redis as broker and tasks not run eagerly."""
    redis_client = _redis_or_skip()
    queue = f"send-portal-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    overrides = {
        "broker_url": REDIS_URL,
        "task_always_eager": False,
        "worker_hijack_root_logger": False,  # leave the test run's logging alone
        "worker_enable_remote_control": False,  # no broadcast queues shared with other runs
    }
    saved = {key: app.conf.get(key) for key in overrides}
    app.conf.update(overrides)
    outcomes = Outcomes()
    task_postrun.connect(outcomes.record, weak=False)
    try:
        with start_worker(
            app,
            pool="solo",
            concurrency=1,
            queues=[queue],
            perform_ping_check=False,  # the ping goes to the default queue, which we don't use
            shutdown_timeout=TASK_SECONDS,
            WorkController=BoundedTestWorkController,
        ):
            yield queue, outcomes
    finally:
        task_postrun.disconnect(outcomes.record)
        app.conf.update(saved)
        # The queue, and the exchange bindings kombu keeps for it.
        redis_client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        redis_client.close()


@pytest.fixture
def overdue_case():
    """One overdue deadline on an officer's case, in a team with a manager."""
    team = TeamFactory(name="North locality")
    officer = UserFactory(role=Role.CASE_OFFICER, team=team, email="officer@council.example")
    UserFactory(role=Role.SEN_MANAGER, team=team, email="manager@council.example")
    case = CaseFactory(team=team, officer=officer)
    return Deadline.objects.create(
        case=case,
        kind=DeadlineKind.DECIDE_TO_ASSESS,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        due_on=datetime.date(2026, 5, 20),
    )


@on_committed_data
def test_the_nightly_task_runs_on_a_real_worker_through_redis(worker, overdue_case):
    queue, outcomes = worker

    result = tasks.nightly_deadline_jobs.apply_async(kwargs={"today": TODAY}, queue=queue)

    assert not isinstance(result, EagerResult)  # sent through Redis, not run in this thread
    state, retval, thread = outcomes.wait(result)
    assert state == "SUCCESS", retval
    assert thread != threading.get_ident()
    run = JobRun.objects.get()
    assert retval["run"] == run.pk
    assert run.run_on == datetime.date(2026, 5, 21) and run.finished_at is not None
    # The run handed its two messages to a sending task, on its own queue: wait for it.
    assert retval["notifications"] == {"handed_off": 2, "batches": 1}
    outcomes.wait_for_task_named("send_portal.send_notification_batch")
    assert sorted(Notification.objects.values_list("kind", "to_address", "status")) == [
        ("manager_escalation", "manager@council.example", NotificationStatus.SENT),
        ("officer_digest", "officer@council.example", NotificationStatus.SENT),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "manager@council.example",
        "officer@council.example",
    ]
    overdue_case.refresh_from_db()
    assert overdue_case.escalated_on == datetime.date(2026, 5, 21)


@on_committed_data
def test_the_send_task_sends_what_a_run_left_queued(worker, overdue_case):
    queue, outcomes = worker
    run_deadline_jobs(today=datetime.date(2026, 5, 21), send=False)
    assert Notification.objects.filter(status=NotificationStatus.QUEUED).count() == 2

    result = tasks.send_notifications.apply_async(queue=queue)

    state, retval, _ = outcomes.wait(result)
    assert (state, retval) == ("SUCCESS", {"sent": 2, "failed": 0})
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert len(mail.outbox) == 2


@on_committed_data
def test_a_decisions_letter_is_written_by_the_worker_then_emailed(worker, monkeypatch):
    from cases.notices import tasks as notice_tasks
    from cases.notices.models import DeliveryStatus
    from cases.notices.models import Notice
    from cases.notices.tests.kit import family_case
    from cases.notices.tests.kit import not_assess_notice

    queue, outcomes = worker
    for task in (notice_tasks.write_letter, notice_tasks.deliver):  # onto the worker's queue
        monkeypatch.setattr(task, "delay", lambda *args, t=task: t.apply_async(args, queue=queue))
    officer = UserFactory(role=Role.CASE_OFFICER, team=TeamFactory())

    notice = not_assess_notice(officer, family_case(officer))  # commits: the letter is queued

    state, retval = outcomes.wait_for_task_named("cases.notices.write_letter")
    assert (state, retval) == ("SUCCESS", "written")
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.letter.file.read(5) == b"%PDF-"
    parent = notice.deliveries.get(role="parent")
    outcomes.wait_for_task_named("cases.notices.deliver")
    for _ in range(TASK_SECONDS * 10):  # the four emails, one task each
        if not notice.deliveries.exclude(status=DeliveryStatus.SENT).exists():
            break
        time.sleep(0.1)
    parent.refresh_from_db()
    assert parent.status == DeliveryStatus.SENT
    assert "rachel@example.net" in {m.to[0] for m in mail.outbox}


def test_every_beat_entry_names_a_task_the_worker_registers():
    """Checked in a fresh interpreter, as `celery -A send_portal worker` starts: the tasks must
    be found by the app's autodiscovery, not because this test suite imported them."""
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    environment["DJANGO_SETTINGS_MODULE"] = "send_portal.settings.test"
    script = (
        "from send_portal.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print('\\n'.join(sorted(name for name in app.tasks if not name.startswith('celery.'))))\n"
    )
    found = run_fresh("-c", script, env=environment, check=True)
    registered = set(found.stdout.split())

    schedule = app.conf.beat_schedule
    assert schedule == settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} <= registered
    assert schedule["nightly-deadline-jobs"]["task"] == tasks.nightly_deadline_jobs.name
    assert schedule["nightly-deadline-jobs"]["schedule"] == crontab(hour=2, minute=30)
    assert app.conf.timezone == "Europe/London"  # 02:30 on the council's clock, summer and winter
