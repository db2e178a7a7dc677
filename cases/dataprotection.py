"""Removing personal data from the audit trail and the access log when a child's record is erased.

`AuditEntry` refuses `save()` and `delete()` of a row that exists: the trail is append-only, and
`cases.audit` is the one way to add to it. Erasure at the end of the retention period is the one
exception the law asks for (UK GDPR art. 5(1)(e), storage limitation): summaries and old/new values
written while the record was live can hold the child's name, a requester's or adviser's name, a
document's title or free text from a plan.

This module is the only code that changes rows of the trail once written. It does so with
`bulk_update`/`update` inside `trail_redaction()`, the only way past the append-only querysets
and PostgreSQL's trigger, and only ever to take personal data out: who acted, when, the action, the case and the object touched all stay, as do
old/new values that are dates, numbers, yes/no or empty. It is called only by
`send_portal.dataprotection.services.child_erase`, inside that service's transaction, which then
writes one `child.erased` audit entry counting what was redacted (docs/decisions/0005).
"""

import datetime
import re

from django.db.models import QuerySet

from .audit_events import payload_erased
from .models import AuditEntry
from .models import RecordAccess
from .models import trail_redaction

REDACTED = "[erased]"
# A value written by `cases.audit._plain` for a date or a datetime: kept (the statutory steps'
# dates are statistics, not personal data once the child's identity is gone).
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.+\-Z]*)?$")
DOCUMENT_DOWNLOAD_PREFIX = "downloaded document "  # cases.views.document_download writes the title
DOCUMENT_DOWNLOAD_REDACTED = "downloaded a document (title erased)"
BATCH = 500


def redacted_summary(on: datetime.date) -> str:
    return f"Details erased with the child's record on {on:%-d %B %Y}"


def _kept(value) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and (value == "" or bool(_ISO_DATE.match(value)))


def _redact_value(value):
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v) for k, v in value.items()}
    return value if _kept(value) else REDACTED


def redacted_changes(changes) -> dict:
    """The field names stay; every value that is not a date, a number, yes/no or empty goes."""
    if not isinstance(changes, dict):
        return {}
    return {key: _redact_value(value) for key, value in changes.items()}


def audit_entries_redact(entries: QuerySet[AuditEntry], *, on: datetime.date) -> int:
    """Take the personal data out of these entries. Returns how many.

    A typed entry (`cases.audit_events`): the payload fields its event declares personal become
    "[erased]", by name, and the sentence still reads. An entry written before events were typed:
    its summary is replaced wholesale. Both: free-text old/new values go. The only change ever
    made to an existing audit row; see the module's docstring."""
    rows = list(entries.only("pk", "action", "summary", "changes", "payload").order_by("pk"))
    summary = redacted_summary(on)
    for row in rows:
        if row.summary:
            row.summary = summary
        row.payload = payload_erased(row.action, row.payload)
        row.changes = redacted_changes(row.changes)
    with trail_redaction():
        AuditEntry.objects.bulk_update(rows, ["summary", "changes", "payload"], batch_size=BATCH)
    return len(rows)


def access_log_redact(accesses: QuerySet[RecordAccess]) -> int:
    """Document titles in the access log ("downloaded document <title>") go; who, when and which
    case stay. Every other `what` the service writes is a fixed phrase. Returns how many."""
    with trail_redaction():
        return accesses.filter(what__startswith=DOCUMENT_DOWNLOAD_PREFIX).update(
            what=DOCUMENT_DOWNLOAD_REDACTED
        )
