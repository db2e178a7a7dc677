"""The local offer directory, squashed from migrations 0001 to 0003 (docs/decisions/0024). A
database that had applied those takes this one as applied; a new one also loads the taxonomy and
information pages (local_offer.reference_data) and builds the full-text search index.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
import django_fsm
import uuid
from django.conf import settings
from django.db import migrations, models

from local_offer import reference_data


def reference_data_load(apps, schema_editor):
    reference_data.load(apps)


# The directory's full-text index takes each new or edited listing in at once rather than
# queueing it in GIN's pending list, which every public search would otherwise read line by line
# until a vacuum merged it.
def search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS local_offer_listing_search "
            "ON local_offer_listing USING gin (search_vector) WITH (fastupdate = off)"
        )


def search_index_undo(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS local_offer_listing_search")



class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("local_offer", "0001_initial"),
        ("local_offer", "0002_taxonomy_pages_search_index"),
        ("local_offer", "0003_search_index_without_pending_list"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='InfoPage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=60, unique=True)),
                ('title', models.CharField(max_length=150)),
                ('summary', models.CharField(max_length=300)),
                ('body', models.TextField(help_text='Paragraphs separated by a blank line.')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['order'],
            },
        ),
        migrations.CreateModel(
            name='Postcode',
            fields=[
                ('postcode', models.CharField(max_length=8, primary_key=True, serialize=False)),
                ('latitude', models.FloatField()),
                ('longitude', models.FloatField()),
            ],
        ),
        migrations.CreateModel(
            name='ThemeResponse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('theme', models.CharField(choices=[('finding', 'Finding information'), ('education', 'Education and schools'), ('health', 'Health and therapy'), ('social_care', 'Social care and short breaks'), ('adulthood', 'Preparing for adulthood'), ('other', 'Something else')], max_length=20, unique=True)),
                ('you_said', models.TextField(help_text='What people told us, in a few sentences.')),
                ('we_did', models.TextField(help_text='What we did, or will do, about it.')),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['theme'],
            },
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('theme', models.CharField(choices=[('finding', 'Finding information'), ('education', 'Education and schools'), ('health', 'Health and therapy'), ('social_care', 'Social care and short breaks'), ('adulthood', 'Preparing for adulthood'), ('other', 'Something else')], max_length=20)),
                ('text', models.TextField()),
                ('name', models.CharField(blank=True, max_length=100)),
                ('state', models.CharField(choices=[('pending', 'Waiting for moderation'), ('approved', 'Shown'), ('rejected', 'Not shown')], default='pending', max_length=10)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('moderated_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['state', 'theme'], name='local_offer_state_0e7c0e_idx')],
            },
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('website', models.URLField(blank=True)),
                ('members', models.ManyToManyField(blank=True, related_name='local_offer_organisations', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Location',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(blank=True, max_length=200)),
                ('address', models.CharField(max_length=200)),
                ('town', models.CharField(max_length=100)),
                ('postcode', models.CharField(max_length=8)),
                ('latitude', models.FloatField(blank=True, null=True)),
                ('longitude', models.FloatField(blank=True, null=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='locations', to='local_offer.organisation')),
            ],
        ),
        migrations.CreateModel(
            name='Contact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(blank=True, max_length=200)),
                ('phone', models.CharField(blank=True, max_length=40)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='local_offer.organisation')),
            ],
        ),
        migrations.CreateModel(
            name='Term',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('vocabulary', models.CharField(choices=[('category', 'Categories'), ('need', 'Needs')], max_length=10)),
                ('slug', models.SlugField(max_length=60)),
                ('name', models.CharField(max_length=100)),
                ('description', models.CharField(blank=True, max_length=300)),
                ('order', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'ordering': ['vocabulary', 'order', 'name'],
                'constraints': [models.UniqueConstraint(fields=('vocabulary', 'slug'), name='lo_term_unique_slug')],
            },
        ),
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('summary', models.CharField(help_text='One sentence: what the service does.', max_length=300)),
                ('description', models.TextField(help_text='What it offers, in plain words.')),
                ('minimum_age', models.PositiveSmallIntegerField(default=0)),
                ('maximum_age', models.PositiveSmallIntegerField(default=25)),
                ('eligibility', models.TextField(blank=True, help_text='Who can use it.')),
                ('access', models.CharField(choices=[('self', 'You can contact them yourself'), ('referral', 'You need a referral'), ('either', 'Contact them yourself or be referred')], default='self', max_length=10)),
                ('how_to_access', models.TextField(blank=True, help_text='How to get it.')),
                ('is_free', models.BooleanField(default=True)),
                ('cost', models.CharField(blank=True, help_text='What it costs, if anything.', max_length=200)),
                ('days', models.CharField(blank=True, help_text='Days open, e.g. "MO,WE,FR".', max_length=30)),
                ('opens_at', models.TimeField(blank=True, null=True)),
                ('closes_at', models.TimeField(blank=True, null=True)),
                ('when', models.CharField(blank=True, help_text='When, in words.', max_length=300)),
                ('accessibility', models.TextField(blank=True)),
                ('website', models.URLField(blank=True)),
                ('out_of_area', models.BooleanField(default=False, help_text="Outside the council's area, used by local families.")),
                ('last_reviewed_on', models.DateField(blank=True, null=True)),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('state', django_fsm.FSMField(choices=[('draft', 'Not sent yet'), ('submitted', 'Waiting for moderation'), ('approved', 'Approved, not yet published'), ('rejected', 'Sent back'), ('published', 'Published')], default='draft', max_length=50, protected=True)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('rejection_reason', models.TextField(blank=True)),
                ('review_flagged_on', models.DateField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='local_offer.contact')),
                ('location', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='local_offer.location')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='services', to='local_offer.organisation')),
                ('categories', models.ManyToManyField(blank=True, related_name='+', to='local_offer.term')),
                ('needs', models.ManyToManyField(blank=True, related_name='+', to='local_offer.term')),
            ],
            options={
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Listing',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('summary', models.CharField(help_text='One sentence: what the service does.', max_length=300)),
                ('description', models.TextField(help_text='What it offers, in plain words.')),
                ('minimum_age', models.PositiveSmallIntegerField(default=0)),
                ('maximum_age', models.PositiveSmallIntegerField(default=25)),
                ('eligibility', models.TextField(blank=True, help_text='Who can use it.')),
                ('access', models.CharField(choices=[('self', 'You can contact them yourself'), ('referral', 'You need a referral'), ('either', 'Contact them yourself or be referred')], default='self', max_length=10)),
                ('how_to_access', models.TextField(blank=True, help_text='How to get it.')),
                ('is_free', models.BooleanField(default=True)),
                ('cost', models.CharField(blank=True, help_text='What it costs, if anything.', max_length=200)),
                ('days', models.CharField(blank=True, help_text='Days open, e.g. "MO,WE,FR".', max_length=30)),
                ('opens_at', models.TimeField(blank=True, null=True)),
                ('closes_at', models.TimeField(blank=True, null=True)),
                ('when', models.CharField(blank=True, help_text='When, in words.', max_length=300)),
                ('accessibility', models.TextField(blank=True)),
                ('website', models.URLField(blank=True)),
                ('out_of_area', models.BooleanField(default=False, help_text="Outside the council's area, used by local families.")),
                ('last_reviewed_on', models.DateField(blank=True, null=True)),
                ('uuid', models.UUIDField(editable=False, unique=True)),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='local_offer.contact')),
                ('location', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='local_offer.location')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='listings', to='local_offer.organisation')),
                ('service', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='listing', to='local_offer.service')),
                ('categories', models.ManyToManyField(blank=True, related_name='+', to='local_offer.term')),
                ('needs', models.ManyToManyField(blank=True, related_name='+', to='local_offer.term')),
            ],
            options={
                'ordering': ['name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rating', models.PositiveSmallIntegerField(choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')])),
                ('text', models.TextField()),
                ('name', models.CharField(blank=True, max_length=100)),
                ('state', models.CharField(choices=[('pending', 'Waiting for moderation'), ('approved', 'Shown'), ('rejected', 'Not shown')], default='pending', max_length=10)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('moderated_at', models.DateTimeField(blank=True, null=True)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='local_offer.service')),
            ],
            options={
                'ordering': ['-created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='lo_review_rating_1_to_5')],
            },
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(fields=['state', 'submitted_at'], name='local_offer_state_89086e_idx'),
        ),
        migrations.AddConstraint(
            model_name='service',
            constraint=models.CheckConstraint(condition=models.Q(('minimum_age__lte', models.F('maximum_age'))), name='local_offer_service_ages_in_order'),
        ),
        migrations.AddConstraint(
            model_name='service',
            constraint=models.CheckConstraint(condition=models.Q(('maximum_age__lte', 25)), name='local_offer_service_ages_to_25'),
        ),
        migrations.AddConstraint(
            model_name='listing',
            constraint=models.CheckConstraint(condition=models.Q(('minimum_age__lte', models.F('maximum_age'))), name='local_offer_listing_ages_in_order'),
        ),
        migrations.AddConstraint(
            model_name='listing',
            constraint=models.CheckConstraint(condition=models.Q(('maximum_age__lte', 25)), name='local_offer_listing_ages_to_25'),
        ),
        migrations.RunPython(reference_data_load, migrations.RunPython.noop),
        migrations.RunPython(search_index, search_index_undo),
    ]
