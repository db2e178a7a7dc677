"""On PostgreSQL, the audit trail and the access log refuse UPDATE and DELETE below the ORM.

The ORM already refuses (cases.models.AppendOnlyQuerySet); this holds for raw SQL and any other
client of the database too. An UPDATE passes only while the transaction has set
`send_portal.trail_redaction` to 'on', which `cases.models.trail_redaction()` does for erasure at
the end of the retention period. DELETE never passes. TRUNCATE (a test database being emptied,
a database being restored) is not affected. SQLite, the embedded default, has the ORM guard only.
"""

from django.db import migrations

TABLES = ("cases_auditentry", "cases_recordaccess")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION send_portal_trail_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('send_portal.trail_redaction', true), '') = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # its % are PL/pgSQL's, not ours
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION send_portal_trail_append_only()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS send_portal_trail_append_only()")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_young_person_email")]

    operations = [
        migrations.AlterModelOptions(
            name="recordaccess",
            options={"ordering": ["-at"], "verbose_name_plural": "record accesses"},
        ),
        migrations.RunPython(create, drop),
    ]
