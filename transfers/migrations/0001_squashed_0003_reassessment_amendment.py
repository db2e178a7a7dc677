"""Transfer reviews, the legacy import and moves between councils, squashed from migrations
0001 to 0003 (docs/decisions/0024). A database that had applied those takes this one as applied.
"""

import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("transfers", "0001_initial"),
        ("transfers", "0002_moves"),
        ("transfers", "0003_reassessment_amendment"),
    ]

    dependencies = [
        ('cases', '0001_squashed_0028_notice_letter_by_task'),
        ('ehcp', '0001_squashed_0007_review_team'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LegacyImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='legacy-imports/%Y/%m/')),
                ('original_name', models.CharField(max_length=200)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('state', models.CharField(choices=[('checked', 'Checked (dry run)'), ('queued', 'Waiting to import'), ('running', 'Importing'), ('done', 'Imported'), ('failed', 'Not imported')], default='checked', max_length=10)),
                ('report', models.JSONField(default=dict)),
                ('total_rows', models.PositiveIntegerField(default=0)),
                ('done_rows', models.PositiveIntegerField(default=0)),
                ('totals', models.JSONField(default=dict)),
                ('failure', models.TextField(blank=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-uploaded_at'],
            },
        ),
        migrations.CreateModel(
            name='LegacyRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('legacy_reference', models.CharField(max_length=50, unique=True)),
                ('record_type', models.CharField(choices=[('ehc_plan', 'EHC plan'), ('statement', 'Statement of SEN'), ('lda', 'Learning difficulty assessment (LDA)')], max_length=10)),
                ('issued_on', models.DateField()),
                ('last_reviewed_on', models.DateField(blank=True, null=True)),
                ('primary_need', models.CharField(blank=True, choices=[('SPLD', 'Specific learning difficulty'), ('MLD', 'Moderate learning difficulty'), ('SLD', 'Severe learning difficulty'), ('PMLD', 'Profound and multiple learning difficulty'), ('SEMH', 'Social, emotional and mental health'), ('SLCN', 'Speech, language and communication needs'), ('HI', 'Hearing impairment'), ('VI', 'Vision impairment'), ('MSI', 'Multi-sensory impairment'), ('PD', 'Physical disability'), ('ASD', 'Autistic spectrum disorder'), ('DS', 'Down syndrome'), ('OTH', 'Other difficulty or disability'), ('NSA', 'SEN support but no specialist assessment of type of need')], max_length=4)),
                ('values', models.JSONField(default=dict)),
                ('imported_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='legacy_records', to='cases.case')),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='legacy_records', to='cases.child')),
                ('imported_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='records', to='transfers.legacyimport')),
                ('officer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='ehcp.plan')),
                ('setting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.setting')),
            ],
            options={
                'ordering': ['legacy_reference'],
            },
        ),
        migrations.CreateModel(
            name='MoveIn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('from_council', models.CharField(max_length=150, verbose_name='council the family moved from')),
                ('transferred_on', models.DateField(verbose_name='date the plan was transferred')),
                ('state', django_fsm.FSMField(choices=[('received', 'Plan received: family to be told'), ('family_told', 'Family told')], default='received', max_length=50, protected=True)),
                ('will_reassess', models.BooleanField(blank=True, null=True)),
                ('review_by', models.DateField(blank=True, null=True, verbose_name='review date given to the family')),
                ('health_answered_on', models.DateField(blank=True, null=True)),
                ('health_answer', models.CharField(blank=True, choices=[('nothing', 'It can secure the health provision: nothing asked'), ('review', 'It asked for a review of the plan'), ('assessment', 'It asked for an EHC needs assessment')], max_length=12)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='moves_in', to='cases.case')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ehcp.plan')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-transferred_on', '-id'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='MoveOut',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('moved_on', models.DateField(verbose_name='date of the move')),
                ('learned_on', models.DateField(verbose_name='date the council learned of the move')),
                ('receiving_council', models.CharField(max_length=150, verbose_name='council the family is moving to')),
                ('state', django_fsm.FSMField(choices=[('recorded', 'Move recorded: plan to pass on'), ('handed_over', 'Plan passed to the new council')], default='recorded', max_length=50, protected=True)),
                ('handed_over_on', models.DateField(blank=True, null=True, verbose_name='date the plan was passed on')),
                ('health_told_on', models.DateField(blank=True, null=True, verbose_name='date the health commissioner was told')),
                ('notes', models.TextField(blank=True)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='moves_out', to='cases.case')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ehcp.plan')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-moved_on', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('handed_over_on__isnull', True), ('handed_over_on__gte', models.F('learned_on')), _connector='OR'), name='move_out_handed_over_after_learned')],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Reassessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('source', models.CharField(choices=[('family', 'The family (parent, carer or young person)'), ('setting', 'The school, college or setting'), ('council', "The council's own view")], max_length=10, verbose_name='who asked')),
                ('requester_name', models.CharField(max_length=150)),
                ('channel', models.CharField(choices=[('post', 'Post'), ('email', 'Email'), ('hand', 'By hand'), ('portal', 'Online (portal)'), ('phone', 'Phone, confirmed in writing')], max_length=10)),
                ('requested_on', models.DateField(verbose_name='date of the request')),
                ('reason', models.TextField()),
                ('state', django_fsm.FSMField(choices=[('requested', 'Requested: decision due'), ('refused', 'Not reassessing'), ('agreed', 'Reassessing'), ('finished', 'Reassessment finished')], default='requested', max_length=50, protected=True)),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('decision_reason', models.TextField(blank=True)),
                ('refusal_ground', models.CharField(blank=True, choices=[('recent', 'Less than 6 months since the last assessment'), ('not_necessary', 'A further assessment is not necessary')], max_length=15)),
                ('last_assessed_on', models.DateField(blank=True, null=True, verbose_name='date of the last assessment')),
                ('letter_dated_on', models.DateField(blank=True, null=True, verbose_name='date of the decision letter')),
                ('told_on', models.DateField(blank=True, null=True, verbose_name='date the family was told')),
                ('outcome', models.CharField(blank=True, choices=[('amended', 'The plan was amended'), ('replaced', 'A new plan replaced it'), ('kept', 'The plan stays as it is (with appeal rights)')], max_length=10)),
                ('outcome_on', models.DateField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('amendment', models.OneToOneField(blank=True, help_text="The plan's amendment that the reassessment's outcome issues (ehcp's journey).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reassessment', to='ehcp.amendment')),
                ('assessment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reassessment', to='cases.assessmentrequest')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reassessments', to='cases.case')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ehcp.plan')),
            ],
            options={
                'ordering': ['-requested_on', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('decided_on__isnull', True), ('decided_on__gte', models.F('requested_on')), _connector='OR'), name='reassessment_decided_after_request')],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='TransferReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('record_type', models.CharField(choices=[('ehc_plan', 'EHC plan'), ('statement', 'Statement of SEN'), ('lda', 'Learning difficulty assessment (LDA)')], max_length=10)),
                ('cohort', models.CharField(choices=[('year_6', 'Year 6 (moving to secondary school)'), ('year_9', 'Year 9 (preparing for adulthood)'), ('year_11', 'Year 11 (moving to post-16)'), ('college', 'College leavers'), ('other', 'Other year groups')], max_length=10)),
                ('state', django_fsm.FSMField(choices=[('planned', 'Planned'), ('notified', 'Family notified'), ('assessing', 'Assessing'), ('draft', 'Draft plan issued'), ('final', 'Final EHC plan issued'), ('no_plan', 'No plan needed')], default='planned', max_length=50, protected=True)),
                ('notified_on', models.DateField(blank=True, null=True)),
                ('starts_on', models.DateField(blank=True, null=True)),
                ('meeting_offered', models.CharField(blank=True, max_length=200)),
                ('assessing_from', models.DateField(blank=True, null=True)),
                ('draft_issued_on', models.DateField(blank=True, null=True)),
                ('concluded_on', models.DateField(blank=True, null=True)),
                ('no_plan_reason', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='transfer_reviews', to='cases.case')),
                ('legacy_record', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='transfer_review', to='transfers.legacyrecord')),
                ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='ehcp.plan')),
            ],
            options={
                'ordering': ['created_at', 'pk'],
                'indexes': [models.Index(fields=['cohort', 'state'], name='transfers_t_cohort_4aaf74_idx')],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
    ]
