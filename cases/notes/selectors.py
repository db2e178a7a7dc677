"""Reads of a case's notes and contacts. Every read takes the case the gateway returned."""

import datetime

from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Case
from cases.models import CaseNote


def case_notes(
    case: Case,
    *,
    q: str = "",
    kind: str = "",
    method: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[CaseNote]:
    """The case's notes and contacts, newest first, filtered: every word of `q` in the text or
    in whom the contact was with; a kind; a way of contact; a date range (inclusive). Each
    carries `corrected` (a later entry corrects it) and the entry it corrects, in one query."""
    notes = (
        CaseNote.objects.filter(case=case)
        .select_related("recorded_by", "corrects")
        .annotate(corrected=Exists(CaseNote.objects.filter(corrects=OuterRef("pk"))))
    )
    for term in q.split():
        notes = notes.filter(Q(text__icontains=term) | Q(with_whom__icontains=term))
    if kind:
        notes = notes.filter(kind=kind)
    if method:
        notes = notes.filter(method=method)
    if date_from:
        notes = notes.filter(happened_on__gte=date_from)
    if date_to:
        notes = notes.filter(happened_on__lte=date_to)
    return notes.order_by("-happened_on", "-recorded_at", "-id")


def note_get_for_case(case: Case, note_id: int) -> CaseNote:
    return get_object_or_404(case.notes, pk=note_id)
