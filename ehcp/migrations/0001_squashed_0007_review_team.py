"""EHC plans, annual reviews and personal budgets, squashed from migrations 0001 to 0007
(docs/decisions/0024). A database that had applied those takes this one as applied.
"""

import django.db.models.deletion
import django_fsm
import ehcp.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("ehcp", "0001_initial"),
        ("ehcp", "0002_reviews"),
        ("ehcp", "0003_budget_decision_step"),
        ("ehcp", "0004_statutory_plan_rules"),
        ("ehcp", "0005_performance"),
        ("ehcp", "0006_review_completed_when_its_notice_is_sent"),
        ("ehcp", "0007_review_team"),
    ]

    dependencies = [
        ('cases', '0001_squashed_0028_notice_letter_by_task'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AnnualReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('state', django_fsm.FSMField(choices=[('scheduled', 'Scheduled'), ('invited', 'Invitations sent'), ('meeting_held', 'Meeting held'), ('report_received', 'Report received'), ('decided', 'Decided')], default='scheduled', max_length=50, protected=True)),
                ('due_on', models.DateField(help_text='The last day of the review period.')),
                ('is_phase_transfer', models.BooleanField(default=False)),
                ('transfer_to', models.CharField(blank=True, max_length=200)),
                ('transfer_deadline', models.DateField(blank=True, help_text='The reg 18 last day for the plan naming the next setting.', null=True)),
                ('meeting_on', models.DateField(blank=True, null=True)),
                ('invitations_sent_on', models.DateField(blank=True, null=True)),
                ('advice_circulated_on', models.DateField(blank=True, null=True)),
                ('held_on', models.DateField(blank=True, null=True)),
                ('report_received_on', models.DateField(blank=True, null=True)),
                ('decision', models.CharField(blank=True, choices=[('maintain', 'Maintain the plan as it is'), ('amend', 'Amend the plan'), ('cease', 'Cease the plan')], max_length=10)),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('decision_sent_on', models.DateField(blank=True, help_text="The day the decision's notice was sent.", null=True)),
                ('decision_reasons', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('team', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.team')),
            ],
            options={
                'ordering': ['due_on', 'id'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Plan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', django_fsm.FSMField(choices=[('drafting', 'Being drafted'), ('draft_issued', 'Draft issued'), ('consultation', 'Consulting settings'), ('final', 'Final plan issued'), ('amending', 'Being amended'), ('ceased', 'Ceased')], default='drafting', max_length=50, protected=True)),
                ('version', models.PositiveIntegerField(default=1, help_text='Bumped by every change (locking).')),
                ('views', models.TextField(blank=True, verbose_name='views of the child and family')),
                ('interests', models.TextField(blank=True, verbose_name='interests')),
                ('aspirations', models.TextField(blank=True, verbose_name='aspirations for the future')),
                ('one_page_profile', models.TextField(blank=True, help_text='What people like and admire about me; what is important to me; how best to support me.', verbose_name='one-page profile')),
                ('placement_type', models.CharField(blank=True, choices=[('early_years', 'Early years provider'), ('mainstream', 'Mainstream school'), ('academy', 'Academy or free school'), ('special', 'Special school'), ('independent_special', 'Independent special school'), ('resourced', 'Mainstream school with resourced provision'), ('fe_college', 'Further education college'), ('sixth_form', 'Sixth form college'), ('specialist_post16', 'Specialist post-16 institution'), ('other', 'Other')], max_length=30)),
                ('placement_notes', models.TextField(blank=True)),
                ('budget_education', models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True)),
                ('budget_health', models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True)),
                ('budget_social_care', models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True)),
                ('budget_direct_payment', models.DecimalField(blank=True, decimal_places=2, max_digits=9, null=True)),
                ('budget_arrangements', models.TextField(blank=True)),
                ('first_issued_on', models.DateField(blank=True, null=True)),
                ('issued_outside', models.BooleanField(default=False)),
                ('last_reviewed_on', models.DateField(blank=True, null=True)),
                ('ceased_on', models.DateField(blank=True, null=True)),
                ('cease_reason', models.CharField(blank=True, max_length=20)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='cases.case')),
                ('placement_setting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.setting')),
                ('request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='cases.assessmentrequest')),
            ],
            options={
                'ordering': ['-created_at'],
                'permissions': [('issue_plan', 'Can issue draft and final EHC plans')],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='PersonalBudgetRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_on', models.DateField()),
                ('requested_by', models.CharField(max_length=150)),
                ('covers_education', models.BooleanField(default=True)),
                ('covers_health', models.BooleanField(default=False)),
                ('covers_social_care', models.BooleanField(default=False)),
                ('wants_direct_payment', models.BooleanField(default=False)),
                ('details', models.TextField(blank=True)),
                ('decision', django_fsm.FSMField(choices=[('pending', 'Awaiting a decision'), ('agreed', 'Agreed'), ('refused', 'Refused')], default='pending', max_length=10, protected=True)),
                ('decided_on', models.DateField(blank=True, null=True)),
                ('decision_reasons', models.TextField(blank=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budget_requests', to='cases.case')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='budget_requests', to='ehcp.plan')),
            ],
            options={
                'ordering': ['-requested_on'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='FamilyResponse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_on', models.DateField()),
                ('comments', models.JSONField(blank=True, default=dict, help_text="The family's comments, by section key (A to K).")),
                ('wants_meeting', models.BooleanField(default=False)),
                ('nothing_more_to_add', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('requested_setting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.setting')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='family_responses', to='ehcp.plan')),
            ],
            options={
                'ordering': ['received_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Consultation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', django_fsm.FSMField(choices=[('awaited', 'Response awaited'), ('responded', 'Responded')], default='awaited', max_length=50, protected=True)),
                ('requested_by_family', models.BooleanField(default=False)),
                ('consulted_on', models.DateField()),
                ('due_on', models.DateField()),
                ('responded_on', models.DateField(blank=True, null=True)),
                ('response', models.CharField(blank=True, choices=[('can_meet', 'Can meet the needs'), ('cannot_meet', 'Cannot meet the needs')], max_length=20)),
                ('response_notes', models.TextField(blank=True)),
                ('setting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.setting')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consultations', to='ehcp.plan')),
            ],
            options={
                'ordering': ['consulted_on', 'id'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Cessation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', django_fsm.FSMField(choices=[('consulting', 'Considering ceasing: family and setting consulted'), ('notified', 'Decision to cease sent, appeal period running'), ('ceased', 'Plan ceased'), ('withdrawn', 'Decided to keep the plan')], default='consulting', max_length=50, protected=True)),
                ('reason', models.CharField(choices=[('not_necessary', 'No longer necessary: needs met without a plan'), ('higher_education', 'Moved to higher education'), ('employment', 'Moved to paid employment'), ('age_25', 'Reached the end of the academic year in which they turned 25'), ('moved_away', 'Moved outside England: no longer responsible'), ('not_engaging', 'Young person (16+) no longer wishes to engage in education or training'), ('died', 'Died')], max_length=20)),
                ('family_informed_on', models.DateField()),
                ('setting_consulted_on', models.DateField(blank=True, null=True)),
                ('notified_on', models.DateField(blank=True, null=True)),
                ('ceased_on', models.DateField(blank=True, null=True)),
                ('notes', models.TextField(blank=True)),
                ('review', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ehcp.annualreview')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cessations', to='ehcp.plan')),
            ],
            options={
                'ordering': ['-family_informed_on'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.AddField(
            model_name='annualreview',
            name='plan',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='ehcp.plan'),
        ),
        migrations.CreateModel(
            name='PlanAdvice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('author', models.CharField(max_length=200)),
                ('dated', models.DateField(blank=True, null=True)),
                ('advice_request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.advicerequest')),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.document')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advice', to='ehcp.plan')),
            ],
            options={
                'ordering': ['dated', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlanNeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('section', models.CharField(choices=[('B', 'B: special educational needs'), ('C', 'C: health needs related to the SEN or disability'), ('D', 'D: social care needs')], max_length=1)),
                ('area', models.CharField(choices=[('communication', 'Communication and interaction'), ('cognition', 'Cognition and learning'), ('semh', 'Social, emotional and mental health'), ('sensory_physical', 'Sensory and/or physical'), ('health', 'Health'), ('social_care', 'Social care')], max_length=20)),
                ('description', models.TextField()),
                ('order', models.PositiveIntegerField(default=0)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='needs', to='ehcp.plan')),
            ],
            options={
                'ordering': ['section', 'order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlanOutcome',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('description', models.TextField()),
                ('achieve_by', models.CharField(max_length=100, verbose_name='by when')),
                ('steps', models.TextField(blank=True, verbose_name='steps towards it')),
                ('preparing_for_adulthood', models.CharField(blank=True, choices=[('employment', 'Employment'), ('independent_living', 'Independent living'), ('community', 'Community participation'), ('health', 'Good health')], help_text='From year 9: the preparing-for-adulthood area this outcome serves.', max_length=20)),
                ('order', models.PositiveIntegerField(default=0)),
                ('needs', models.ManyToManyField(blank=True, related_name='outcomes', to='ehcp.planneed')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='ehcp.plan')),
            ],
            options={
                'ordering': ['order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlanProvision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('section', models.CharField(choices=[('F', 'F: special educational provision'), ('G', 'G: health provision'), ('H1', 'H1: social care provision (CSDPA 1970 s.2)'), ('H2', 'H2: other social care provision')], max_length=2)),
                ('what', models.TextField(verbose_name='provision')),
                ('by_whom', models.CharField(max_length=200, verbose_name='delivered by')),
                ('frequency', models.CharField(blank=True, max_length=100, verbose_name='how often')),
                ('quantity', models.CharField(blank=True, max_length=100, verbose_name='how much each time')),
                ('duration', models.CharField(blank=True, max_length=100, verbose_name='for how long')),
                ('order', models.PositiveIntegerField(default=0)),
                ('outcomes', models.ManyToManyField(blank=True, related_name='provisions', to='ehcp.planoutcome')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='provisions', to='ehcp.plan')),
            ],
            options={
                'ordering': ['section', 'order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PlanVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('kind', models.CharField(choices=[('draft', 'Draft plan'), ('final', 'Final plan'), ('amendment_draft', 'Proposed amendments'), ('amended_final', 'Amended final plan')], max_length=20)),
                ('issued_on', models.DateField()),
                ('content', models.JSONField()),
                ('pdf', models.FileField(blank=True, upload_to=ehcp.models.version_pdf_path)),
                ('pdf_attempts', models.PositiveSmallIntegerField(default=0)),
                ('pdf_error', models.CharField(blank=True, max_length=500)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='ehcp.plan')),
            ],
            options={
                'ordering': ['plan', 'number'],
            },
        ),
        migrations.CreateModel(
            name='Amendment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', django_fsm.FSMField(choices=[('proposed', 'Proposed amendments sent'), ('issued', 'Amended plan issued'), ('not_amending', 'Decided not to amend')], default='proposed', max_length=50, protected=True)),
                ('proposals_sent_on', models.DateField()),
                ('evidence', models.TextField(help_text='The evidence the proposals rest on.')),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('reasons', models.TextField(blank=True)),
                ('names_next_setting', models.BooleanField(default=False)),
                ('review', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='ehcp.annualreview')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='ehcp.plan')),
                ('issued', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ehcp.planversion')),
                ('proposals', models.ForeignKey(help_text='The frozen proposed amendments sent to the family.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ehcp.planversion')),
            ],
            options={
                'ordering': ['-proposals_sent_on'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'ceased'), _negated=True), fields=('case',), name='one_live_plan_per_case'),
        ),
        migrations.AddConstraint(
            model_name='personalbudgetrequest',
            constraint=models.CheckConstraint(condition=models.Q(('decision', 'pending'), ('decided_on__isnull', False), _connector='OR'), name='budget_decision_dated'),
        ),
        migrations.AddConstraint(
            model_name='consultation',
            constraint=models.UniqueConstraint(fields=('plan', 'setting'), name='consult_setting_once'),
        ),
        migrations.AddConstraint(
            model_name='consultation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('responded_on__isnull', True), ('state', 'awaited')), models.Q(('responded_on__isnull', False), ('state', 'responded')), _connector='OR'), name='consultation_response_has_its_date'),
        ),
        migrations.AddConstraint(
            model_name='cessation',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ['consulting', 'notified'])), fields=('plan',), name='one_open_cessation_per_plan'),
        ),
        migrations.AddIndex(
            model_name='annualreview',
            index=models.Index(condition=models.Q(('state', 'decided'), _negated=True), fields=['due_on', 'id'], name='review_open_due'),
        ),
        migrations.AddIndex(
            model_name='annualreview',
            index=models.Index(condition=models.Q(('state', 'decided'), _negated=True), fields=['team', 'due_on', 'id'], name='review_team_open_due'),
        ),
        migrations.AddConstraint(
            model_name='annualreview',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'decided'), _negated=True), fields=('plan',), name='one_open_review_per_plan'),
        ),
        migrations.AddConstraint(
            model_name='planadvice',
            constraint=models.UniqueConstraint(condition=models.Q(('advice_request__isnull', False)), fields=('plan', 'advice_request'), name='advice_listed_once'),
        ),
        migrations.AddConstraint(
            model_name='planversion',
            constraint=models.UniqueConstraint(fields=('plan', 'number'), name='version_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='amendment',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'proposed')), fields=('plan',), name='one_open_amendment_per_plan'),
        ),
    ]
