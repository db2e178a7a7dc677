"""Celery tasks of notices: thin, take ids, call the service, safe to run twice.

`write_letter` lays a notice's letter out once its decision is committed, then queues `deliver`,
which sends one email (with the letter). `retry_deliveries` (every few minutes, from beat) queues
again each letter and sends again each email whose backoff has passed (`services.retry_delay`),
and any whose first try never ran. Each is done once whatever runs it: the services skip a letter
already written and a delivery already sent, given up, or locked by another worker."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="cases.notices.write_letter", acks_late=True)
def write_letter(notice_id: int) -> str:
    return services.notice_write_letter(notice_id=notice_id)


@shared_task(name="cases.notices.deliver", acks_late=True)
def deliver(delivery_id: int) -> str:
    return services.delivery_send(delivery_id=delivery_id)


@shared_task(name="cases.notices.retry_deliveries", acks_late=True)
def retry_deliveries() -> dict:
    outcomes: dict[str, int] = {}
    # Each letter is its own task (a second or more of WeasyPrint): this run does not wait for
    # a backlog of them, as the nightly job does not wait for its messages.
    for notice_id in services.letters_due_for_retry(timezone.now()):
        write_letter.delay(notice_id)
        outcomes["letters queued"] = outcomes.get("letters queued", 0) + 1
    for delivery_id in services.deliveries_due_for_retry(timezone.now()):
        outcome = services.delivery_send(delivery_id=delivery_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
