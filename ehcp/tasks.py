"""Celery tasks of the EHC plan: thin, take plain values, safe to retry.

An issued version's PDF is rendered here, after the issue commits, so the officer's request does
not wait for WeasyPrint (a second or more for a long plan) while it holds the plan's row lock.
"""

import logging

from celery import shared_task
from django.db import transaction

from .models import PlanVersion

logger = logging.getLogger(__name__)

PDF_RETRIES = 3


@shared_task(
    name="ehcp.render_version_pdf",
    bind=True,
    max_retries=PDF_RETRIES,
    default_retry_delay=60,
    acks_late=True,
)
def render_version_pdf(self, version_id: int) -> str:
    """Render and store the PDF of one issued version, once (a second run finds it stored).

    A failed render is recorded on the version (`pdf_attempts`, `pdf_error`: the plan page shows
    it) and retried; after the last retry a download still renders it on demand."""
    from .services import plan_version_pdf  # the services start this task

    version = PlanVersion.objects.filter(pk=version_id).first()
    if version is None:  # the issue rolled back after all, or the version was erased
        return "gone"
    if version.pdf:
        return "stored"
    try:
        plan_version_pdf(version)
    except Exception as error:  # WeasyPrint's own errors vary; every one is worth a retry
        logger.warning("PDF of plan version %s failed: %s", version_id, error)
        with transaction.atomic():
            locked = PlanVersion.objects.select_for_update().get(pk=version_id)
            locked.pdf_attempts += 1
            locked.pdf_error = f"{type(error).__name__}: {error}"[:500]
            locked.save(update_fields=["pdf_attempts", "pdf_error"])
        raise self.retry(exc=error) from error
    if version.pdf_error:
        PlanVersion.objects.filter(pk=version_id).update(pdf_error="")
    return "rendered"
