"""Helpers every service of the case file uses, and the services of apps built on cases
(ehcp, transfers, mediation): dates, stored deadlines, the case's stage, documents."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cases.audit import audit_record
from cases.models import Case
from cases.models import CaseStage
from cases.models import Deadline
from cases.models import Document
from cases.templatetags.govuk import in_a_sentence
from cases.uploads import validate_upload
from cases.validation import check_case_date

# --- helpers, also used by the services of apps built on cases (ehcp, transfers, mediation) ---


def check_date(
    value: datetime.date,
    *,
    field: str,
    not_before: datetime.date | None,
    today: datetime.date,
    before_label: str = "the request was received",
    born_on: datetime.date | None = None,
) -> None:
    """A date something happened: not in the future, not before `not_before` and, given the
    child's `born_on`, not before the child was born (`cases.validation.check_case_date`)."""
    check_case_date(
        value,
        field=field,
        born_on=born_on,
        today=today,
        not_before=not_before,
        before_label=before_label,
    )


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
        payload={"kind": in_a_sentence(document.get_kind_display()), "title": title},
    )
    return document
