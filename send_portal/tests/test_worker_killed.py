"""The nightly task survives its worker process being killed half way (issue 17).

A real Celery worker (prefork pool, as `make worker` and docker-compose run it) is started as a
separate process on the test database and a queue of its own. The test holds a lock on the one
overdue deadline, so the job stops, mid-run, at its first write to it; the worker's pool process
is then killed with SIGKILL (the OOM killer, a deploy). With acks_late and
reject_on_worker_lost the message goes back to the queue, a new pool process runs the job again,
and, the job being idempotent (decision 0009), it finishes that night's work once.

Needs PostgreSQL (the worker is another process: it cannot share the in-memory SQLite test
database) and Redis (REDIS_URL); skipped otherwise. Every wait has a time limit.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

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

from .brokerkit import broker

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
TODAY = "2026-05-21"
SECONDS = 60


def _wait_for(predicate, what: str, log: Path, seconds=SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    tail = log.read_text()[-3000:] if log.exists() else ""
    pytest.fail(f"{what}: not within {seconds} s. Worker log:\n{tail}")


def _pool_processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def _query(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_runs_again_when_its_worker_process_is_killed(tmp_path):
    if connection.vendor != "postgresql" or not REDIS_URL:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as CI has")
    import redis

    team = TeamFactory(name="North locality")
    officer = UserFactory(role=Role.CASE_OFFICER, team=team, email="officer@council.example")
    UserFactory(role=Role.SEN_MANAGER, team=team, email="manager@council.example")
    case = CaseFactory(team=team, officer=officer)
    overdue = Deadline.objects.create(
        case=case,
        kind=DeadlineKind.DECIDE_TO_ASSESS,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        due_on="2026-05-20",
    )

    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    queue = f"send-portal-kill-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "send_portal.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }

    # The job's first write to the overdue deadline waits on this lock: a point to kill it at.
    blocker = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    blocker.cursor().execute("SELECT id FROM cases_deadline WHERE id = %s FOR UPDATE", [overdue.pk])

    worker = None
    with open(log, "w") as output, broker(REDIS_URL):
        try:
            worker = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "send_portal", "worker",
                    "--pool=prefork", "--concurrency=1", "-Q", queue,
                    "-n", f"{queue}@%h", "--without-gossip", "--without-mingle",
                    "--without-heartbeat", "--loglevel=INFO",
                ],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            tasks.nightly_deadline_jobs.apply_async(kwargs={"today": TODAY}, queue=queue)

            def job_waits_on_the_lock():
                rows = _query(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                return JobRun.objects.exists() and rows[0][0] > 0

            _wait_for(job_waits_on_the_lock, "the job never reached the locked deadline", log)
            pool = _wait_for(lambda: _pool_processes(worker.pid), "no pool process", log)
            assert len(pool) == 1
            os.kill(pool[0], signal.SIGKILL)
            blocker.rollback()  # the lock goes; the killed run's work stays unfinished

            def finished():
                return JobRun.objects.filter(finished_at__isnull=False).first()

            run = _wait_for(finished, "the task was not run again after its worker died", log)

            def messages_sent():  # the job hands its messages to the queue in batches
                notifications = Notification.objects.all()
                return (
                    notifications.exists()
                    and not notifications.exclude(status=NotificationStatus.SENT).exists()
                )

            _wait_for(messages_sent, "the messages the job queued were not sent", log)
        finally:
            blocker.close()
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(20)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait(5)
            client = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
            client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
            client.close()

    assert "WorkerLostError" in log.read_text() or "SIGKILL" in log.read_text()
    runs = list(JobRun.objects.order_by("started_at").values_list("run_on", "finished_at"))
    assert len(runs) == 2
    assert runs[0][1] is None and runs[1][1] is not None  # the killed run, then the re-run
    assert str(run.run_on) == TODAY
    assert sorted(Notification.objects.values_list("kind", "status")) == [
        ("manager_escalation", NotificationStatus.SENT),
        ("officer_digest", NotificationStatus.SENT),
    ]
    overdue.refresh_from_db()
    assert overdue.escalated_on is not None
