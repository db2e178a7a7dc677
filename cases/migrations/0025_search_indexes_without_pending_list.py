from django.db import migrations

# A GIN index by default queues new rows in a "pending list" that every search then reads
# line by line, until a vacuum merges it. After a bulk load (a council's import, the seeded
# benchmark) that list holds thousands of children and a search by name took 20-40 ms at 25,000
# cases, more than reading the whole table. Children are added a few at a time and searched
# all day, so the trigram indexes take each new row into the index at once instead.
TRIGRAM_INDEXES = (
    "case_reference_trgm",
    "child_first_name_trgm",
    "child_last_name_trgm",
    "child_preferred_name_trgm",
)


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        # what is queued already is merged now (setting the option does not)
        schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0024_request_rights_given_from_the_notice")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
