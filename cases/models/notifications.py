"""Messages the service sends, and the record of each nightly job run."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .case import Case
from .people import User


class NotificationChannel(models.TextChoices):
    EMAIL = "email", "Email"


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will be retried)"
    GAVE_UP = "gave_up", "Failed (no more retries)"


class Notification(models.Model):
    """A message the service sends: to whom, what, by which channel, and what happened.

    `dedupe_key` is unique, so the nightly job can be run twice, or restarted half way,
    without anyone being told the same thing twice.
    """

    dedupe_key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    to_address = models.EmailField()
    channel = models.CharField(
        max_length=10, choices=NotificationChannel.choices, default=NotificationChannel.EMAIL
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["queued", "failed"]),
                name="notification_pending",
            ),
        ]

    def __str__(self):
        return f"{self.kind} to {self.to_address} ({self.status})"


class JobRun(models.Model):
    """One run of the nightly deadline job: when, and what each step did (for the auditor)."""

    run_on = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    stats = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
