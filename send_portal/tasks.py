"""Celery tasks: thin, take plain values, call the job, safe to retry."""

import datetime

from celery import shared_task

from cases import jobs as case_jobs

from .jobs import run_deadline_jobs


@shared_task(name="send_portal.nightly_deadline_jobs", acks_late=True)
def nightly_deadline_jobs(today: str | None = None) -> dict:
    run = run_deadline_jobs(today=datetime.date.fromisoformat(today) if today else None)
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
