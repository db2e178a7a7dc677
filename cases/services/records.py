"""How every service (of cases and of the apps built on it) changes a record a workflow acts on:
lock its row, check the step and run its transition, save the state with the fields the step
sets, write the audit entry. One way, so that a concurrent step always meets the lock and the
version, and an audit entry is never missing its case.

What differs from step to step (the dates checked, the notice sent, the deadlines met or set)
stays in the service, around these calls."""

from collections.abc import Mapping
from collections.abc import Sequence
from typing import TypeVar

from django.db import models

from cases.audit import audit_record
from cases.audit import changes_between
from cases.models import AuditEntry
from cases.models import Case
from cases.models import Versioned
from cases.permissions import require
from cases.rules import ConcurrentChange
from cases.rules import Need
from cases.rules import proceed

Record = TypeVar("Record", bound=models.Model)


def record_lock(
    records: models.QuerySet[Record],
    pk: int,
    *,
    actor=None,
    need: Need | None = Need.WORK,
    version: int | None = None,
    of: Sequence[str] = (),
) -> Record:
    """The record's row, locked until the transaction ends (`of`: only these tables' rows).

    With `need`, `actor` must have that access to the record's case (`access_case()`); None
    leaves the access to the step's own check. With `version`, the record must still be the one
    the person's form was loaded from, or nothing is saved ("changed by someone else")."""
    record = records.select_for_update(of=tuple(of)).get(pk=pk)
    if need is not None:
        require(actor, record.access_case(), need)
    if version is not None and record.version != version:
        raise ConcurrentChange()
    return record


def record_save(record: models.Model, *fields: str) -> None:
    """Save `fields`, with the time of the change where the record keeps one (`auto_now`); a
    record that carries a version moves it on with every change, so a form loaded before this
    one is refused."""
    if isinstance(record, Versioned):
        record.version += 1
        fields = (*fields, "version")
    fields = (
        *fields,
        *(f.name for f in record._meta.concrete_fields if getattr(f, "auto_now", False)),
    )
    record.save(update_fields=list(fields))


def audit_on_case(
    record: models.Model,
    action: str,
    *,
    actor,
    payload: dict | None = None,
    changes: dict | None = None,
    case: Case | None = None,
) -> AuditEntry:
    """The audit entry of a change to `record`, on its case (`access_case()`) unless `case`."""
    return audit_record(
        actor=actor,
        action=action,
        obj=record,
        case=case if case is not None else record.access_case(),
        payload=payload,
        changes=changes,
    )


def record_update(
    record: models.Model,
    values: Mapping[str, object],
    *,
    actor,
    audit: str = "",
    payload: dict | None = None,
    changes: dict | None = None,
    case: Case | None = None,
    saving: Sequence[str] = (),
) -> None:
    """Set `values` on the record and save them, with `saving` (fields already set), through
    `record_save`; then, given an `audit` action, write its entry (`audit_on_case`)."""
    for name, value in values.items():
        setattr(record, name, value)
    record_save(record, *saving, *values)
    if audit:
        audit_on_case(record, audit, actor=actor, payload=payload, changes=changes, case=case)


def record_change(
    record: models.Model,
    values: Mapping[str, object],
    *,
    actor,
    audit: str,
    payload: dict | None = None,
) -> None:
    """Set `values` on the record and save them (`record_save`): its audit entry shows each
    one's old and new value."""
    before = {name: getattr(record, name) for name in values}
    record_update(
        record,
        values,
        actor=actor,
        audit=audit,
        payload=payload,
        changes=changes_between(before, dict(values)),
    )


def step_take(
    step,
    *,
    actor,
    values: Mapping[str, object] | None = None,
    audit: str = "",
    payload: dict | None = None,
    changes: dict | None = None,
    audit_state: bool = False,
):
    """Take a workflow step on a record the service has locked: check it and run its
    transition (`cases.rules.proceed`: access, state with the transition's `not_now`,
    conditions), set `values` on the record and save them with its state (`record_save`),
    then, given an `audit` action, write its entry with `payload` and `changes` (and, with
    `audit_state`, the state it moved from and to).

    Returns what the transition returned."""
    record = step.__self__
    state = step._django_fsm.field.name
    before = getattr(record, state)
    result = proceed(step, actor)
    if audit_state:
        changes = {state: [before, getattr(record, state)], **(changes or {})}
    record_update(
        record,
        values or {},
        actor=actor,
        audit=audit,
        payload=payload,
        changes=changes,
        saving=(state,),
    )
    return result
