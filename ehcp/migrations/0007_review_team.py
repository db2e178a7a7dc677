import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

# Each review's team: the team of its plan's case, which never changes.
BACKFILL = (
    "UPDATE ehcp_annualreview SET team_id = ("
    "SELECT c.team_id FROM ehcp_plan p JOIN cases_case c ON c.id = p.case_id"
    " WHERE p.id = ehcp_annualreview.plan_id)"
)


def backfill(apps, schema_editor):
    schema_editor.execute(BACKFILL)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0025_search_indexes_without_pending_list"),
        ("ehcp", "0006_review_completed_when_its_notice_is_sent"),
    ]

    operations = [
        migrations.AddField(
            model_name="annualreview",
            name="team",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.team",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="annualreview",
            name="team",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.team",
            ),
        ),
        migrations.AddIndex(
            model_name="annualreview",
            index=models.Index(
                condition=Q(("state", "decided"), _negated=True),
                fields=["team", "due_on", "id"],
                name="review_team_open_due",
            ),
        ),
    ]
