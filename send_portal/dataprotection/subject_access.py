"""What a subject access export holds, and how it is packed: the reads and the ZIP layout.

`send_portal.dataprotection.services.subject_access_export` calls `child_export` or
`family_member_export`, then `write_zip`, and audits the export. The reads prefetch everything, so
the number of queries does not depend on how many cases, requests, plans or documents there are.

Every row is written field by field from the model (`row`), so a field added to a model later is
exported without a change here; a user account is never written that way (it holds the password
hash): `account` names the fields it gives. What a case holds is read from the personal-data
registry (`cases.personal_data`), which each app fills for its own models: a new app's records
reach the export by registering them (docs/decisions/0005).
"""

import datetime
import decimal
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from dataclasses import field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify

from cases.models import AuditEntry
from cases.models import Case
from cases.models import Child
from cases.models import FamilyMember
from cases.models import Notification
from cases.models import RecordAccess
from cases.models import Setting
from cases.models import Team
from cases.models import User
from cases.personal_data import PersonalData
from cases.personal_data import personal_data

from .selectors import audit_entries_about

SCHEMA = 2  # 2: each case's records listed by name, as registered
COPY_CHUNK = 1024 * 1024


# --- rows as plain JSON ------------------------------------------------------------------------


def plain(value):
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _label(related: models.Model):
    """A related row as a reader understands it, without another query."""
    if isinstance(related, User):
        return related.full_name or related.email
    if isinstance(related, Setting | Team):
        return related.name
    if isinstance(related, Case):
        return related.reference
    if isinstance(related, ContentType):
        return f"{related.app_label}.{related.model}"
    return related.pk


def row(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> dict:
    """Every stored field of `obj`, with the label of each choice and of each related row that
    was loaded with it (otherwise its id). File fields are left to the caller."""
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in exclude or isinstance(f, models.FileField):
            continue
        if f.is_relation:
            data[f.name] = (
                _label(getattr(obj, f.name))
                if (f.is_cached(obj) and getattr(obj, f.name) is not None)
                else getattr(obj, f.attname)
            )
            continue
        value = getattr(obj, f.attname)
        data[f.name] = plain(value)
        if f.choices and value not in (None, ""):
            data[f"{f.name}_label"] = str(getattr(obj, f"get_{f.name}_display")())
    return data


def account(user: User) -> dict:
    """A portal or staff account: the fields a person may see about their own account. Never the
    password hash, never permissions."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.get_role_display(),
        "is_active": user.is_active,
        "date_joined": plain(user.date_joined),
        "last_login": plain(user.last_login),
    }


def audit_row(entry: AuditEntry) -> dict:
    return {
        "at": plain(entry.at),
        "case": entry.case.reference if entry.case else None,
        "who": _label(entry.actor) if entry.actor else "System (nightly jobs)",
        "action": entry.action,
        "summary": entry.text,
        "about": _label(entry.content_type) if entry.content_type else None,
        "about_id": entry.object_id,
        "changes": entry.changes,
    }


def access_row(access: RecordAccess) -> dict:
    return {
        "at": plain(access.at),
        "case": access.case.reference,
        "who": _label(access.user),
        "what": access.what,
    }


# --- safe names in the ZIP ---------------------------------------------------------------------


def safe_name(name: str, fallback: str) -> str:
    """A file name that cannot climb out of its folder or confuse an unzip tool."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = slugify(stem)[:60] or fallback
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    return f"{stem}.{ext}" if ext else stem


def folder(reference: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "_", reference) or "case"


# --- what the export holds ---------------------------------------------------------------------


@dataclass
class Export:
    kind: str  # "child" or "parent or carer"
    subject_name: str
    cases: list[Case]
    records: dict
    audit: list[dict]
    access_log: list[dict]
    files: list[tuple[str, FieldFile]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


# Related rows named in the export (a person, a school, a team) rather than given as an id.
LABELLED = (User, Setting, Team, ContentType)


def _registered_rows(item: PersonalData, cases: list[Case]) -> list[models.Model]:
    """Every row of one registered model on these cases, with the case each belongs to, the
    people and settings it names, and the ids of its many-to-many links: one query, plus one
    per link."""
    fields = item.model._meta.get_fields()
    labelled = [
        f.name for f in fields if f.many_to_one and f.concrete and f.related_model in LABELLED
    ]
    links = [f.name for f in fields if f.many_to_many and f.concrete]
    return list(
        item.rows_of(cases)
        .annotate(export_case_id=F(f"{item.case_path}__pk"))
        .select_related(*labelled)
        .prefetch_related(*links)
        .order_by("pk")
    )


def _export_row(item: PersonalData, obj: models.Model, export: Export, reference: str) -> dict:
    data = row(obj)
    for link in obj._meta.many_to_many:
        data[link.name] = [other.pk for other in getattr(obj, link.name).all()]
    for file_field in item.files:
        stored = getattr(obj, file_field)
        if not stored:
            data[f"{file_field}_in_export"] = None
            continue
        original = getattr(obj, item.file_name, "") if item.file_name else ""
        name = safe_name(original or stored.name.rsplit("/", 1)[-1], f"{file_field}-{obj.pk}")
        path = f"documents/{folder(reference)}/{obj._meta.model_name}-{obj.pk:06d}-{name}"
        data[f"{file_field}_in_export"] = _attach(export, path, stored)
    return data


def _case_records(cases: list[Case], export: Export) -> list[dict]:
    """Each case with every registered record on it (`cases.personal_data`), by name."""
    references = {case.pk: case.reference for case in cases}
    # `search_names` is the child's names again, kept for search: the child's own record holds them.
    rows = [row(case, exclude=("child", "search_names")) for case in cases]
    by_case = {case.pk: data for case, data in zip(cases, rows, strict=True)}
    for data in rows:
        data["records"] = {}
    for item in sorted(personal_data(), key=lambda i: i.name):
        for data in rows:
            data["records"][item.name] = []
        for obj in _registered_rows(item, cases):
            reference = references[obj.export_case_id]
            by_case[obj.export_case_id]["records"][item.name].append(
                _export_row(item, obj, export, reference)
            )
    return rows


def _attach(export: Export, path: str, stored: FieldFile) -> str | None:
    """Put a stored file in the export under `path`, or note it missing from storage."""
    if not stored.storage.exists(stored.name):
        export.missing.append(path)
        return None
    export.files.append((path, stored))
    return path


def child_export(child: Child) -> Export:
    """Everything held about a child or young person."""
    child = Child.objects.select_related("current_setting").get(pk=child.pk)
    family = list(child.family.order_by("-is_main_contact", "full_name", "pk"))
    cases = list(child.cases.select_related("team", "officer").order_by("opened_on", "id"))
    export = Export(
        kind="child",
        subject_name=child.full_name,
        cases=cases,
        records={},
        audit=[],
        access_log=[],
    )
    case_rows = _case_records(cases, export)

    export.records = {
        "schema": SCHEMA,
        "subject": "child or young person",
        "child": row(child),
        "family_members": [
            {**row(m, exclude=("child", "user")), "has_portal_account": m.user_id is not None}
            for m in family
        ],
        "acting_for_the_young_person": [
            row(p, exclude=("child", "recorded_by"))
            for p in child.alternative_people.order_by("recorded_on", "pk")
        ],
        "cases": case_rows,
    }
    export.audit = [
        audit_row(e)
        for e in audit_entries_about(child, family_ids=[m.pk for m in family])
        .select_related("actor", "case", "content_type")
        .order_by("at", "id")
    ]
    export.access_log = [
        access_row(a)
        for a in RecordAccess.objects.filter(case__in=cases)
        .select_related("user", "case")
        .order_by("at", "id")
    ]
    return export


def same_person(member: FamilyMember):
    """The family member's rows for every child they are linked to: the rows of the same portal
    account, or (without an account) with the same email address and the same name."""
    match = Q(pk=member.pk)
    if member.user_id:
        match |= Q(user_id=member.user_id)
    elif member.email:
        match |= Q(
            user__isnull=True, email__iexact=member.email, full_name__iexact=member.full_name
        )
    return (
        FamilyMember.objects.filter(match)
        .select_related("child", "user")
        .prefetch_related(
            Prefetch(
                "child__cases",
                queryset=Case.objects.only("pk", "reference", "child_id").order_by("opened_on"),
            )
        )
        .order_by("pk")
    )


def family_member_export(member: FamilyMember) -> Export:
    """What is held about a parent or carer: their own details and links, their portal account,
    the notifications sent to them, and the children they are linked to as references only."""
    links = list(same_person(member))
    user = member.user
    emails = {m.email.lower() for m in links if m.email}
    if user is not None:
        emails.add(user.email.lower())
    to_them = Q(recipient=user) if user is not None else Q(pk__in=[])
    for email in sorted(emails):
        to_them |= Q(to_address__iexact=email)
    notifications = list(
        Notification.objects.filter(to_them).select_related("case").order_by("created_at", "id")
    )
    cases = [case for m in links for case in m.child.cases.all()]

    family_type = ContentType.objects.get_for_model(FamilyMember)
    about = Q(content_type=family_type, object_id__in=[m.pk for m in links])
    if user is not None:
        about |= Q(actor=user) | Q(
            content_type=ContentType.objects.get_for_model(User), object_id=user.pk
        )
    records = {
        "schema": SCHEMA,
        "subject": "parent or carer",
        "details": [
            {
                **row(m, exclude=("child", "user")),
                "child_case_references": [c.reference for c in m.child.cases.all()],
            }
            for m in links
        ],
        "portal_account": account(user) if user is not None else None,
        "notifications": [row(n, exclude=("recipient",)) for n in notifications],
        "children": [
            {
                "case_references": [c.reference for c in m.child.cases.all()],
                "relationship": m.get_relationship_display(),
                "parental_responsibility": m.parental_responsibility,
                "note": "The child's own records are not part of this export: a request for "
                "them is decided case by case (see README.txt).",
            }
            for m in links
        ],
    }
    return Export(
        kind="parent or carer",
        subject_name=member.full_name,
        cases=cases,
        records=records,
        audit=[
            audit_row(e)
            for e in AuditEntry.objects.filter(about)
            .select_related("actor", "case", "content_type")
            .order_by("at", "id")
        ],
        access_log=[
            access_row(a)
            for a in (
                RecordAccess.objects.filter(user=user)
                .select_related("user", "case")
                .order_by("at", "id")
                if user is not None
                else []
            )
        ],
    )


# --- README.txt and the ZIP --------------------------------------------------------------------

CHILD_CONTENTS = """\
README.txt        this note
records.json      everything the SEND casework system holds about the child or young person:
                  personal details, family members, and each case with its requests for
                  assessment, decisions and panel decisions, advice requests, exceptions to the
                  time limits, deadlines, documents (listed), EHC plans (the working copy and the
                  content of every issued version), annual reviews, amendments, cessations,
                  personal budget requests and the notifications sent about the child
documents/        every document uploaded to the child's cases, and the stored PDF of every issued
                  plan, in a folder per case; records.json gives each file's title and original
                  name ("file_in_export", "pdf_in_export")
audit.json        the audit trail of the child's cases and record: who did what, when, with the old
                  and new values
access_log.json   who at the council opened the child's record or downloaded a document, and when
"""

FAMILY_CONTENTS = """\
README.txt        this note
records.json      what the SEND casework system holds about the parent or carer: their details
                  on each child's record they are linked to (relationship, parental
                  responsibility, contact details and preferences), their portal account (no
                  password is ever exported), the notifications sent to them, and the children
                  they are linked to, as case references only
audit.json        audit entries about their details or their account, and what their portal
                  account did
access_log.json   the records their portal account opened, if any

The children's own records are not in this export. A parent's request for their child's
records is a separate request, decided case by case: who holds parental responsibility, the
child's age and understanding (a child of about 12 or more may make their own request), the
child's wishes and best interests, and information about other people in the records.
"""

CHECK_BEFORE_SENDING = """\
Before this is sent: it is the complete record, unredacted. Check it for information about
other people (family members, professionals' opinions, other children) and for exemptions
under the Data Protection Act 2018 (for example, serious harm, or social work and education
data), and redact what must not be disclosed. The data protection officer can help: {dpo}.
The statutory time limit is one month from receiving the request.
"""


def readme(export: Export, *, actor: User, produced_at: datetime.datetime) -> str:
    local = timezone.localtime(produced_at)
    references = ", ".join(c.reference for c in export.cases) or "none"
    lines = [
        f"Subject access request: what {settings.COUNCIL_NAME} holds about a {export.kind}",
        "",
        f"Council:      {settings.COUNCIL_NAME}, SEND team",
        f"Service:      {settings.SERVICE_NAME}",
        f"Subject:      {export.subject_name}",
        f"Cases:        {references}",
        f"Produced:     {local:%-d %B %Y at %H:%M} ({settings.TIME_ZONE})",
        f"Produced by:  {actor.full_name} ({actor.get_role_display()}, {actor.email})",
        "",
        "What is inside",
        "",
        CHILD_CONTENTS if export.kind == "child" else FAMILY_CONTENTS,
        "Dates are ISO 8601 (YYYY-MM-DD); times are London time with their offset. Each choice",
        'is given as its stored code and, in the field ending "_label", in words.',
        "",
    ]
    if export.missing:
        lines += [
            "Files listed in records.json but missing from storage (ask the system's support "
            "team before sending):",
            *[f"  {path}" for path in export.missing],
            "",
        ]
    lines.append(CHECK_BEFORE_SENDING.format(dpo=settings.DPO_EMAIL))
    return "\n".join(lines)


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=plain) + "\n"


def write_zip(out, export: Export, *, actor: User, produced_at: datetime.datetime) -> None:
    """Write the export as a ZIP into the binary file `out` (memory or a temporary file). Stored
    files are copied in chunks, never read whole."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(export, actor=actor, produced_at=produced_at))
        archive.writestr("records.json", _json(export.records))
        archive.writestr("audit.json", _json(export.audit))
        archive.writestr("access_log.json", _json(export.access_log))
        for path, stored in export.files:
            with (
                stored.storage.open(stored.name, "rb") as source,
                archive.open(path, "w") as target,
            ):
                shutil.copyfileobj(source, target, COPY_CHUNK)
