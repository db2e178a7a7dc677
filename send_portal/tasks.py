"""Celery tasks: thin, take plain values, call the job, safe to retry."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from cases import jobs as case_jobs

from .jobs import run_deadline_jobs
from .jobs import unfinished_runs

logger = logging.getLogger(__name__)

# A nightly run whose worker process dies goes back on the queue (reject_on_worker_lost) and
# runs again: safe, the job is idempotent (decision 0009). A run that kills its worker every
# time (out of memory, say) must not loop: after this many unfinished runs for one day the
# task refuses, logs an error, and is acknowledged; the next night's run, or
# `manage.py run_deadline_jobs`, takes the work up.
MAX_UNFINISHED_RUNS_PER_DAY = 3


@shared_task(
    name="send_portal.nightly_deadline_jobs",
    acks_late=True,
    reject_on_worker_lost=True,
)
def nightly_deadline_jobs(today: str | None = None) -> dict:
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    unfinished = unfinished_runs(day)
    if unfinished >= MAX_UNFINISHED_RUNS_PER_DAY:
        logger.error(
            "nightly deadline job for %s not started: %s runs that day never finished",
            day,
            unfinished,
        )
        return {"refused": f"{unfinished} unfinished runs on {day.isoformat()}"}
    # The sending tasks it hands out go on the queue this run came from.
    queue = (nightly_deadline_jobs.request.delivery_info or {}).get("routing_key")
    run = run_deadline_jobs(today=day, queue=queue)
    return {"run": run.pk, **run.stats}


@shared_task(
    name="send_portal.send_notifications",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
)
def send_notifications() -> dict:
    """Sends what is queued; failed messages are retried here and by the next nightly run."""
    return case_jobs.notifications_send()


@shared_task(
    name="send_portal.send_notification_batch",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
)
def send_notification_batch(ids: list[int]) -> dict:
    """Sends one batch handed out by the nightly run (`cases.jobs.notifications_pending_batches`):
    what is no longer waiting (sent since, by another task) is skipped."""
    return case_jobs.notifications_send(ids=ids)
