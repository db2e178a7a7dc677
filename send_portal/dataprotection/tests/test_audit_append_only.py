"""Nobody changes or deletes an audit entry through the app: the admin for AuditEntry and
RecordAccess is read-only, the model refuses save() and delete() of a row that exists, and a
service that tries (with an entry it was handed) gets the same refusal. The one exception,
redaction at erasure, lives in `cases.dataprotection` and only ever removes personal data."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from cases.admin import AuditEntryAdmin
from cases.admin import RecordAccessAdmin
from cases.audit import record_access
from cases.dataprotection import REDACTED
from cases.dataprotection import access_log_redact
from cases.dataprotection import audit_entries_redact
from cases.dataprotection import redacted_changes
from cases.models import AuditEntry
from cases.models import RecordAccess
from cases.models import TrailChangeRefused
from cases.models import User
from cases.models import trail_redaction
from cases.tests.trail_kit import legacy_audit_entry
from cases.tests.viewkit import received_request

from .kit import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    staff = people()
    case = received_request(staff["officer"]).case
    record_access(user=staff["officer"], case=case, what="viewed case page")
    return case.audit_entries.order_by("pk").first()


@pytest.fixture
def superuser():
    """A support account: the only kind the admin lets in (send_portal.support)."""
    return User.objects.create_user(
        "it.support@council.example",
        "correct-horse-battery",
        full_name="IT service desk",
        role="",
        is_staff=True,
        is_superuser=True,
    )


@pytest.mark.parametrize("model", [AuditEntry, RecordAccess])
def test_admin_is_read_only(model, superuser):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, AuditEntryAdmin | RecordAccessAdmin)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_view_permission(request) is True
    assert not model_admin.get_actions(request)  # no "delete selected"


def test_admin_pages_show_but_refuse_changes(client, superuser, entry):
    client.force_login(superuser)
    access = RecordAccess.objects.get()
    for model, obj in (("auditentry", entry), ("recordaccess", access)):
        changelist = reverse(f"admin:cases_{model}_changelist")
        assert client.get(changelist).status_code == 200
        assert client.get(reverse(f"admin:cases_{model}_add")).status_code == 403
        change = reverse(f"admin:cases_{model}_change", args=[obj.pk])
        page = client.get(change)
        assert page.status_code == 200  # shown read-only
        assert 'name="_save"' not in page.content.decode()
        assert client.post(change, {"summary": "rewritten", "what": "rewritten"}).status_code == 403
        delete = reverse(f"admin:cases_{model}_delete", args=[obj.pk])
        assert client.get(delete).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        bulk = client.post(
            changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )
        assert bulk.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.text.startswith("Opened case")
    assert RecordAccess.objects.get(pk=access.pk).what == "viewed case page"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_model_refuses_to_change_or_delete_an_entry(entry):
    entry.summary = "Rewritten"
    with pytest.raises(TrailChangeRefused, match="never changed"):
        entry.save()
    with pytest.raises(TrailChangeRefused, match="never changed"):
        entry.save(update_fields=["summary"])
    with pytest.raises(TrailChangeRefused, match="never deleted"):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).text.startswith("Opened case")


def test_a_service_handed_an_entry_cannot_rewrite_it():
    """A write through the one audit service returns the entry; changing or deleting what it
    returned is refused, so no service can rewrite history after the fact."""
    staff = people()
    case = received_request(staff["officer"]).case
    written = legacy_audit_entry(
        actor=staff["manager"], action="case.note", case=case, summary="Spoke to the family"
    )
    written.summary = "Did not speak to the family"
    with pytest.raises(TrailChangeRefused):
        written.save()
    written.at = written.at - datetime.timedelta(days=30)
    with pytest.raises(TrailChangeRefused):
        written.save(update_fields=["at"])
    with pytest.raises(TrailChangeRefused):
        written.delete()
    fresh = AuditEntry.objects.get(pk=written.pk)
    assert fresh.summary == "Spoke to the family"
    with pytest.raises(TrailChangeRefused):
        fresh.delete()


# --- the one exception: redaction at erasure (cases.dataprotection) -----------------------------


def test_redaction_keeps_who_when_what_and_dates_but_not_free_text(entry):
    legacy_audit_entry(
        actor=None,
        action="child.updated",
        case=entry.case,
        summary="Changed Maya Okafor's address",
        changes={
            "postcode": ["AB1 2CD", "DC1 2AB"],
            "received_on": [None, "2026-01-05"],
            "consent_given": [False, True],
            "version": [1, 2],
        },
    )
    record_access(user=entry.actor, case=entry.case, what="downloaded document Maya's EP report")
    before = list(
        AuditEntry.objects.order_by("pk").values_list("pk", "actor", "at", "action", "case")
    )

    count = audit_entries_redact(
        AuditEntry.objects.filter(case=entry.case), on=datetime.date(2050, 3, 1)
    )
    assert count == len(before)
    after = list(
        AuditEntry.objects.order_by("pk").values_list("pk", "actor", "at", "action", "case")
    )
    assert after == before
    # Rows written before events were typed: the summary is replaced; typed rows have none.
    assert set(AuditEntry.objects.exclude(summary="").values_list("summary", flat=True)) == {
        "Details erased with the child's record on 1 March 2050"
    }
    assert AuditEntry.objects.exclude(summary="").count() == 1  # the legacy row written here
    changed = AuditEntry.objects.get(action="child.updated")
    assert changed.changes == {
        "postcode": [REDACTED, REDACTED],
        "received_on": [None, "2026-01-05"],
        "consent_given": [False, True],
        "version": [1, 2],
    }
    assert access_log_redact(RecordAccess.objects.all()) == 1
    assert sorted(RecordAccess.objects.values_list("what", flat=True)) == [
        "downloaded a document (title erased)",
        "viewed case page",
    ]


def test_redacted_changes_handles_any_shape():
    assert redacted_changes(None) == {}
    assert redacted_changes(
        {"a": "text", "b": {"c": ["x", 3]}, "d": "2026-01-05T10:00:00+00:00"}
    ) == {
        "a": REDACTED,
        "b": {"c": [REDACTED, 3]},
        "d": "2026-01-05T10:00:00+00:00",
    }


# --- below the model: querysets and, on PostgreSQL, the database itself ---------------------


@pytest.mark.parametrize("model", [AuditEntry, RecordAccess])
def test_querysets_refuse_to_update_or_delete_the_trail(model, entry):
    rows = model.objects.all()
    with pytest.raises(TrailChangeRefused, match="never changed"):
        rows.update(at=entry.at - datetime.timedelta(days=1))
    with pytest.raises(TrailChangeRefused, match="never deleted"):
        rows.delete()
    assert model.objects.filter(at=entry.at - datetime.timedelta(days=1)).count() == 0
    assert model.objects.exists()


TRAIL_SQL = {
    # table name -> (update all, update one, delete all); fixed strings, no input
    table: (
        f"UPDATE {table} SET at = at - interval '1 day'",  # noqa: S608
        f"UPDATE {table} SET at = at WHERE id = %s",  # noqa: S608
        f"DELETE FROM {table}",  # noqa: S608
    )
    for table in ("cases_auditentry", "cases_recordaccess")
}


def _run(sql, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("table", sorted(TRAIL_SQL))
def test_the_database_refuses_raw_sql_that_rewrites_the_trail(table, entry):
    from django.db import DatabaseError
    from django.db import connection
    from django.db import transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite has the ORM guard only")
    update_all, update_one, delete_all = TRAIL_SQL[table]
    for sql in (update_all, delete_all):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _run(sql)
    # Erasure's window lets an UPDATE through, until it closes, and never a DELETE.
    with transaction.atomic():
        with trail_redaction():
            _run(update_one, [entry.pk])
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _run(update_all)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), trail_redaction():
        _run(delete_all)
    assert AuditEntry.objects.exists() and RecordAccess.objects.exists()
