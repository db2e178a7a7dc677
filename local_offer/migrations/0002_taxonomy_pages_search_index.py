from django.db import migrations

from local_offer import reference_data


def load(apps, schema_editor):
    reference_data.load(apps)


def search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS local_offer_listing_search "
            "ON local_offer_listing USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS local_offer_listing_search")


class Migration(migrations.Migration):
    dependencies = [("local_offer", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(search_index, drop_search_index),
    ]
