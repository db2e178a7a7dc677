from django.db import migrations

# The directory's full-text index takes each new or edited listing into the index at once
# rather than queueing it in GIN's pending list, which every public search would otherwise
# read line by line until a vacuum merged it (cases 0025 says more).


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER INDEX local_offer_listing_search SET (fastupdate = off)")
    schema_editor.execute("SELECT gin_clean_pending_list('local_offer_listing_search'::regclass)")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER INDEX local_offer_listing_search RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("local_offer", "0002_taxonomy_pages_search_index")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
