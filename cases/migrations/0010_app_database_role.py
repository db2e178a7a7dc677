"""On PostgreSQL, the one way for the app's database role to redact the trail at erasure.

In the production shape (docker-compose.yml, the README, docs/decisions/0012) the tables belong
to an owner role that runs the migrations, and the web app, the worker and beat connect as an
app role that may only SELECT and INSERT on the audit trail and the access log: no UPDATE,
DELETE or TRUNCATE, and, not owning the tables, no ALTER (so no DISABLE TRIGGER either);
`manage.py db_app_role` grants that. Erasure at the end of retention must still take personal
data out of rows already written (decision 0005): it calls `send_portal_trail_redact`, created
here, which runs with its owner's rights (SECURITY DEFINER) and can do nothing but redact:

- only for a child whose record has already been erased (its names are "Erased");
- only the rows about that child: its cases' audit entries, entries about the child's record or
  its family members, and its cases' "downloaded document <title>" access rows;
- the summary becomes "Details erased with the child's record on <date>", and every old/new
  value that is not a date, a number, yes/no or empty becomes "[erased]" (the same rules as
  `cases.dataprotection`, which SQLite and the tests of that module use); who acted, when, the
  action, the case and the object all stay.

Its search path is pinned to the schema it was created in. EXECUTE is revoked from PUBLIC and
granted to the app role only. SQLite, the embedded default, has neither roles nor this
function: this migration does nothing there.
"""

from django.db import migrations

REDACTED_VALUE = r"""
CREATE OR REPLACE FUNCTION send_portal_trail_redacted_value(value jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = {schema}, pg_temp
AS $$
BEGIN
    CASE jsonb_typeof(value)
        WHEN 'object' THEN
            RETURN coalesce(
                (SELECT jsonb_object_agg(item.key, send_portal_trail_redacted_value(item.value))
                   FROM jsonb_each(value) AS item),
                '{{}}'::jsonb);
        WHEN 'array' THEN
            RETURN coalesce(
                (SELECT jsonb_agg(send_portal_trail_redacted_value(item.value) ORDER BY item.n)
                   FROM jsonb_array_elements(value) WITH ORDINALITY AS item(value, n)),
                '[]'::jsonb);
        WHEN 'string' THEN
            IF value #>> '{{}}' = ''
               OR value #>> '{{}}' ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}([T ][0-9:.+Z-]*)?$' THEN
                RETURN value;
            END IF;
            RETURN to_jsonb('[erased]'::text);
        ELSE
            RETURN value;  -- null, numbers, true/false
    END CASE;
END
$$;
"""

REDACT = r"""
CREATE OR REPLACE FUNCTION send_portal_trail_redact(
    p_child_id bigint, p_on date, OUT audit_entries integer, OUT accesses integer)
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
    SELECT id INTO child_type FROM django_content_type
     WHERE app_label = 'cases' AND model = 'child';
    SELECT id INTO member_type FROM django_content_type
     WHERE app_label = 'cases' AND model = 'familymember';
    before := current_setting('send_portal.trail_redaction', true);
    PERFORM set_config('send_portal.trail_redaction', 'on', true);

    UPDATE cases_auditentry
       SET summary = 'Details erased with the child''s record on '
                     || to_char(p_on, 'FMDD FMMonth YYYY'),
           changes = CASE WHEN jsonb_typeof(changes) = 'object'
                          THEN send_portal_trail_redacted_value(changes)
                          ELSE '{{}}'::jsonb END
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

SIGNATURES = (
    "send_portal_trail_redact(bigint, date)",
    "send_portal_trail_redacted_value(jsonb)",
)


def _schema(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        name = cursor.fetchone()[0]
    return '"' + name.replace('"', '""') + '"'


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = _schema(schema_editor.connection)
    schema_editor.execute(REDACTED_VALUE.format(schema=schema), params=None)
    schema_editor.execute(REDACT.format(schema=schema), params=None)
    for signature in SIGNATURES:
        schema_editor.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for signature in SIGNATURES:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {signature}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_reference_sequence")]

    operations = [migrations.RunPython(create, drop)]
