"""Helpers every service of the case file uses, and the services of apps built on cases
(ehcp, transfers, mediation): dates, stored deadlines, the case's stage, documents."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone

from cases.audit import audit_record
from cases.models import (
    Case,
    CaseStage,
    Deadline,
    Document,
)
from cases.uploads import validate_upload


def require_rights_given(rights_given: bool, *, why: str = "") -> None:
    """A decision the family can appeal must tell them how (CFA 2014 ss.51-55, regs 32-42)."""
    if not rights_given:
        reason = f", as {why} must" if why else ""
        raise ValidationError(
            {
                "rights_given": "Confirm the family was told of their right to appeal and to "
                f"mediation{reason}."
            }
        )


# --- helpers, also used by the services of apps built on cases (ehcp, transfers, mediation) ---


def check_date(
    value: datetime.date,
    *,
    field: str,
    not_before: datetime.date | None,
    today: datetime.date,
    before_label: str = "the request was received",
) -> None:
    """A date that happened: not after `today`, not before `not_before` (`before_label` says
    what happened then, e.g. "the decision to issue", "the draft was issued"). The message
    names the date allowed, as GOV.UK's error messages do."""
    if value > today:
        raise ValidationError({field: "The date must be today or in the past"})
    if not_before is not None and value < not_before:
        raise ValidationError(
            {
                field: f"The date must be on or after {dateformat.format(not_before, 'j F Y')}, "
                f"{_the_date_of(before_label)}"
            }
        )


def _the_date_of(what: str) -> str:
    """ "the decision to issue" -> "the date of the decision to issue"; "the draft was issued"
    -> "the date the draft was issued" (a clause says its own verb)."""
    clause = any(f" {verb} " in f" {what} " for verb in ("was", "were", "is", "are"))
    return f"the date {what}" if clause else f"the date of {what}"


def case_stage_set(*, case_id: int, stage: str, closed_on: datetime.date | None = None) -> None:
    """Where the case as a whole stands, kept by the service that moved it (any app's).

    The one way to change a case's stage: other apps call this, never `.update()` the case."""
    changes = {"stage": CaseStage(stage), "updated_at": timezone.now()}
    if closed_on is not None:
        changes["closed_on"] = closed_on
    Case.objects.filter(pk=case_id).update(**changes)


def deadline_set(*, case: Case, obj, kind: str, due_on: datetime.date, label: str = "") -> Deadline:
    deadline, _ = Deadline.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=kind,
        defaults={"case": case, "due_on": due_on, "label": label, "cancelled": False},
    )
    return deadline


def deadlines_of(obj, kinds: Iterable[str]):
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, kind__in=list(kinds)
    )


def deadline_meet(obj, kind: str, on: datetime.date) -> None:
    deadlines_of(obj, [kind]).filter(met_on__isnull=True).update(met_on=on)


def deadlines_cancel(obj, kinds: Iterable[str]) -> None:
    deadlines_of(obj, kinds).filter(met_on__isnull=True).update(cancelled=True)


def _store_document(*, case: Case, actor, upload, kind: str, title: str) -> Document:
    validate_upload(upload)
    document = Document(
        case=case,
        kind=kind,
        title=title,
        original_name=upload.name[:255],
        content_type=upload.content_type_checked,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="document.uploaded",
        obj=document,
        case=case,
        payload={"kind": document.get_kind_display().lower(), "title": title},
    )
    return document
