"""Celery tasks of notices: thin, take ids, call the service, safe to run twice.

`deliver` sends one email as soon as its notice is committed; `retry_deliveries` (every few
minutes, from beat) sends again each failed one whose backoff has passed
(`services.retry_delay`), and any whose first try never ran. A delivery is sent once whatever runs it: `delivery_send` skips one
already sent, given up, or locked by another worker."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="cases.notices.deliver", acks_late=True)
def deliver(delivery_id: int) -> str:
    return services.delivery_send(delivery_id=delivery_id)


@shared_task(name="cases.notices.retry_deliveries", acks_late=True)
def retry_deliveries() -> dict:
    outcomes: dict[str, int] = {}
    for delivery_id in services.deliveries_due_for_retry(timezone.now()):
        outcome = services.delivery_send(delivery_id=delivery_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
