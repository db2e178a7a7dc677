"""Audit entries as they were written before audit events were typed (cases.audit_events).

Rows of that shape stay in every database: an unregistered action and the sentence stored as
prose in `summary`, with an empty payload. `AuditEntry.text` shows that summary and erasure
rewrites it wholesale. Tests that are about such rows (or need a free-text entry to find again)
write them with this, never through `cases.audit.audit_record`, which takes registered events
only."""

from django.contrib.contenttypes.models import ContentType

from cases.audit import _plain
from cases.models import AuditEntry


def legacy_audit_entry(*, actor, action, summary, obj=None, case=None, changes=None):
    return AuditEntry.objects.create(
        case=case,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
    )
