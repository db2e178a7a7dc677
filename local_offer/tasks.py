"""Celery tasks of the local offer: thin, idempotent, retry-safe."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="local_offer.flag_unreviewed_services")
def flag_unreviewed_services(date: str | None = None) -> int:
    """Nightly: flag services not reviewed for 12 months to their provider and the moderator.
    Safe to run twice: a service is flagged once until a reviewed version is published."""
    import datetime

    today = datetime.date.fromisoformat(date) if date else timezone.localdate()
    return services.services_flag_unreviewed(today=today)
