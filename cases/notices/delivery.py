"""How an email leaves: a pluggable backend. Django's email backend (EMAIL_URL: SMTP in
production) unless `GOVUK_NOTIFY_API_KEY` is set, then GOV.UK Notify
(notifications-python-client). A backend raises on failure; the service records it and retries.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str
    reference: str  # ours, for the provider's records ("delivery-123")
    attachment_name: str = ""
    attachment: bytes = b""  # the letter, as a PDF


class DjangoEmailBackend:
    def send(self, email: Email) -> None:
        message = EmailMessage(subject=email.subject, body=email.body, to=[email.to])
        if email.attachment:
            message.attach(email.attachment_name, email.attachment, "application/pdf")
        message.send()


class NotifyEmailBackend:
    """One Notify email template, whose subject is ((subject)) and body ((body)); the letter
    goes as a link Notify keeps (the reader confirms their email address to open it)."""

    def __init__(self, api_key: str, template_id: str):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key)
        self.template_id = template_id

    def send(self, email: Email) -> None:
        from notifications_python_client import prepare_upload

        personalisation = {"subject": email.subject, "body": email.body, "letter": ""}
        if email.attachment:
            personalisation["letter"] = prepare_upload(
                io.BytesIO(email.attachment),
                filename=email.attachment_name,
                confirm_email_before_download=True,
            )
        self.client.send_email_notification(
            email_address=email.to,
            template_id=self.template_id,
            personalisation=personalisation,
            reference=email.reference,
        )


def email_backend():
    if settings.GOVUK_NOTIFY_API_KEY:
        return NotifyEmailBackend(
            settings.GOVUK_NOTIFY_API_KEY, settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID
        )
    return DjangoEmailBackend()
