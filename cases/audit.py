"""The one way to write the audit trail and the access log (special category data)."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db import models
from django.utils import timezone

from .audit_events import payload_checked
from .models import AuditEntry
from .models import RecordAccess

ACCESS_ROW = ("user", "case", "at", "what")  # the columns of one read row, in order
ACCESS_BATCH = 200  # rows an INSERT: within every database's limit on parameters


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def changes_between(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed, ready for JSON."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in after
        if before.get(key) != after.get(key)
    }


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    case=None,
    payload: dict | None = None,
    changes: dict | None = None,
) -> AuditEntry:
    """Write one entry of a registered event (`cases.audit_events`); `payload` has exactly the
    fields its sentence names (dates as dates: they are stored ISO). The sentence is built when
    the entry is shown; `summary` stays empty (it holds the prose of entries written before)."""
    payload = payload_checked(action, {k: _plain(v) for k, v in (payload or {}).items()})
    return AuditEntry.objects.create(
        case=case,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary="",
        payload=payload,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
    )


def record_access(*, user, case, what: str) -> None:
    """One read row: a page of one child's record, or a download (written as a list's are)."""
    record_list_access(user=user, cases=[case], what=what)


def record_list_access(*, user, cases, what: str) -> None:
    """A list page showed these children (names, dates, needs): one read row for each case,
    in one INSERT a batch. `bulk_create`'s work on each row's model cost a page of 25 more
    than the statement took to run; the rows written are the same."""
    case_ids = [getattr(case, "pk", case) for case in dict.fromkeys(cases)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(RecordAccess._meta.get_field(name).column) for name in ACCESS_ROW)
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(case_ids), ACCESS_BATCH):
            batch = case_ids[start : start + ACCESS_BATCH]
            rows = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(RecordAccess._meta.db_table)} ({columns}) VALUES {rows}",  # noqa: S608 (names from the model)
                [value for case_id in batch for value in (user.pk, case_id, at, what[:200])],
            )
