"""Case references from a database sequence on PostgreSQL (see cases.references)."""

from django.db import migrations

SEQUENCE = "cases_case_reference_seq"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint MINVALUE 1")
        cursor.execute(
            "SELECT MAX(CAST(SUBSTRING(reference FROM 5) AS bigint)) FROM cases_case "
            "WHERE reference ~ '^SEN-[0-9]+$'"
        )
        highest = cursor.fetchone()[0]
        if highest:
            cursor.execute("SELECT setval(%s, %s)", [SEQUENCE, highest])


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_advice_state")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]
