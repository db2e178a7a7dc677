"""Typed audit events (docs/decisions/0013): `AuditEntry.payload`, and erasure by field.

An entry now stores its event's values in `payload`; the sentence is built when shown and
`summary` stays empty (it keeps the prose of entries written before). The append-only trigger
(migration 0006) refuses an UPDATE of any column, so it covers `payload` as it stands.

On PostgreSQL the app role redacts through the SECURITY DEFINER function of migration 0010. It
is replaced by `send_portal_trail_redact(child, on, personal)`, where `personal` is
`{action: [field, ...]}` (`cases.audit_events.personal_fields()`): the same rules as before for
`summary` (only where one was written) and `changes`, and, in `payload`, the fields the entry's
event declares personal become "[erased]"; the other fields stay, so the sentence still reads.
The function's other guards are unchanged (only an erased child, only that child's rows).
The two-argument function is dropped: `manage.py db_app_role` grants EXECUTE on the new one.
"""

from django.db import migrations, models

REDACT = r"""
CREATE OR REPLACE FUNCTION send_portal_trail_redact(
    p_child_id bigint, p_on date, p_personal jsonb,
    OUT audit_entries integer, OUT accesses integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {schema}, pg_temp
AS $$
DECLARE
    child_type integer;
    member_type integer;
    before text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM cases_child
                    WHERE id = p_child_id AND first_name = 'Erased' AND last_name = 'Erased') THEN
        RAISE EXCEPTION 'the trail is redacted only for a child whose record has been erased'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_personal IS NULL OR jsonb_typeof(p_personal) <> 'object' THEN
        p_personal := '{{}}'::jsonb;
    END IF;
    SELECT id INTO child_type FROM django_content_type
     WHERE app_label = 'cases' AND model = 'child';
    SELECT id INTO member_type FROM django_content_type
     WHERE app_label = 'cases' AND model = 'familymember';
    before := current_setting('send_portal.trail_redaction', true);
    PERFORM set_config('send_portal.trail_redaction', 'on', true);

    UPDATE cases_auditentry
       SET summary = CASE WHEN summary = '' THEN ''
                          ELSE 'Details erased with the child''s record on '
                               || to_char(p_on, 'FMDD FMMonth YYYY') END,
           changes = CASE WHEN jsonb_typeof(changes) = 'object'
                          THEN send_portal_trail_redacted_value(changes)
                          ELSE '{{}}'::jsonb END,
           payload = CASE WHEN jsonb_typeof(payload) = 'object'
                               AND jsonb_typeof(p_personal -> action) = 'array'
                          THEN payload || coalesce(
                              (SELECT jsonb_object_agg(field, to_jsonb('[erased]'::text))
                                 FROM jsonb_array_elements_text(p_personal -> action) AS field
                                WHERE payload ? field),
                              '{{}}'::jsonb)
                          ELSE payload END
     WHERE case_id IN (SELECT id FROM cases_case WHERE child_id = p_child_id)
        OR (content_type_id = child_type AND object_id = p_child_id)
        OR (content_type_id = member_type
            AND object_id IN (SELECT id FROM cases_familymember WHERE child_id = p_child_id));
    GET DIAGNOSTICS audit_entries = ROW_COUNT;

    UPDATE cases_recordaccess
       SET what = 'downloaded a document (title erased)'
     WHERE case_id IN (SELECT id FROM cases_case WHERE child_id = p_child_id)
       AND what LIKE 'downloaded document %';
    GET DIAGNOSTICS accesses = ROW_COUNT;

    PERFORM set_config('send_portal.trail_redaction', coalesce(nullif(before, ''), 'off'), true);
END
$$;
"""

OLD_SIGNATURE = "send_portal_trail_redact(bigint, date)"
SIGNATURE = "send_portal_trail_redact(bigint, date, jsonb)"


def _schema(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        name = cursor.fetchone()[0]
    return '"' + name.replace('"', '""') + '"'


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {OLD_SIGNATURE}")
    schema_editor.execute(REDACT.format(schema=_schema(schema_editor.connection)), params=None)
    schema_editor.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
    # Migration 0010's two-argument function, as it was.
    from importlib import import_module

    previous = import_module("cases.migrations.0010_app_database_role")
    schema = _schema(schema_editor.connection)
    schema_editor.execute(previous.REDACT.format(schema=schema), params=None)
    schema_editor.execute(f"REVOKE ALL ON FUNCTION {OLD_SIGNATURE} FROM PUBLIC")


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_deadline_kind_registered")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="payload",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="summary",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(create, drop),
    ]
