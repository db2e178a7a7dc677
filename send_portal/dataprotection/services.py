"""Writes for data protection: the subject access export (audited) and erasure at the end of
retention. Keyword-only, each in one transaction, each checking the actor's rights itself.
"""

import datetime
import io
import json
import logging
import tempfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import connection
from django.db import transaction
from django.utils import timezone

from cases import dataprotection as audit_redaction
from cases.audit import audit_record
from cases.audit import record_access
from cases.audit_events import personal_fields
from cases.models import Case
from cases.models import Child
from cases.models import Document
from cases.models import FamilyMember
from cases.models import RecordAccess
from cases.models import User
from cases.permissions import case_revoke_all_portal_access
from cases.personal_data import ERASED
from cases.personal_data import erase_personal_data
from cases.templatetags.govuk import in_a_sentence
from ehcp.models import Plan
from ehcp.models import PlanVersion

from . import selectors
from . import subject_access
from .permissions import can_use_data_protection

logger = logging.getLogger(__name__)

# Exports bigger than this are built in a temporary file on disk rather than in memory.
SPOOL_MAX_BYTES = 20 * 1024 * 1024
ERASED_NAME = ERASED
# What an issued plan version's content becomes: the schema, and a note of the erasure.
ERASED_CONTENT = {"schema": 1, "erased": True}


def _require(actor: User) -> None:
    if not can_use_data_protection(actor):
        raise PermissionDenied("Only an SEN manager may do this.")


# --- subject access ----------------------------------------------------------------------------


def _export_for(*, child: Child | None, family_member: FamilyMember | None):
    if (child is None) == (family_member is None):
        raise ValueError("Give either a child or a family member.")
    if child is not None:
        return subject_access.child_export(child)
    return subject_access.family_member_export(family_member)


def _filename(export, *, child, family_member, produced_at: datetime.datetime) -> str:
    stamp = timezone.localtime(produced_at).strftime("%Y%m%d-%H%M")
    if child is not None:
        first = export.cases[0].reference if export.cases else f"child-{child.pk}"
        return f"subject-access-{first}-child-{stamp}.zip"
    return f"subject-access-parent-carer-{family_member.pk}-{stamp}.zip"


def _audit_export(export, *, actor: User, child, family_member) -> None:
    """One `sar.exported` entry on each case involved (the record of the child when none)."""
    action = "sar.exported"
    if child is not None:
        payload, obj = {"what": "everything held about the child"}, child
    else:
        payload = {
            "what": "what is held about a parent or carer "
            f"({in_a_sentence(family_member.get_relationship_display())}, family member "
            f"{family_member.pk})"
        }
        obj = family_member
    if not export.cases:
        audit_record(actor=actor, action=action, payload=payload, obj=obj, case=None)
    for case in export.cases:
        audit_record(actor=actor, action=action, payload=payload, obj=obj, case=case)
        if child is not None:
            record_access(user=actor, case=case, what="exported for a subject access request")


@transaction.atomic
def subject_access_write(
    *,
    actor: User,
    out,
    child: Child | None = None,
    family_member: FamilyMember | None = None,
    now: datetime.datetime | None = None,
) -> str:
    """Write the ZIP of everything held about the child, or about the parent or carer, into the
    binary file `out`; audit it on each case involved, in the same transaction. Returns the
    download's file name."""
    _require(actor)
    produced_at = now or timezone.now()
    export = _export_for(child=child, family_member=family_member)
    subject_access.write_zip(out, export, actor=actor, produced_at=produced_at)
    _audit_export(export, actor=actor, child=child, family_member=family_member)
    return _filename(export, child=child, family_member=family_member, produced_at=produced_at)


def subject_access_export(
    *,
    actor: User,
    child: Child | None = None,
    family_member: FamilyMember | None = None,
    now: datetime.datetime | None = None,
) -> tuple[str, bytes]:
    """The ZIP as (file name, bytes), built in memory. See `subject_access_write`."""
    buffer = io.BytesIO()
    filename = subject_access_write(
        actor=actor, out=buffer, child=child, family_member=family_member, now=now
    )
    return filename, buffer.getvalue()


def subject_access_spooled(
    *,
    actor: User,
    child: Child | None = None,
    family_member: FamilyMember | None = None,
):
    """The ZIP in a temporary file (in memory up to `SPOOL_MAX_BYTES`, then on disk), rewound,
    for the view to stream: (file name, file). The caller closes the file."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)  # noqa: SIM115 (streamed)
    try:
        filename = subject_access_write(
            actor=actor, out=spool, child=child, family_member=family_member
        )
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return filename, spool


# --- erasure at the end of retention -----------------------------------------------------------


@dataclass
class ErasureResult:
    references: list[str]
    files_deleted: int
    family_members_deleted: int
    audit_entries_redacted: int
    accesses_redacted: int


def _clear(queryset, **values) -> int:
    return queryset.update(**values)


def _trail_redact(*, child: Child, family_ids, cases, on: datetime.date) -> tuple[int, int]:
    """Take the personal data out of the audit trail and the access log of an erased child;
    returns (audit entries, accesses) redacted.

    On PostgreSQL the app's database role may not UPDATE the trail at all (decision 0012): the
    redaction is the SECURITY DEFINER function `send_portal_trail_redact` (cases migrations
    0010 and 0012), the one opening, which applies the same rules as `cases.dataprotection`,
    given the personal payload fields of every registered audit event. SQLite, the
    embedded default, has one database user and the ORM guard: `cases.dataprotection` does it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT audit_entries, accesses FROM send_portal_trail_redact(%s, %s, %s)",
                [child.pk, on, json.dumps(personal_fields())],
            )
            audit_entries, accesses = cursor.fetchone()
        return audit_entries, accesses
    entries = selectors.audit_entries_about(child, family_ids=family_ids)
    return (
        audit_redaction.audit_entries_redact(entries, on=on),
        audit_redaction.access_log_redact(RecordAccess.objects.filter(case__in=cases)),
    )


@transaction.atomic
def child_erase(
    *, actor: User, child: Child, reason: str, today: datetime.date | None = None
) -> ErasureResult:
    """Erase the personal data of a child whose record is past retention and has no open case.

    Kept, so statistics (SEN2-style counts) survive: the child row (name "Erased", date of birth
    turned into 1 January of the birth year, sex, needs), the case rows and every date and
    state of the statutory steps, decisions (yes/no), deadlines, plans' sections as a skeleton
    (areas, sections, placement, budget amounts), reviews, amendments and cessations.
    Removed: names and identifiers, addresses, family members, every free-text field, documents
    and their files, plan versions' content and PDFs, notifications' text and addresses, and
    the personal data in the audit trail and access log (`cases.dataprotection`).

    Stored files are deleted last, inside the transaction: if one cannot be deleted, nothing is
    committed and the erasure can simply be run again (a file already gone is skipped), so no
    file is ever left behind without the row that points to it.
    """
    _require(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the record is being erased"})
    today = today or timezone.localdate()
    child = Child.objects.select_for_update().get(pk=child.pk)
    cases = list(Case.objects.select_for_update().filter(child=child).order_by("-opened_on", "-pk"))
    status = selectors.retention_status(child, cases, today)
    if not status.may_erase:
        raise ValidationError(status.refusals)

    family = list(child.family.select_related("user"))
    family_ids = [m.pk for m in family]

    child.first_name = child.last_name = ERASED_NAME
    child.preferred_name = child.upn = child.uln = child.nhs_number = ""
    child.address_line_1 = child.address_line_2 = child.town = child.postcode = ""
    child.date_of_birth = datetime.date(child.date_of_birth.year, 1, 1)
    child.current_setting = None
    child.save(
        update_fields=[
            "first_name",
            "last_name",
            "preferred_name",
            "upn",
            "uln",
            "nhs_number",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "date_of_birth",
            "current_setting",
        ]
    )
    # The trail, once the child's record is erased (the database's redaction function checks
    # that) and before the family rows go (who the rows are about must still be known).
    audit_redacted, accesses_redacted = _trail_redact(
        child=child, family_ids=family_ids, cases=cases, on=today
    )

    for case in cases:
        case_revoke_all_portal_access(case=case)
    FamilyMember.objects.filter(pk__in=family_ids).delete()
    child.alternative_people.all().delete()  # who acted for the young person: names, addresses

    # Every field the apps registered as personal data (cases.personal_data), on every row
    # that belongs to these cases.
    erase_personal_data(cases)
    plans = Plan.objects.filter(case__in=cases)

    # Stored files: plan PDFs and uploaded documents. Issued versions refuse save() (they are
    # frozen), so their content and PDF are cleared with a queryset update: this is the one
    # place that changes an issued version, and only to erase it.
    versions = PlanVersion.objects.filter(plan__in=plans)
    files = [(v.pdf.storage, v.pdf.name) for v in versions.exclude(pdf="").only("pk", "pdf")]
    _clear(versions, content=ERASED_CONTENT, pdf="")
    documents = Document.objects.filter(case__in=cases)
    files += [(d.file.storage, d.file.name) for d in documents.only("pk", "file")]
    documents.delete()

    deleted = 0
    for storage, name in files:
        if name and storage.exists(name):
            storage.delete(name)
            deleted += 1

    references = [c.reference for c in sorted(cases, key=lambda c: (c.opened_on, c.pk))]
    audit_record(
        actor=actor,
        action=selectors.ERASED_ACTION,
        obj=child,
        case=cases[0] if cases else None,
        payload={
            "child_id": child.pk,
            "references": ", ".join(references) or "none",
            "reason": reason,
        },
        changes={
            "cases": [None, references],
            "files_deleted": [None, deleted],
            "family_members_deleted": [None, len(family_ids)],
            "audit_entries_redacted": [None, audit_redacted],
            "accesses_redacted": [None, accesses_redacted],
        },
    )
    logger.info("child record %s erased by user %s", child.pk, actor.pk)
    return ErasureResult(
        references=references,
        files_deleted=deleted,
        family_members_deleted=len(family_ids),
        audit_entries_redacted=audit_redacted,
        accesses_redacted=accesses_redacted,
    )
