"""Disagreements, mediation, appeals and orders, squashed from migrations 0001 and 0002
(docs/decisions/0024). A database that had applied those takes this one as applied.
"""

import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("mediation", "0001_disagreements"),
        ("mediation", "0002_order_agreed_date"),
    ]

    dependencies = [
        ('cases', '0001_squashed_0028_notice_letter_by_task'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Complaint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_on', models.DateField()),
                ('complainant', models.CharField(max_length=150)),
                ('about', models.TextField()),
                ('responded_on', models.DateField(blank=True, null=True)),
                ('response', models.TextField(blank=True)),
                ('upheld', models.BooleanField(null=True)),
                ('state', django_fsm.FSMField(choices=[('open', 'Open'), ('responded', 'Responded')], default='open', max_length=50, protected=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='cases.case')),
            ],
            options={
                'ordering': ['-received_on', '-pk'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Disagreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(choices=[('refuse_assess', 'Refusal to carry out an EHC needs assessment'), ('refuse_reassess', 'Refusal to reassess'), ('refuse_plan', 'Refusal to issue an EHC plan'), ('plan_contents', 'Contents of the EHC plan'), ('placement', 'The school or college named in the plan only (section I)'), ('refuse_amend', 'Refusal to amend the plan after a review or reassessment'), ('cease', 'Decision to cease the plan'), ('health_social_care', 'Health or social care parts of the plan only')], max_length=30)),
                ('sections', models.CharField(blank=True, max_length=40)),
                ('health_issues', models.BooleanField(default=False)),
                ('social_care_issues', models.BooleanField(default=False)),
                ('decision_letter_on', models.DateField()),
                ('summary', models.TextField(blank=True)),
                ('recorded_on', models.DateField()),
                ('adviser_contacted_on', models.DateField(blank=True, null=True)),
                ('wants_mediation', models.BooleanField(null=True)),
                ('council_informed_on', models.DateField(blank=True, null=True)),
                ('commissioner_told_on', models.DateField(blank=True, null=True)),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('close_reason', models.CharField(blank=True, max_length=200)),
                ('state', django_fsm.FSMField(choices=[('advice', 'Waiting for the family to contact the mediation adviser'), ('mediation', 'Mediation wanted'), ('certificate_due', 'Mediation certificate to be issued'), ('appeal_open', 'The family can appeal'), ('appealed', 'Appeal registered with the Tribunal'), ('resolved', 'Closed without an appeal'), ('appeal_ended', 'Appeal decided or withdrawn')], default='advice', max_length=50, protected=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disagreements', to='cases.case')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-decision_letter_on', '-pk'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Appeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tribunal_reference', models.CharField(blank=True, max_length=40)),
                ('registered_on', models.DateField()),
                ('grounds', models.TextField()),
                ('hearing_on', models.DateField(blank=True, null=True)),
                ('evidence_due_on', models.DateField(blank=True, null=True)),
                ('outcome', models.CharField(blank=True, choices=[('upheld', 'Upheld: the family won'), ('upheld_in_part', 'Upheld in part'), ('dismissed', "Dismissed: the council's decision stands")], max_length=20)),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('not_opposed_on', models.DateField(blank=True, null=True)),
                ('withdrawn_on', models.DateField(blank=True, null=True)),
                ('state', django_fsm.FSMField(choices=[('registered', 'Waiting for the Tribunal'), ('decided', 'Decided'), ('not_opposed', 'Not opposed by the council'), ('withdrawn', 'Withdrawn')], default='registered', max_length=50, protected=True)),
                ('disagreement', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='appeal', to='mediation.disagreement')),
            ],
            options={
                'abstract': False,
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Mediation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('arranged_by', models.CharField(choices=[('council', 'The council'), ('health', 'The health commissioner (health is the only issue)')], default='council', max_length=20)),
                ('arranged_on', models.DateField(blank=True, null=True)),
                ('meeting_on', models.DateField(blank=True, null=True)),
                ('mediator', models.CharField(blank=True, max_length=150)),
                ('not_arranged_on', models.DateField(blank=True, null=True)),
                ('held_on', models.DateField(blank=True, null=True)),
                ('attendees', models.TextField(blank=True)),
                ('outcome', models.CharField(blank=True, choices=[('agreed', 'Agreed in full'), ('agreed_in_part', 'Agreed in part'), ('not_agreed', 'Not agreed')], max_length=20)),
                ('agreement', models.TextField(blank=True)),
                ('state', django_fsm.FSMField(choices=[('arranging', 'Being arranged'), ('arranged', 'Arranged'), ('held', 'Held'), ('not_arranged', 'Not arranged within 30 days')], default='arranging', max_length=50, protected=True)),
                ('disagreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mediations', to='mediation.disagreement')),
            ],
            options={
                'ordering': ['pk'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Order',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('tribunal', 'Tribunal order (reg 44)'), ('not_opposed', 'Appeal not opposed (reg 45)'), ('agreement', 'Mediation agreement (reg 42)')], max_length=20)),
                ('kind', models.CharField(choices=[('assess', 'Assess or reassess'), ('make_plan', 'Make and maintain a plan'), ('amend', 'Amend the plan'), ('placement', 'Change the school or college named only'), ('continue', 'Continue to maintain the plan'), ('other', 'Another agreed action (no right of appeal)')], max_length=20)),
                ('from_on', models.DateField()),
                ('description', models.TextField(blank=True)),
                ('agreed_due_on', models.DateField(blank=True, null=True)),
                ('agreed_due_reason', models.CharField(blank=True, max_length=200)),
                ('state', django_fsm.FSMField(choices=[('open', 'To do'), ('complied', 'Complied with')], default='open', max_length=50, protected=True)),
                ('complied_on', models.DateField(blank=True, null=True)),
                ('complied_late', models.BooleanField(default=False)),
                ('appeal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='orders', to='mediation.appeal')),
                ('disagreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='orders', to='mediation.disagreement')),
            ],
            options={
                'ordering': ['from_on', 'pk'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Recommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.CharField(choices=[('health', 'Health commissioner'), ('social_care', 'Social care')], max_length=20)),
                ('recommended_on', models.DateField()),
                ('text', models.TextField()),
                ('responded_on', models.DateField(blank=True, null=True)),
                ('response', models.TextField(blank=True)),
                ('state', django_fsm.FSMField(choices=[('awaiting', 'Written response awaited'), ('responded', 'Responded')], default='awaiting', max_length=50, protected=True)),
                ('appeal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendations', to='mediation.appeal')),
            ],
            options={
                'ordering': ['recommended_on', 'pk'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Resolution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_on', models.DateField()),
                ('with_whom', models.CharField(max_length=150)),
                ('about', models.TextField()),
                ('meeting_on', models.DateField(blank=True, null=True)),
                ('held_on', models.DateField(blank=True, null=True)),
                ('outcome', models.CharField(blank=True, choices=[('agreed', 'Agreed in full'), ('agreed_in_part', 'Agreed in part'), ('not_agreed', 'Not agreed')], max_length=20)),
                ('notes', models.TextField(blank=True)),
                ('state', django_fsm.FSMField(choices=[('requested', 'Requested'), ('concluded', 'Concluded')], default='requested', max_length=50, protected=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='resolutions', to='cases.case')),
            ],
            options={
                'ordering': ['-requested_on', '-pk'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
    ]
