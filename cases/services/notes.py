"""Case notes and the contact log: written once, corrected by a new entry (never edited)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.audit import audit_record
from cases.models import Case
from cases.models import CaseNote
from cases.models import ContactMethod
from cases.models import NoteKind
from cases.models import User
from cases.permissions import require
from cases.rules import Need
from cases.templatetags.govuk import in_a_sentence

from ._common import check_date


def _checked(
    *, kind: str, method: str, with_whom: str, text: str, happened_on, today
) -> tuple[str, str, str]:
    if kind not in NoteKind.values:
        raise ValidationError("Choose a case note or a contact.")
    text, with_whom = text.strip(), with_whom.strip()
    if not text:
        raise ValidationError(
            {"text": "Enter what was said" if kind == NoteKind.CONTACT else "Enter the note"}
        )
    check_date(happened_on, field="happened_on", not_before=None, today=today)
    if kind == NoteKind.NOTE:
        return "", "", text
    if method not in ContactMethod.values:
        raise ValidationError({"method": "Select how the contact was made"})
    if not with_whom:
        raise ValidationError({"with_whom": "Enter who the contact was with"})
    return method, with_whom, text


@transaction.atomic
def note_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    text: str,
    happened_on: datetime.date,
    happened_at: datetime.time | None = None,
    method: str = "",
    with_whom: str = "",
    corrects_id: int | None = None,
    today: datetime.date | None = None,
) -> CaseNote:
    """Record a case note or a contact on the case; with `corrects_id`, a correction of an
    earlier entry of the same case (which stays as it was, marked as corrected)."""
    require(actor, case, Need.WORK)
    today = today or timezone.localdate()
    corrected = None
    if corrects_id is not None:
        corrected = case.notes.select_for_update().filter(pk=corrects_id).first()
        if corrected is None:
            raise ValidationError("The entry to correct is not on this case.")
        kind = corrected.kind
    method, with_whom, text = _checked(
        kind=kind,
        method=method,
        with_whom=with_whom,
        text=text,
        happened_on=happened_on,
        today=today,
    )
    note = CaseNote.objects.create(
        case=case,
        kind=kind,
        method=method,
        with_whom=with_whom[:200],
        happened_on=happened_on,
        happened_at=happened_at,
        text=text,
        corrects=corrected,
        recorded_by=actor,
    )
    if corrected is not None:
        action = "note.corrected"
        payload = {
            "kind": in_a_sentence(corrected.get_kind_display()),
            "corrected_on": corrected.happened_on,
        }
    elif kind == NoteKind.CONTACT:
        action, payload = (
            "contact.recorded",
            {"method": in_a_sentence(note.get_method_display()), "happened_on": happened_on},
        )
    else:
        action, payload = "note.recorded", {"happened_on": happened_on}
    audit_record(actor=actor, action=action, obj=note, case=case, payload=payload)
    return note
