"""Case notes and the contact log: what an officer wrote down, and who was in touch, when, how
and what was said. Written once: a correction is a new entry that names the one it corrects."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .case import Case
from .people import User


class NoteKind(models.TextChoices):
    NOTE = "note", "Case note"
    CONTACT = "contact", "Contact"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting"
    IN_PERSON = "in_person", "In person"
    PORTAL = "portal", "Portal message"


class NoteChangeRefused(Exception):
    """An attempt to change or delete a saved note or contact: record a correction instead."""


class CaseNote(models.Model):
    """One entry of the case's notes and contact log. Never edited after saving (`save` refuses a
    second time); a correction is a new entry whose `corrects` names the entry it corrects.
    Erasure at the end of retention blanks the text with a queryset update (cases.personal_data).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices)
    method = models.CharField(max_length=12, choices=ContactMethod.choices, blank=True)
    with_whom = models.CharField(max_length=200, blank=True)  # a contact: who the officer spoke to
    happened_on = models.DateField()
    happened_at = models.TimeField(null=True, blank=True)
    text = models.TextField()
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["case", "happened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="note", method="", with_whom="")
                | Q(kind="contact") & ~Q(method=""),
                name="casenote_contact_has_method",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.happened_on:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise NoteChangeRefused("A saved note is never changed: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise NoteChangeRefused("A saved note is never deleted: record a correction.")

    @property
    def is_contact(self) -> bool:
        return self.kind == NoteKind.CONTACT
