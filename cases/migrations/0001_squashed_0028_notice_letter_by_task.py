"""The case file's tables, squashed from migrations 0001 to 0028 (docs/decisions/0024).

What the ORM declares comes first, as `makemigrations` writes it from the models. After it, the
parts the database itself holds below the ORM, each with why it is there:

- the role groups and their permissions (cases.role_groups);
- the audit trail and access log refuse UPDATE and DELETE on PostgreSQL (decision 0010);
- case references come from a sequence (cases.references);
- the one way for the app's database role to redact the trail at erasure (decision 0012);
- search by part of a name or reference through trigram indexes;
- each case carries its child's names for search, kept by triggers on both databases.

A database that had applied 0001-0028 takes this one as applied (`replaces`); a new one runs it.
"""

import cases.models.documents
import cases.models.people
import cases.validation
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import django_fsm
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from cases.role_groups import sync_role_groups


# -- The audit trail is append-only below the ORM -------------------------------------------
# The ORM already refuses (cases.models.AppendOnlyQuerySet); this holds for raw SQL and any other
# client of the database too. An UPDATE passes only while the transaction has set
# `send_portal.trail_redaction` to 'on', which `cases.models.trail_redaction()` does for erasure at
# the end of the retention period. DELETE never passes. TRUNCATE (a test database being emptied,
# a database being restored) is not affected. SQLite, the embedded default, has the ORM guard only.
TRAIL_TABLES = ("cases_auditentry", "cases_recordaccess")

TRAIL_APPEND_ONLY = """
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


def trail_append_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRAIL_APPEND_ONLY, params=None)  # its % are PL/pgSQL's, not ours
    for table in TRAIL_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION send_portal_trail_append_only()"
        )


def trail_append_only_undo(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TRAIL_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS send_portal_trail_append_only()")


# -- Case references from a database sequence on PostgreSQL (cases.references) ---------------
SEQUENCE = "cases_case_reference_seq"


def reference_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint MINVALUE 1")


def reference_sequence_undo(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


# -- Redacting the trail at erasure, the app role's one way (decisions 0005, 0012, 0013) -------
# In the production shape the tables belong to an owner role that runs the migrations; the web
# app, the worker and beat connect as an app role that may only SELECT and INSERT on the trail
# (`manage.py db_app_role`). Erasure must still take personal data out of rows already written:
# it calls `send_portal_trail_redact(child, on, personal)`, which runs with its owner's rights
# (SECURITY DEFINER) and can do nothing but redact, only for a child whose record has already
# been erased and only that child's rows: the summary (where one was written) says the details
# were erased, every old/new value that is not a date, a number, yes/no or empty becomes
# "[erased]", and in `payload` the fields the entry's event declares personal
# (`cases.audit_events.personal_fields()`, passed as `personal`) become "[erased]". Who acted,
# when, the action, the case and the object all stay. Its search path is pinned to the schema it
# was created in; EXECUTE is revoked from PUBLIC and granted to the app role only.
REDACTED_VALUE = r"""
CREATE OR REPLACE FUNCTION send_portal_trail_redacted_value(value jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = {schema}, pg_temp
AS $$
BEGIN
    CASE jsonb_typeof(value)
        WHEN 'object' THEN
            RETURN coalesce(
                (SELECT jsonb_object_agg(item.key, send_portal_trail_redacted_value(item.value))
                   FROM jsonb_each(value) AS item),
                '{{}}'::jsonb);
        WHEN 'array' THEN
            RETURN coalesce(
                (SELECT jsonb_agg(send_portal_trail_redacted_value(item.value) ORDER BY item.n)
                   FROM jsonb_array_elements(value) WITH ORDINALITY AS item(value, n)),
                '[]'::jsonb);
        WHEN 'string' THEN
            IF value #>> '{{}}' = ''
               OR value #>> '{{}}' ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}([T ][0-9:.+Z-]*)?$' THEN
                RETURN value;
            END IF;
            RETURN to_jsonb('[erased]'::text);
        ELSE
            RETURN value;  -- null, numbers, true/false
    END CASE;
END
$$;
"""

REDACT = r"""
CREATE OR REPLACE FUNCTION send_portal_trail_redact(
    p_child_id bigint, p_on date, p_personal jsonb,
    OUT audit_entries integer, OUT accesses integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {schema}, pg_temp
AS $$
DECLARE
    child_type integer;
    member_type integer;
    before text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM cases_child
                    WHERE id = p_child_id AND first_name = 'Erased' AND last_name = 'Erased') THEN
        RAISE EXCEPTION 'the trail is redacted only for a child whose record has been erased'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_personal IS NULL OR jsonb_typeof(p_personal) <> 'object' THEN
        p_personal := '{{}}'::jsonb;
    END IF;
    SELECT id INTO child_type FROM django_content_type
     WHERE app_label = 'cases' AND model = 'child';
    SELECT id INTO member_type FROM django_content_type
     WHERE app_label = 'cases' AND model = 'familymember';
    before := current_setting('send_portal.trail_redaction', true);
    PERFORM set_config('send_portal.trail_redaction', 'on', true);

    UPDATE cases_auditentry
       SET summary = CASE WHEN summary = '' THEN ''
                          ELSE 'Details erased with the child''s record on '
                               || to_char(p_on, 'FMDD FMMonth YYYY') END,
           changes = CASE WHEN jsonb_typeof(changes) = 'object'
                          THEN send_portal_trail_redacted_value(changes)
                          ELSE '{{}}'::jsonb END,
           payload = CASE WHEN jsonb_typeof(payload) = 'object'
                               AND jsonb_typeof(p_personal -> action) = 'array'
                          THEN payload || coalesce(
                              (SELECT jsonb_object_agg(field, to_jsonb('[erased]'::text))
                                 FROM jsonb_array_elements_text(p_personal -> action) AS field
                                WHERE payload ? field),
                              '{{}}'::jsonb)
                          ELSE payload END
     WHERE case_id IN (SELECT id FROM cases_case WHERE child_id = p_child_id)
        OR (content_type_id = child_type AND object_id = p_child_id)
        OR (content_type_id = member_type
            AND object_id IN (SELECT id FROM cases_familymember WHERE child_id = p_child_id));
    GET DIAGNOSTICS audit_entries = ROW_COUNT;

    UPDATE cases_recordaccess
       SET what = 'downloaded a document (title erased)'
     WHERE case_id IN (SELECT id FROM cases_case WHERE child_id = p_child_id)
       AND what LIKE 'downloaded document %';
    GET DIAGNOSTICS accesses = ROW_COUNT;

    PERFORM set_config('send_portal.trail_redaction', coalesce(nullif(before, ''), 'off'), true);
END
$$;
"""

REDACT_SIGNATURES = (
    "send_portal_trail_redact(bigint, date, jsonb)",
    "send_portal_trail_redacted_value(jsonb)",
)


def _schema(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        name = cursor.fetchone()[0]
    return '"' + name.replace('"', '""') + '"'


def trail_redaction(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = _schema(schema_editor.connection)
    schema_editor.execute(REDACTED_VALUE.format(schema=schema), params=None)
    schema_editor.execute(REDACT.format(schema=schema), params=None)
    for signature in REDACT_SIGNATURES:
        schema_editor.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def trail_redaction_undo(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for signature in REDACT_SIGNATURES:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {signature}")


# -- Search by part of a name or reference -----------------------------------------------------
# `icontains` (UPPER(...) LIKE '%...%') is served by a trigram index on PostgreSQL; SQLite scans
# (its single-user embedded default is small). A GIN index by default queues new rows in a
# "pending list" that every search then reads line by line until a vacuum merges it: after a bulk
# load a search by name took 20-40 ms at 25,000 cases, more than reading the whole table.
# Children are added a few at a time and searched all day, so the indexes take each new row in at
# once (fastupdate = off).
TRIGRAM_INDEXES = (
    ("case_reference_trgm", "cases_case", "reference"),
    ("child_first_name_trgm", "cases_child", "first_name"),
    ("child_last_name_trgm", "cases_child", "last_name"),
    ("child_preferred_name_trgm", "cases_child", "preferred_name"),
)


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}) gin_trgm_ops) WITH (fastupdate = off)"
        )


def trigram_indexes_undo(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


# -- Each case carries its child's names (`Case.search_names`) ---------------------------------
# A search by name read each matching child, then found its case through an index, one child at
# a time: a common surname matches 1,846 children at 100,000 cases, and that work grew with the
# council (6.7 ms against 2.0 ms for the same search on the case's own column). The names are kept
# by the database whatever writes them: the services, an import, erasure, a raw load.
NAMES = "{row}.first_name || ' ' || {row}.last_name || ' ' || {row}.preferred_name"
OF_CHILD = f"(SELECT {NAMES.format(row='c')} FROM cases_child c WHERE c.id = {{case}}.child_id)"

POSTGRESQL = f"""
CREATE FUNCTION cases_case_search_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_names := {OF_CHILD.format(case="NEW")};
    RETURN NEW;
END $$;
CREATE TRIGGER case_search_names BEFORE INSERT OR UPDATE OF child_id, search_names
    ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_case_search_names();

CREATE FUNCTION cases_child_search_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases_case SET search_names = {NAMES.format(row="NEW")} WHERE child_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER child_search_names AFTER UPDATE OF first_name, last_name, preferred_name
    ON cases_child FOR EACH ROW EXECUTE FUNCTION cases_child_search_names();

UPDATE cases_case SET search_names = {OF_CHILD.format(case="cases_case")};
CREATE INDEX case_search_names_trgm ON cases_case
    USING gin (UPPER(search_names) gin_trgm_ops) WITH (fastupdate = off);
-- The planner guesses how many cases a name matches from a sample of the names: at the default
-- (100) a surname held by 1,846 of 100,000 cases was guessed anywhere from 86 to 2,933 from one
-- ANALYZE to the next; a larger sample keeps the guess, and so the plan, steady.
ALTER INDEX case_search_names_trgm ALTER COLUMN 1 SET STATISTICS 1000;
"""
POSTGRESQL_REVERSE = """
DROP INDEX IF EXISTS case_search_names_trgm;
DROP TRIGGER IF EXISTS child_search_names ON cases_child;
DROP FUNCTION IF EXISTS cases_child_search_names();
DROP TRIGGER IF EXISTS case_search_names ON cases_case;
DROP FUNCTION IF EXISTS cases_case_search_names();
"""

# SQLite (the embedded default): the same, after the write (a trigger there cannot change the
# row being written; it does not fire itself again, recursive triggers being off).
SQLITE = [
    f"""CREATE TRIGGER case_search_names_new AFTER INSERT ON cases_case BEGIN
        UPDATE cases_case SET search_names = {OF_CHILD.format(case="NEW")} WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER case_search_names_changed AFTER UPDATE OF child_id, search_names
        ON cases_case BEGIN
        UPDATE cases_case SET search_names = {OF_CHILD.format(case="NEW")} WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER child_search_names AFTER UPDATE OF first_name, last_name, preferred_name
        ON cases_child BEGIN
        UPDATE cases_case SET search_names = {NAMES.format(row="NEW")} WHERE child_id = NEW.id;
    END""",
    f"UPDATE cases_case SET search_names = {OF_CHILD.format(case='cases_case')}",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS case_search_names_new",
    "DROP TRIGGER IF EXISTS case_search_names_changed",
    "DROP TRIGGER IF EXISTS child_search_names",
]


def search_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    else:
        for statement in SQLITE:
            schema_editor.execute(statement)


def search_names_undo(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    else:
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("cases", "0001_initial"),
        ("cases", "0002_role_groups"),
        ("cases", "0003_nightly_jobs"),
        ("cases", "0004_deadline_index_and_kinds"),
        ("cases", "0005_young_person_email"),
        ("cases", "0006_trail_append_only_trigger"),
        ("cases", "0007_alternative_person"),
        ("cases", "0008_advice_state"),
        ("cases", "0009_case_reference_sequence"),
        ("cases", "0010_app_database_role"),
        ("cases", "0011_deadline_kind_registered"),
        ("cases", "0012_auditentry_payload"),
        ("cases", "0013_child_return_codes"),
        ("cases", "0014_notices"),
        ("cases", "0015_alternative_person_address"),
        ("cases", "0016_statutory_correctness"),
        ("cases", "0017_phase_transfer_fields"),
        ("cases", "0018_case_notes"),
        ("cases", "0019_placements"),
        ("cases", "0020_reassessment"),
        ("cases", "0021_advice_submission"),
        ("cases", "0022_family_portal"),
        ("cases", "0023_list_performance"),
        ("cases", "0024_request_rights_given_from_the_notice"),
        ("cases", "0025_search_indexes_without_pending_list"),
        ("cases", "0026_case_child_team"),
        ("cases", "0027_case_search_names"),
        ("cases", "0028_notice_letter_by_task"),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Child',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_name', models.CharField(max_length=100)),
                ('last_name', models.CharField(max_length=100)),
                ('preferred_name', models.CharField(blank=True, max_length=100)),
                ('date_of_birth', models.DateField()),
                ('sex', models.CharField(choices=[('F', 'Female'), ('M', 'Male'), ('U', 'Not known')], default='U', max_length=1)),
                ('upn', models.CharField(blank=True, db_index=True, max_length=13, validators=[cases.validation.validate_upn], verbose_name='UPN')),
                ('uln', models.CharField(blank=True, max_length=10, validators=[django.core.validators.RegexValidator('^\\d{10}$', 'A ULN is 10 digits.')], verbose_name='ULN')),
                ('nhs_number', models.CharField(blank=True, max_length=10, validators=[cases.validation.validate_nhs_number], verbose_name='NHS number')),
                ('address_line_1', models.CharField(blank=True, max_length=200)),
                ('address_line_2', models.CharField(blank=True, max_length=200)),
                ('town', models.CharField(blank=True, max_length=100)),
                ('postcode', models.CharField(blank=True, max_length=10, validators=[django.core.validators.RegexValidator('^[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}$', 'Enter a real postcode, like SW1A 1AA.')])),
                ('email', models.EmailField(blank=True, help_text="The young person's own email: letters and reminders go here once they are a young person (the day after the last Friday in June of the school year they turn 16).", max_length=254)),
                ('primary_need', models.CharField(blank=True, choices=[('SPLD', 'Specific learning difficulty'), ('MLD', 'Moderate learning difficulty'), ('SLD', 'Severe learning difficulty'), ('PMLD', 'Profound and multiple learning difficulty'), ('SEMH', 'Social, emotional and mental health'), ('SLCN', 'Speech, language and communication needs'), ('HI', 'Hearing impairment'), ('VI', 'Vision impairment'), ('MSI', 'Multi-sensory impairment'), ('PD', 'Physical disability'), ('ASD', 'Autistic spectrum disorder'), ('DS', 'Down syndrome'), ('OTH', 'Other difficulty or disability'), ('NSA', 'SEN support but no specialist assessment of type of need')], max_length=4)),
                ('secondary_need', models.CharField(blank=True, choices=[('SPLD', 'Specific learning difficulty'), ('MLD', 'Moderate learning difficulty'), ('SLD', 'Severe learning difficulty'), ('PMLD', 'Profound and multiple learning difficulty'), ('SEMH', 'Social, emotional and mental health'), ('SLCN', 'Speech, language and communication needs'), ('HI', 'Hearing impairment'), ('VI', 'Vision impairment'), ('MSI', 'Multi-sensory impairment'), ('PD', 'Physical disability'), ('ASD', 'Autistic spectrum disorder'), ('DS', 'Down syndrome'), ('OTH', 'Other difficulty or disability'), ('NSA', 'SEN support but no specialist assessment of type of need')], max_length=4)),
                ('ethnicity', models.CharField(blank=True, choices=[('WBRI', 'White - British'), ('WIRI', 'White - Irish'), ('WIRT', 'Traveller of Irish heritage'), ('WROM', 'Gypsy / Roma'), ('WOTH', 'Any other White background'), ('MWBC', 'White and Black Caribbean'), ('MWBA', 'White and Black African'), ('MWAS', 'White and Asian'), ('MOTH', 'Any other mixed background'), ('AIND', 'Indian'), ('APKN', 'Pakistani'), ('ABAN', 'Bangladeshi'), ('AOTH', 'Any other Asian background'), ('BCRB', 'Black Caribbean'), ('BAFR', 'Black - African'), ('BOTH', 'Any other Black background'), ('CHNE', 'Chinese'), ('OOTH', 'Any other ethnic group'), ('REFU', 'Refused'), ('NOBT', 'Information not yet obtained')], max_length=4)),
                ('upn_unknown', models.CharField(blank=True, choices=[('UN1', 'Under 6 and not yet given a UPN'), ('UN2', 'Has never attended a state-funded school in England'), ('UN3', 'Educated outside England'), ('UN5', 'Records do not agree (name or date of birth): no reliable match'), ('UN8', 'New to the council in the last week of the collection period'), ('UN9', 'Young person never at a state-funded school or college in England'), ('UN10', 'The request led to no further action before a number was known')], max_length=4, verbose_name='why there is no UPN or ULN')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name_plural': 'children',
                'ordering': ['last_name', 'first_name'],
            },
        ),
        migrations.CreateModel(
            name='JobRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('run_on', models.DateField()),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('stats', models.JSONField(default=dict)),
            ],
            options={
                'ordering': ['-started_at'],
            },
        ),
        migrations.CreateModel(
            name='Setting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('urn', models.CharField(blank=True, help_text='Unique reference number from Get Information about Schools.', max_length=8, null=True, unique=True, validators=[django.core.validators.RegexValidator('^\\d{6,8}$', 'A URN is 6 to 8 digits.')], verbose_name='URN')),
                ('setting_type', models.CharField(choices=[('early_years', 'Early years provider'), ('mainstream', 'Mainstream school'), ('academy', 'Academy or free school'), ('special', 'Special school'), ('independent_special', 'Independent special school'), ('resourced', 'Mainstream school with resourced provision'), ('fe_college', 'Further education college'), ('sixth_form', 'Sixth form college'), ('specialist_post16', 'Specialist post-16 institution'), ('other', 'Other')], max_length=30)),
                ('phase', models.CharField(choices=[('early_years', 'Early years'), ('infant', 'Infant'), ('junior', 'Junior'), ('primary', 'Primary'), ('middle', 'Middle'), ('secondary', 'Secondary'), ('all_through', 'All-through'), ('post16', 'Post-16')], max_length=20)),
                ('local_authority', models.CharField(blank=True, max_length=100)),
                ('postcode', models.CharField(blank=True, max_length=10)),
                ('email', models.EmailField(blank=True, max_length=254)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Team',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='email address')),
                ('full_name', models.CharField(max_length=150)),
                ('role', models.CharField(choices=[('case_officer', 'SEN case officer'), ('sen_manager', 'SEN manager'), ('panel_member', 'Panel member'), ('professional', 'Professional adviser'), ('parent', 'Parent or carer'), ('young_person', 'Young person'), ('provider', 'Local offer provider'), ('moderator', 'Local offer moderator')], max_length=20)),
                ('is_active', models.BooleanField(default=True)),
                ('is_staff', models.BooleanField(default=False)),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now)),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='cases.team')),
            ],
            options={
                'ordering': ['full_name'],
            },
            managers=[
                ('objects', cases.models.people.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='AssessmentRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1)),
                ('source', models.CharField(choices=[('parent', 'Parent or carer'), ('young_person', 'Young person'), ('school', 'School, college or early years setting'), ('health', 'Health professional'), ('social_care', 'Social care professional'), ('other', 'Someone else')], max_length=20, verbose_name='who asked')),
                ('requester_name', models.CharField(max_length=150)),
                ('arrived_at', models.DateTimeField(help_text='When the request reached the council.')),
                ('channel', models.CharField(choices=[('post', 'Post'), ('email', 'Email'), ('hand', 'By hand'), ('portal', 'Online (portal)'), ('phone', 'Phone, confirmed in writing')], max_length=10)),
                ('received_on', models.DateField(help_text='The day the statutory clock starts.')),
                ('consent_given', models.BooleanField(default=False, help_text='The parent or young person agrees to the request.')),
                ('reason', models.TextField()),
                ('in_youth_accommodation', models.BooleanField(default=False, verbose_name='made while in relevant youth accommodation')),
                ('state', django_fsm.FSMField(choices=[('received', 'Request received'), ('refused', 'Not assessing'), ('agreed', 'Agreed to assess'), ('advice_gathering', 'Gathering advice'), ('not_issuing', 'Not issuing a plan'), ('drafting', 'Plan to be drafted'), ('draft_issued', 'Draft plan issued'), ('final_issued', 'Final plan issued'), ('withdrawn', 'Withdrawn'), ('reassessed', 'Reassessment finished')], default='received', max_length=50, protected=True)),
                ('kind', models.CharField(choices=[('assessment', 'EHC needs assessment'), ('reassessment', 'Reassessment')], default='assessment', max_length=12)),
                ('assess_decided_on', models.DateField(blank=True, null=True)),
                ('assess_reason', models.TextField(blank=True)),
                ('issue_decided_on', models.DateField(blank=True, null=True)),
                ('issue_reason', models.TextField(blank=True)),
                ('draft_issued_on', models.DateField(blank=True, null=True)),
                ('final_issued_on', models.DateField(blank=True, null=True)),
                ('withdrawn_on', models.DateField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-received_on'],
                'permissions': [('decide_request', 'Can make panel decisions on requests and assessments')],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='AdviceRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('educational', 'Educational advice (from the setting)'), ('medical', 'Medical advice (health)'), ('psychological', 'Psychological advice (educational psychologist)'), ('social_care', 'Social care advice'), ('pfa', 'Preparing for adulthood (year 9 and above)'), ('other', 'Other advice')], max_length=20)),
                ('addressee_name', models.CharField(max_length=150, verbose_name='adviser')),
                ('addressee_organisation', models.CharField(blank=True, max_length=150, verbose_name='organisation')),
                ('addressee_email', models.EmailField(blank=True, max_length=254, verbose_name="adviser's email")),
                ('requested_on', models.DateField()),
                ('received_by_adviser_on', models.DateField()),
                ('due_on', models.DateField()),
                ('received_on', models.DateField(blank=True, null=True)),
                ('state', django_fsm.FSMField(choices=[('awaited', 'Awaited'), ('received', 'Received')], default='awaited', max_length=50, protected=True)),
                ('reused', models.BooleanField(default=False)),
                ('reused_report_dated', models.DateField(blank=True, null=True)),
                ('notes', models.TextField(blank=True)),
                ('adviser', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='advice_requests', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advice', to='cases.assessmentrequest')),
            ],
            options={
                'ordering': ['due_on', 'kind'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Case',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=20, unique=True)),
                ('stage', models.CharField(choices=[('request', 'Request received'), ('assessment', 'Assessment'), ('drafting', 'Plan being drafted'), ('plan', 'Plan maintained'), ('review', 'Annual review'), ('not_assessing', 'Not assessing'), ('not_issuing', 'Not issuing a plan'), ('withdrawn', 'Request withdrawn'), ('ceased', 'Plan ceased'), ('transferred', 'Plan passed to another council')], default='request', max_length=20)),
                ('opened_on', models.DateField()),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('middle_school_from_year', models.PositiveSmallIntegerField(blank=True, help_text='Middle-school areas only: the year group children move into middle school.', null=True, verbose_name='year group entering middle school')),
                ('secondary_from_year', models.PositiveSmallIntegerField(blank=True, help_text='Middle-school areas only: the year group children move from middle school to secondary (upper) school.', null=True, verbose_name='year group entering secondary school')),
                ('post16_move_on', models.DateField(blank=True, help_text="A college student's planned move from one post-16 institution to another.", null=True, verbose_name='moves to another post-16 institution on')),
                ('next_due_on', models.DateField(blank=True, editable=False, null=True)),
                ('next_due_kind', models.CharField(blank=True, editable=False, max_length=30)),
                ('next_due_label', models.CharField(blank=True, editable=False, max_length=200)),
                ('search_names', models.TextField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('officer', models.ForeignKey(blank=True, limit_choices_to={'role': 'case_officer'}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='caseload', to=settings.AUTH_USER_MODEL)),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='cases.child')),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='cases.team')),
            ],
            options={
                'ordering': ['-opened_on', 'reference'],
                'permissions': [('allocate_case', 'Can allocate a case to an officer'), ('view_all_cases', 'Can see every case in the council')],
            },
        ),
        migrations.AddField(
            model_name='assessmentrequest',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='cases.case'),
        ),
        migrations.CreateModel(
            name='CaseNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('note', 'Case note'), ('contact', 'Contact')], max_length=10)),
                ('method', models.CharField(blank=True, choices=[('phone', 'Phone'), ('email', 'Email'), ('letter', 'Letter'), ('meeting', 'Meeting'), ('in_person', 'In person'), ('portal', 'Portal message')], max_length=12)),
                ('with_whom', models.CharField(blank=True, max_length=200)),
                ('happened_on', models.DateField()),
                ('happened_at', models.TimeField(blank=True, null=True)),
                ('text', models.TextField()),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='cases.case')),
                ('corrects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='cases.casenote')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-happened_on', '-recorded_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='AlternativePerson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('route', models.CharField(choices=[('deputy', 'Deputy appointed by the Court of Protection'), ('attorney', 'Attorney under a lasting or enduring power of attorney'), ('parent', 'Parent (the young person has no deputy or attorney)')], max_length=10)),
                ('full_name', models.CharField(max_length=150)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('address', models.TextField(blank=True)),
                ('decisions', models.TextField(help_text='The decisions the young person lacks capacity for.')),
                ('capacity_assessed_on', models.DateField()),
                ('recorded_on', models.DateField()),
                ('ended_on', models.DateField(blank=True, null=True)),
                ('ended_reason', models.CharField(blank=True, max_length=300)),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alternative_people', to='cases.child')),
            ],
            options={
                'ordering': ['-recorded_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Deadline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=30)),
                ('object_id', models.PositiveBigIntegerField()),
                ('label', models.CharField(blank=True, max_length=200)),
                ('due_on', models.DateField()),
                ('met_on', models.DateField(blank=True, null=True)),
                ('cancelled', models.BooleanField(default=False)),
                ('status', models.CharField(choices=[('on_track', 'On track'), ('due_soon', 'Due soon'), ('overdue', 'Overdue'), ('met_on_time', 'Met on time'), ('met_late', 'Met late'), ('cancelled', 'No longer applies')], default='on_track', max_length=20)),
                ('escalated_on', models.DateField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deadlines', to='cases.case')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
            ],
            options={
                'ordering': ['due_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('request', 'Request for assessment'), ('advice', 'Advice'), ('decision_letter', 'Decision letter'), ('draft_plan', 'Draft plan'), ('final_plan', 'Final plan'), ('other', 'Other')], max_length=20)),
                ('title', models.CharField(max_length=200)),
                ('file', models.FileField(max_length=200, upload_to=cases.models.documents.document_upload_to)),
                ('original_name', models.CharField(max_length=255)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='cases.case')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-uploaded_at'],
            },
        ),
        migrations.CreateModel(
            name='AdviceSubmission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answer', models.CharField(choices=[('written', 'Written advice, a document, or both'), ('reused', 'Existing advice can be reused')], max_length=10)),
                ('sections', models.JSONField(blank=True, default=list)),
                ('reused_title', models.CharField(blank=True, max_length=200, verbose_name='title of the existing report')),
                ('submitted_at', models.DateTimeField()),
                ('advice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='submission', to='cases.advicerequest')),
                ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('attachment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.document')),
            ],
            options={
                'ordering': ['-submitted_at'],
            },
        ),
        migrations.AddField(
            model_name='advicerequest',
            name='document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.document'),
        ),
        migrations.CreateModel(
            name='FamilyMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=150)),
                ('relationship', models.CharField(choices=[('mother', 'Mother'), ('father', 'Father'), ('step_parent', 'Step-parent'), ('grandparent', 'Grandparent'), ('foster_carer', 'Foster carer'), ('special_guardian', 'Special guardian'), ('corporate_parent', 'Local authority (corporate parent)'), ('other', 'Other')], max_length=20)),
                ('parental_responsibility', models.BooleanField(default=True)),
                ('is_main_contact', models.BooleanField(default=False)),
                ('contact_preference', models.CharField(choices=[('email', 'Email'), ('post', 'Post'), ('phone', 'Phone')], default='email', max_length=10)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('phone', models.CharField(blank=True, max_length=30)),
                ('address', models.TextField(blank=True)),
                ('needs_interpreter', models.BooleanField(default=False)),
                ('language', models.CharField(blank=True, max_length=50)),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='family', to='cases.child')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='family_links', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-is_main_contact', 'full_name'],
            },
        ),
        migrations.CreateModel(
            name='FamilyViews',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('assessment', 'For the assessment and the plan (section A)'), ('review', 'Before the annual review')], max_length=20)),
                ('about_me', models.TextField(blank=True, verbose_name='about me')),
                ('family_views', models.TextField(blank=True, verbose_name="the family's views")),
                ('hopes', models.TextField(blank=True, verbose_name='hopes for the future')),
                ('reuse_consent', models.BooleanField(default=False)),
                ('reports_to_reuse', models.TextField(blank=True)),
                ('given_on', models.DateField()),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='family_views', to='cases.case')),
                ('documents', models.ManyToManyField(blank=True, related_name='+', to='cases.document')),
                ('given_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'family views',
                'ordering': ['-given_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='LetterTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40, unique=True)),
                ('body', models.TextField()),
                ('version', models.PositiveIntegerField(default=1)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('updated_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['kind'],
            },
        ),
        migrations.CreateModel(
            name='LetterTemplateVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField()),
                ('body', models.TextField()),
                ('changed_at', models.DateTimeField(auto_now_add=True)),
                ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='cases.lettertemplate')),
            ],
            options={
                'ordering': ['-version'],
            },
        ),
        migrations.CreateModel(
            name='MediationInfoRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('asked_on', models.DateField()),
                ('about', models.TextField(blank=True)),
                ('answered_on', models.DateField(blank=True, null=True)),
                ('asked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mediation_info_requests', to='cases.case')),
            ],
            options={
                'ordering': ['-asked_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Notice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40)),
                ('decision_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('facts', models.JSONField(default=dict)),
                ('dated_on', models.DateField()),
                ('template_version', models.PositiveIntegerField(default=0)),
                ('letter_attempts', models.PositiveSmallIntegerField(default=0)),
                ('letter_error', models.CharField(blank=True, max_length=500)),
                ('letter_next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_on', models.DateField(blank=True, null=True)),
                ('appeal_by', models.DateField(blank=True, null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='cases.case')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decision_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
                ('letter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.document')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('parent', 'Parent or carer'), ('young_person', 'Young person'), ('acting', 'Acting for the young person'), ('addressee', 'Addressee'), ('setting', 'School or college (copy)'), ('health', 'Health commissioner (copy)'), ('social_care', 'Social care (copy)')], max_length=20)),
                ('name', models.CharField(max_length=200)),
                ('channel', models.CharField(choices=[('email', 'Email'), ('post', 'Post'), ('portal', 'Online (portal)')], max_length=10)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('postal_address', models.TextField(blank=True)),
                ('status', models.CharField(choices=[('queued', 'Waiting to go out'), ('sent', 'Sent'), ('failed', 'Failed (will be tried again)'), ('gave_up', 'Failed (not tried again)')], default='queued', max_length=10)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('posted_on', models.DateField(blank=True, null=True)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('posted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='cases.notice')),
            ],
            options={
                'verbose_name_plural': 'deliveries',
                'ordering': ['notice_id', 'id'],
            },
        ),
        migrations.CreateModel(
            name='NoticeRead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('read_at', models.DateTimeField()),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reads', to='cases.notice')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dedupe_key', models.CharField(max_length=120, unique=True)),
                ('kind', models.CharField(max_length=40)),
                ('to_address', models.EmailField(max_length=254)),
                ('channel', models.CharField(choices=[('email', 'Email')], default='email', max_length=10)),
                ('subject', models.CharField(max_length=200)),
                ('body', models.TextField()),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('sent', 'Sent'), ('failed', 'Failed (will be retried)'), ('gave_up', 'Failed (no more retries)')], default='queued', max_length=10)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.case')),
                ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notifications', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='PanelDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('assess', 'Whether to assess'), ('issue', 'Whether to issue a plan')], max_length=10)),
                ('agreed', models.BooleanField(help_text='Yes: assess / issue. No: refuse / not issue.')),
                ('decided_on', models.DateField()),
                ('reason', models.TextField()),
                ('told_on', models.DateField(blank=True, help_text="The decision's time limit is met on this day, not the day of the decision.", null=True, verbose_name='date the family was told')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='panel_decisions', to='cases.assessmentrequest')),
            ],
            options={
                'ordering': ['decided_on', 'recorded_at'],
            },
        ),
        migrations.CreateModel(
            name='ParentAccessAgreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('agreed_on', models.DateField()),
                ('ended_on', models.DateField(blank=True, null=True)),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parent_agreements', to='cases.child')),
                ('family_member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_agreements', to='cases.familymember')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-agreed_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='RecordAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('what', models.CharField(max_length=200)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'record accesses',
                'ordering': ['-at'],
            },
        ),
        migrations.CreateModel(
            name='Placement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('setting_type', models.CharField(blank=True, choices=[('early_years', 'Early years provider'), ('mainstream', 'Mainstream school'), ('academy', 'Academy or free school'), ('special', 'Special school'), ('independent_special', 'Independent special school'), ('resourced', 'Mainstream school with resourced provision'), ('fe_college', 'Further education college'), ('sixth_form', 'Sixth form college'), ('specialist_post16', 'Specialist post-16 institution'), ('other', 'Other')], max_length=30)),
                ('rank', models.PositiveSmallIntegerField(choices=[(1, 'Main setting'), (2, 'Second setting (dual placement)')], default=1)),
                ('started_on', models.DateField()),
                ('ended_on', models.DateField(blank=True, null=True)),
                ('sen_unit', models.BooleanField(default=False)),
                ('estimated_start', models.BooleanField(default=False)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='placements', to='cases.case')),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='placements', to='cases.child')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('setting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='placements', to='cases.setting')),
            ],
            options={
                'ordering': ['child', 'started_on', 'id'],
            },
        ),
        migrations.AddField(
            model_name='child',
            name='current_setting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='pupils', to='cases.setting'),
        ),
        migrations.CreateModel(
            name='TimeLimitException',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ground', models.CharField(choices=[('school_closure', '(a) School or post-16 institution closed for 4+ weeks'), ('ey_closure', '(b) Early years provider closed for 4+ weeks'), ('personal', '(c) Exceptional personal circumstances'), ('away', '(d) Away from the area for 4+ continuous weeks')], max_length=20)),
                ('starts_on', models.DateField()),
                ('ends_on', models.DateField(blank=True, null=True)),
                ('reason', models.TextField()),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('deadlines', models.ManyToManyField(blank=True, help_text='The limits it excuses.', related_name='exceptions', to='cases.deadline')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exceptions', to='cases.assessmentrequest')),
            ],
            options={
                'ordering': ['starts_on'],
            },
        ),
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('action', models.CharField(max_length=60)),
                ('summary', models.CharField(blank=True, max_length=300)),
                ('object_id', models.PositiveBigIntegerField(null=True)),
                ('changes', models.JSONField(blank=True, default=dict)),
                ('payload', models.JSONField(blank=True, default=dict)),
                ('actor', models.ForeignKey(blank=True, help_text='Empty for the system (nightly jobs).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('content_type', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_entries', to='cases.case')),
            ],
            options={
                'verbose_name_plural': 'audit entries',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['case', '-at'], name='cases_audit_case_id_be41c2_idx')],
            },
        ),
        migrations.AddIndex(
            model_name='assessmentrequest',
            index=models.Index(fields=['state', 'received_on'], name='cases_asses_state_f6da13_idx'),
        ),
        migrations.AddIndex(
            model_name='assessmentrequest',
            index=models.Index(condition=models.Q(('state__in', ['agreed', 'advice_gathering'])), fields=['received_on', 'id'], name='request_awaiting_issue'),
        ),
        migrations.AddIndex(
            model_name='casenote',
            index=models.Index(fields=['case', 'happened_on'], name='cases_casen_case_id_53f057_idx'),
        ),
        migrations.AddConstraint(
            model_name='casenote',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'note'), ('method', ''), ('with_whom', '')), models.Q(('kind', 'contact'), models.Q(('method', ''), _negated=True)), _connector='OR'), name='casenote_contact_has_method'),
        ),
        migrations.AddConstraint(
            model_name='alternativeperson',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('child',), name='one_alternative_person_acting'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(condition=models.Q(('cancelled', False), ('met_on__isnull', True)), fields=['due_on'], name='deadline_open_due'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(fields=['case', 'due_on'], name='cases_deadl_case_id_41c66d_idx'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(condition=models.Q(('cancelled', False), ('met_on__isnull', True)), fields=['case', 'due_on', 'id'], name='deadline_open_by_case'),
        ),
        migrations.AddConstraint(
            model_name='deadline',
            constraint=models.UniqueConstraint(fields=('content_type', 'object_id', 'kind'), name='one_deadline_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='advicerequest',
            constraint=models.CheckConstraint(condition=models.Q(('received_on__isnull', True), ('received_on__gte', models.F('requested_on')), _connector='OR'), name='advice_received_after_requested'),
        ),
        migrations.AddConstraint(
            model_name='advicerequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('received_on__isnull', True), ('state', 'awaited')), models.Q(('received_on__isnull', False), ('state', 'received')), _connector='OR'), name='advice_received_has_its_date'),
        ),
        migrations.AddConstraint(
            model_name='familyviews',
            constraint=models.UniqueConstraint(fields=('case', 'purpose'), name='one_views_per_purpose'),
        ),
        migrations.AddConstraint(
            model_name='lettertemplateversion',
            constraint=models.UniqueConstraint(fields=('template', 'version'), name='one_letter_version'),
        ),
        migrations.AddIndex(
            model_name='notice',
            index=models.Index(fields=['case', 'sent_on'], name='cases_notic_case_id_4ab926_idx'),
        ),
        migrations.AddIndex(
            model_name='notice',
            index=models.Index(fields=['decision_type', 'decision_id'], name='cases_notic_decisio_ba89aa_idx'),
        ),
        migrations.AddIndex(
            model_name='notice',
            index=models.Index(condition=models.Q(('letter__isnull', True)), fields=['created_at'], name='notice_unwritten'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(condition=models.Q(('status__in', ['queued', 'failed'])), fields=['channel', 'notice'], name='delivery_waiting'),
        ),
        migrations.AddConstraint(
            model_name='noticeread',
            constraint=models.UniqueConstraint(fields=('notice', 'user'), name='one_read_per_person'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('status__in', ['queued', 'failed'])), fields=['created_at'], name='notification_pending'),
        ),
        migrations.AddConstraint(
            model_name='paneldecision',
            constraint=models.UniqueConstraint(fields=('request', 'kind'), name='one_decision_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='paneldecision',
            constraint=models.CheckConstraint(condition=models.Q(('told_on__isnull', True), ('told_on__gte', models.F('decided_on')), _connector='OR'), name='decision_told_after_decided'),
        ),
        migrations.AddConstraint(
            model_name='parentaccessagreement',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('family_member',), name='one_parent_agreement_in_force'),
        ),
        migrations.AddIndex(
            model_name='recordaccess',
            index=models.Index(fields=['case', '-at'], name='cases_recor_case_id_5b1223_idx'),
        ),
        migrations.AddIndex(
            model_name='placement',
            index=models.Index(fields=['child', 'started_on'], name='cases_place_child_i_2e4d7e_idx'),
        ),
        migrations.AddConstraint(
            model_name='placement',
            constraint=models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('ended_on__gte', models.F('started_on')), _connector='OR'), name='placement_ends_after_it_starts'),
        ),
        migrations.AddConstraint(
            model_name='placement',
            constraint=models.CheckConstraint(condition=models.Q(('setting__isnull', False), models.Q(('setting_type', ''), _negated=True), _connector='OR'), name='placement_names_a_setting_or_type'),
        ),
        migrations.AddConstraint(
            model_name='placement',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('child', 'rank'), name='one_open_placement_per_rank'),
        ),
        migrations.AddIndex(
            model_name='child',
            index=models.Index(django.db.models.functions.text.Lower('last_name'), django.db.models.functions.text.Lower('first_name'), models.F('date_of_birth'), name='child_name_dob'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['officer', 'stage'], name='cases_case_officer_503841_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['team', 'stage'], name='cases_case_team_id_00cc50_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['next_due_on', 'reference'], name='case_next_due'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['team', 'next_due_on', 'reference'], name='case_team_next_due'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['child', 'team'], name='case_child_team'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('middle_school_from_year__isnull', True), models.Q(('middle_school_from_year__gte', 3), ('secondary_from_year__gt', models.F('middle_school_from_year')), ('secondary_from_year__lte', 10)), _connector='OR'), name='middle_school_years_in_order'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='user_email_ci_unique'),
        ),
        migrations.AddConstraint(
            model_name='timelimitexception',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='exception_ends_after_start'),
        ),
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
        migrations.RunPython(trail_append_only, trail_append_only_undo),
        migrations.RunPython(reference_sequence, reference_sequence_undo),
        migrations.RunPython(trail_redaction, trail_redaction_undo),
        TrigramExtension(),  # does nothing on another database
        migrations.RunPython(trigram_indexes, trigram_indexes_undo),
        migrations.RunPython(search_names, search_names_undo),
    ]
