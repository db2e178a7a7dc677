"""Celery tasks of signing in: thin, take plain values, safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm


@shared_task(name="send_portal.accounts.password_reset_send")
def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Email a password reset link to the account with this address, if there is one.

    Queued by the reset page for every address alike, so the page answers in the same time
    whether or not the address has an account (the lookup and the sending happen here)."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    form.save(
        domain_override=domain,
        use_https=use_https,
        extra_email_context={"service_name": settings.SERVICE_NAME},
    )
