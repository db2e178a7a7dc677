"""The app's database role (PostgreSQL; issue 17, decision 0012).

Made and granted here exactly as production does it (`send_portal.dbroles`, run by
`manage.py db_app_role` after each migration), then used with SET ROLE inside the test's own
transaction (so the role goes with the rollback). As that role the trail can be read and added
to, and nothing else: no UPDATE, DELETE, TRUNCATE, ALTER, DISABLE TRIGGER, DROP, whatever the
session's settings say. The casework tables stay writable, and erasure redacts the trail
through the one SECURITY DEFINER function, only for an erased child."""

import json
import uuid
from contextlib import contextmanager

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.db import DatabaseError
from django.db import connection
from django.db import transaction

from cases import dataprotection as python_redaction
from cases.audit import audit_record
from cases.audit import record_access
from cases.audit_events import payload_erased
from cases.audit_events import personal_fields
from cases.models import AuditEntry
from cases.models import Child
from cases.models import RecordAccess
from cases.models import trail_redaction
from cases.tests.factories import CaseFactory
from cases.tests.factories import FamilyMemberFactory
from cases.tests.factories import UserFactory
from cases.tests.trail_kit import legacy_audit_entry
from send_portal import dbroles
from send_portal.dataprotection import services as dp_services
from send_portal.dataprotection.tests.kit import D
from send_portal.dataprotection.tests.kit import cease
from send_portal.dataprotection.tests.kit import full_case
from send_portal.dataprotection.tests.kit import people

pytestmark = pytest.mark.django_db

REFUSED = r"permission denied|must be owner"


def run(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture
def app_role():
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's; the embedded SQLite has none")
    role = f"send_app_test_{uuid.uuid4().hex[:12]}"
    run(f'CREATE ROLE "{role}" NOLOGIN')  # in the test's transaction: gone with its rollback
    with connection.cursor() as cursor:
        dbroles.app_role_grant(cursor, role)
    return role


@contextmanager
def as_role(role):
    run(f'SET LOCAL ROLE "{role}"')
    try:
        yield
    finally:
        run("RESET ROLE")


def refused(sql, params=None):
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        run(sql, params)


@pytest.fixture
def trail():
    staff = people()
    case = CaseFactory(team=staff["team"], officer=staff["officer"])
    entry = legacy_audit_entry(
        actor=staff["officer"], action="case.note", case=case, summary="Spoke to Maya's mother"
    )
    record_access(user=staff["officer"], case=case, what="viewed case page")
    return {"staff": staff, "case": case, "entry": entry}


def test_the_app_role_cannot_rewrite_or_empty_the_trail(app_role, trail):
    entry = trail["entry"]
    before = list(AuditEntry.objects.values_list("pk", "summary")) + list(
        RecordAccess.objects.values_list("pk", "what")
    )
    with as_role(app_role):
        assert run("SELECT current_user")[0][0] == app_role
        for table in dbroles.TRAIL_TABLES:
            refused(f"TRUNCATE {table}")
            refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            refused(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
            refused(f"DROP TRIGGER {table}_append_only ON {table}")
            refused(f"ALTER TABLE {table} ADD COLUMN note text")
            refused(f"DELETE FROM {table}")  # noqa: S608 (fixed table names, no input)
            refused(f"DROP TABLE {table}")
        refused("UPDATE cases_auditentry SET summary = 'Did not speak to anyone'")
        refused("UPDATE cases_recordaccess SET what = 'nothing'")
        # Erasure's session setting opens the trigger, not the privileges.
        with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
            run("SELECT set_config('send_portal.trail_redaction', 'on', true)")
            run("UPDATE cases_auditentry SET summary = 'x' WHERE id = %s", [entry.pk])
        refused("ALTER FUNCTION send_portal_trail_append_only() OWNER TO CURRENT_USER")
        refused("CREATE TABLE cases_auditentry_copy (id bigint)")
    after = list(AuditEntry.objects.values_list("pk", "summary")) + list(
        RecordAccess.objects.values_list("pk", "what")
    )
    assert after == before


def test_the_app_role_adds_to_the_trail_and_does_its_work(app_role, trail):
    staff, case = trail["staff"], trail["case"]
    with as_role(app_role):
        written = audit_record(
            actor=staff["manager"],
            action="case.opened",
            case=case,
            obj=case,
            payload={"reference": case.reference},
        )
        record_access(user=staff["manager"], case=case, what="viewed case page")
        assert AuditEntry.objects.filter(pk=written.pk).exists()
        assert RecordAccess.objects.filter(user=staff["manager"]).count() == 1
        Child.objects.filter(pk=case.child_id).update(preferred_name="Mai")  # casework: writable
        UserFactory()  # accounts too (and their groups)
    assert Child.objects.get(pk=case.child_id).preferred_name == "Mai"


def test_the_redaction_function_refuses_a_child_whose_record_is_not_erased(app_role, trail):
    with (
        as_role(app_role),
        pytest.raises(DatabaseError, match="only for a child whose record has been erased"),
        transaction.atomic(),
    ):
        run(
            "SELECT * FROM send_portal_trail_redact(%s, %s, %s)",
            [trail["case"].child_id, D("2026-11-23"), json.dumps(personal_fields())],
        )
    assert AuditEntry.objects.get(pk=trail["entry"].pk).summary == "Spoke to Maya's mother"


SHAPES = [
    {"surname": ["Okafor", "Adeyemi"], "received_on": [None, "2026-01-05"]},
    {"a": "text", "b": {"c": ["x", 3]}, "d": "2026-01-05T10:00:00+00:00", "e": None},
    {"agreed": [False, True], "amount": [1.5, 2], "empty": ["", "Maya"]},
    ["not", "a", "mapping"],
]


def test_the_database_redacts_by_the_same_rules_as_the_python_module(app_role, trail):
    case = trail["case"]
    member = FamilyMemberFactory(child=case.child)
    other_case = CaseFactory()  # another child's trail: untouched
    entries = [
        legacy_audit_entry(actor=None, action="x", case=case, summary="About Maya", changes={})
        for _ in SHAPES
    ]
    # Old rows of every shape (audit_record would tidy a value; these are as stored).
    with transaction.atomic(), trail_redaction():
        for entry, shape in zip(entries, SHAPES, strict=True):
            AuditEntry.objects.filter(pk=entry.pk).update(changes=shape)
    about_member = legacy_audit_entry(
        actor=None, action="member", obj=member, summary="Rachel's phone"
    )
    about_other = legacy_audit_entry(actor=None, action="x", case=other_case, summary="About Liam")
    # Typed entries: the personal payload fields go by name, the others stay, no summary is made.
    advice_payload = {"adviser": "Dr Jones", "kind": "medical advice", "due_on": D("2026-03-03")}
    typed = [
        audit_record(actor=None, action="advice.requested", case=case, payload=advice_payload),
        audit_record(
            actor=None,
            action="child.created",
            obj=case.child,
            payload={"child": "Maya Okafor"},
        ),
        audit_record(actor=None, action="case.opened", case=case, payload={"reference": "SEN-1"}),
    ]
    typed_other = audit_record(
        actor=None, action="advice.requested", case=other_case, payload=advice_payload
    )
    record_access(user=trail["staff"]["officer"], case=case, what="downloaded document Maya EP")
    Child.objects.filter(pk=case.child_id).update(first_name="Erased", last_name="Erased")

    with as_role(app_role):
        counted = run(
            "SELECT audit_entries, accesses FROM send_portal_trail_redact(%s, %s, %s)",
            [case.child_id, D("2050-03-01"), json.dumps(personal_fields())],
        )[0]

    # these, the typed ones, the fixture's entry, the member's entry
    assert counted == (len(SHAPES) + len(typed) + 2, 1)
    for written in typed:
        entry = AuditEntry.objects.get(pk=written.pk)
        assert entry.payload == payload_erased(written.action, written.payload)
        assert entry.summary == ""
    assert AuditEntry.objects.get(pk=typed[0].pk).text == (
        "Asked [erased] for medical advice, due 3 March 2026"
    )
    assert AuditEntry.objects.get(pk=typed[1].pk).text == "Created the record of [erased]"
    assert AuditEntry.objects.get(pk=typed[2].pk).text == "Opened case SEN-1"
    assert AuditEntry.objects.get(pk=typed_other.pk).payload["adviser"] == "Dr Jones"
    for entry, shape in zip(entries, SHAPES, strict=True):
        entry = AuditEntry.objects.get(pk=entry.pk)
        assert entry.changes == python_redaction.redacted_changes(shape)
        assert entry.summary == python_redaction.redacted_summary(D("2050-03-01"))
    assert AuditEntry.objects.get(pk=about_member.pk).summary.startswith("Details erased")
    assert AuditEntry.objects.get(pk=about_other.pk).summary == "About Liam"
    assert set(RecordAccess.objects.filter(case=case).values_list("what", flat=True)) == {
        "viewed case page",
        python_redaction.DOCUMENT_DOWNLOAD_REDACTED,
    }


def test_a_whole_erasure_runs_as_the_app_role(app_role):
    staff = people()
    bundle = full_case(staff, born="1994-01-10")
    cease(staff["officer"], bundle["plan"])
    with as_role(app_role):
        result = dp_services.child_erase(
            actor=staff["manager"],
            child=bundle["child"],
            reason="Past retention",
            today=D("2026-11-23"),
        )
    assert result.audit_entries_redacted > 0
    summaries = set(
        AuditEntry.objects.filter(case=bundle["case"]).values_list("summary", flat=True)
    )
    assert not any("Maya" in s or "Okafor" in s for s in summaries)


def test_a_role_that_could_get_round_the_grants_is_refused(app_role):
    owner = run("SELECT tableowner FROM pg_tables WHERE tablename = 'cases_auditentry'")[0][0]
    member = f"{app_role}_member"
    run(f'CREATE ROLE "{member}" NOLOGIN')
    run(f'GRANT "{owner}" TO "{member}"')  # could SET ROLE to the owner
    with connection.cursor() as cursor:
        with pytest.raises(dbroles.RoleError, match="superuser|owns the tables"):
            dbroles.app_role_grant(cursor, owner)
        with pytest.raises(dbroles.RoleError, match="owns the tables, or is a member"):
            dbroles.app_role_grant(cursor, member)
        with pytest.raises(dbroles.RoleError, match="not a role name"):
            dbroles.app_role_grant(cursor, 'x"; DROP TABLE cases_case; --')


def test_the_command_grants_and_reports(app_role, capsys):
    call_command("db_app_role", app_role)
    assert "SELECT and INSERT only" in capsys.readouterr().out


def test_the_command_says_sqlite_has_no_roles():
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default only")
    with pytest.raises(CommandError, match="PostgreSQL's"):
        call_command("db_app_role", "send_app")
