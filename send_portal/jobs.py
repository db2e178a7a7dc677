"""The nightly deadline job: one place that runs every app's steps in order.

Lives in the composition root because it spans apps (cases, ehcp). Each step is idempotent and
restartable on its own (see `cases.jobs`, `ehcp.jobs`), so the whole run is too: run it twice
on one day and nothing is sent twice; kill it half way and the next run finishes the work.
"""

import datetime
import logging
import time

from celery.result import EagerResult
from django.utils import timezone

from cases import jobs as case_jobs
from cases.models import JobRun
from ehcp import jobs as plan_jobs
from mediation import jobs as disagreement_jobs

logger = logging.getLogger(__name__)

# In order: reviews first (the review deadlines they store get tonight's status and appear in
# today's digest), disagreements whose appeal window passed closed (their appeal date is not
# reported overdue), then statuses, queue everything, then send.
STEPS = (
    ("reviews_scheduled", plan_jobs.reviews_schedule),
    ("disagreements_closed", disagreement_jobs.disagreements_close_lapsed),
    ("next_deadlines", case_jobs.cases_next_due_refresh),
    ("deadline_statuses", case_jobs.deadlines_refresh_status),
    ("officer_digests", case_jobs.notifications_queue_officer_digests),
    ("manager_escalations", case_jobs.notifications_queue_escalations),
    ("family_reminders", case_jobs.notifications_queue_family_reminders),
)


def unfinished_runs(day: datetime.date) -> int:
    """Runs for this day that started and never recorded their end (killed, or running)."""
    return JobRun.objects.filter(run_on=day, finished_at__isnull=True).count()


def hand_off_sending(*, queue: str | None = None) -> dict:
    """The queue's waiting messages handed to sending tasks, a batch each (`SEND_BATCH`): the
    run takes as long for 5 messages as for 5,000. Where tasks run at once (no broker: the
    embedded default, the tests) what they sent is counted too."""
    from .tasks import send_notification_batch  # the tasks module imports this one

    batches = case_jobs.notifications_pending_batches()
    results = [send_notification_batch.apply_async(args=[ids], queue=queue) for ids in batches]
    handed = {"handed_off": sum(map(len, batches)), "batches": len(batches)}
    if all(isinstance(result, EagerResult) for result in results):
        outcomes = [result.get() for result in results]
        handed["sent"] = sum(outcome["sent"] for outcome in outcomes)
        handed["failed"] = sum(outcome["failed"] for outcome in outcomes)
    return handed


def run_deadline_jobs(
    *, today: datetime.date | None = None, send: bool = True, queue: str | None = None
) -> JobRun:
    today = today or timezone.localdate()
    run = JobRun.objects.create(run_on=today)
    stats: dict = {}
    for name, step in STEPS:
        started = time.perf_counter()
        stats[name] = step(today=today)
        stats[f"{name}_seconds"] = round(time.perf_counter() - started, 3)
        logger.info("deadline job %s: %s", name, stats[name])
    if send:
        started = time.perf_counter()
        stats["notifications"] = hand_off_sending(queue=queue)
        stats["notifications_seconds"] = round(time.perf_counter() - started, 3)
    run.stats, run.finished_at = stats, timezone.now()
    run.save(update_fields=["stats", "finished_at"])
    return run
