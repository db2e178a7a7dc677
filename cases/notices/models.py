"""Notices, their deliveries and the council's letter templates (models of the `cases` app,
imported by `cases.models`).

A `Notice` is one decision told in writing: its kind (`cases.notices.kinds`), the decision it
tells, the facts it states, the letter (a case document, laid out by a task after the decision
commits) and, once it has gone out, the date it was sent: statutory limits are met on that
date, and the appeal-by date runs from it. Each person it goes to has a `Delivery`: by email,
by post (the print queue) or through the portal, with its status and attempts.

Where a notice stands, said once here: *held* (nobody could receive it), its letter *pending*
(to be written by the queue), or *given up* (its letter failed every try).
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from cases.models.case import Case
from cases.models.documents import Document
from cases.models.people import User


class Notice(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40)  # a code registered in cases.notices.kinds
    decision_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_id = models.PositiveBigIntegerField(null=True, blank=True)
    decision = GenericForeignKey("decision_type", "decision_id")
    facts = models.JSONField(default=dict)  # {fact name: ISO date or text}, as the kind declares
    dated_on = models.DateField()  # the date the letter bears
    letter = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template_version = models.PositiveIntegerField(default=0)  # 0: the kind's default text
    # The letter is laid out by a task once the decision commits (`tasks.write_letter`), not in
    # the officer's request; a failed layout is recorded here, shown and tried again.
    letter_attempts = models.PositiveSmallIntegerField(default=0)
    letter_error = models.CharField(max_length=500, blank=True)
    letter_next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once every delivery to the family (not the copies) has gone: the date limits are met on.
    sent_on = models.DateField(null=True, blank=True)
    appeal_by = models.DateField(null=True, blank=True)  # from sent_on, for kinds with appeal

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "sent_on"]),
            models.Index(fields=["decision_type", "decision_id"]),
            # the letters still to write, for the retry sweep (`services.letters_due_for_retry`)
            models.Index(
                fields=["created_at"], condition=Q(letter__isnull=True), name="notice_unwritten"
            ),
        ]

    def __str__(self):
        return f"{self.kind} notice on {self.case_id}"

    @property
    def held(self) -> bool:
        """Nobody could receive it: not sent, and no delivery recorded (`services.notice_prepare`
        prepares it once contact details are recorded). Reads `deliveries` as preloaded."""
        return self.sent_on is None and not self.deliveries.all()

    @property
    def letter_pending(self) -> bool:
        """Its letter is still to be written (`services.notice_write_letter`): nothing to the
        family goes out until it is."""
        return self.letter_id is None and bool(self.deliveries.all())

    @property
    def letter_given_up(self) -> bool:
        """Its letter failed every try (`services.notice_write_letter`): an officer asks again.
        (While it is being tried again its next try is set; once written its error is cleared.)"""
        return (
            self.letter_id is None
            and bool(self.letter_error)
            and self.letter_next_attempt_at is None
        )

    @property
    def title(self) -> str:
        from .kinds import notice_kind

        try:
            return notice_kind(self.kind).title
        except KeyError:  # a kind no app registers any more: never an error on a page
            return self.kind.replace("_", " ").capitalize()


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    PORTAL = "portal", "Online (portal)"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to go out"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will be tried again)"
    GAVE_UP = "gave_up", "Failed (not tried again)"


WAITING = (DeliveryStatus.QUEUED, DeliveryStatus.FAILED)


class RecipientRole(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    ACTING = "acting", "Acting for the young person"
    ADDRESSEE = "addressee", "Addressee"
    SETTING = "setting", "School or college (copy)"
    HEALTH = "health", "Health commissioner (copy)"
    SOCIAL_CARE = "social_care", "Social care (copy)"


COPY_ROLES = (RecipientRole.SETTING, RecipientRole.HEALTH, RecipientRole.SOCIAL_CARE)


class Delivery(models.Model):
    """One notice to one person by one channel, and what happened to it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    role = models.CharField(max_length=20, choices=RecipientRole.choices)
    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    posted_on = models.DateField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)  # a failed email's next try
    posted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["notice_id", "id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(
                fields=["channel", "notice"],
                condition=Q(status__in=["queued", "failed"]),
                name="delivery_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} to {self.name} ({self.status})"

    @property
    def is_copy(self) -> bool:
        return self.role in COPY_ROLES


class LetterTemplate(models.Model):
    """The council's own wording of a kind of letter; each change is a new version, kept."""

    kind = models.CharField(max_length=40, unique=True)
    body = models.TextField()
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return f"{self.kind} letter (version {self.version})"


class LetterTemplateVersion(models.Model):
    template = models.ForeignKey(LetterTemplate, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    body = models.TextField()
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["template", "version"], name="one_letter_version")
        ]
