"""The audit trail and the log of who opened a child's record: append-only."""

from contextlib import contextmanager
from contextlib import suppress
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.db import connection
from django.db import models
from django.utils import timezone

from .case import Case
from .people import User

# The audit trail and the access log are append-only. Erasure at the end of the retention period
# is the one exception the law asks for: cases.dataprotection takes personal data out of written
# rows inside `trail_redaction()`. On PostgreSQL a trigger enforces the same below the ORM
# (in the cases migration), so neither a queryset update nor raw SQL can rewrite the trail.
_trail_redaction = ContextVar("trail_redaction", default=False)
TRAIL_REDACTION_SETTING = "send_portal.trail_redaction"


class TrailChangeRefused(Exception):
    """An attempt to change or delete a row of the audit trail or the access log."""


def _set_trail_redaction(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [TRAIL_REDACTION_SETTING, value])


@contextmanager
def trail_redaction():
    """Allow updates (never deletes) of trail rows for the duration, in this transaction only."""
    token = _trail_redaction.set(True)
    try:
        _set_trail_redaction("on")
        yield
    except BaseException:
        # A failed statement may have aborted the transaction, which then rolls back and takes
        # the setting with it; closing the window may not be possible and is not needed.
        with suppress(DatabaseError):
            _set_trail_redaction("off")
        raise
    else:
        _set_trail_redaction("off")
    finally:
        _trail_redaction.reset(token)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if not _trail_redaction.get():
            raise TrailChangeRefused(f"{self.model._meta.verbose_name_plural} are never changed.")
        return super().update(**kwargs)

    def delete(self):
        raise TrailChangeRefused(f"{self.model._meta.verbose_name_plural} are never deleted.")

    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    """A row that is written once: saving it again, or deleting it, is refused."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TrailChangeRefused(f"{self._meta.verbose_name_plural} are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TrailChangeRefused(f"{self._meta.verbose_name_plural} are never deleted.")


class AuditEntry(AppendOnlyModel):
    """Who did what to which record, when, with old and new values. Never edited or deleted."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the system (nightly jobs).",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=60)
    # The prose of an entry written before audit events were typed; empty since (the sentence
    # is built from `action` and `payload` when shown: `text`).
    summary = models.CharField(max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True)
    changes = models.JSONField(default=dict, blank=True)
    # The values the event's sentence names (cases.audit_events); personal ones are blanked at
    # erasure, by field.
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def text(self) -> str:
        """The sentence a person reads: built from the registered event and the payload, or,
        for an entry written before events were typed, its stored summary."""
        if self.summary:
            return self.summary
        from cases.audit_events import sentence

        return sentence(self.action, self.payload)


class RecordAccess(AppendOnlyModel):
    """A member of staff opened a child's record or downloaded a document (special category data)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["case", "-at"])]
        verbose_name_plural = "record accesses"
