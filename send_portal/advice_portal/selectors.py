"""What the advice portal reads: the requests addressed to this professional, and nothing else."""

import datetime
from dataclasses import dataclass

from django.db.models import Case as CaseWhen
from django.db.models import IntegerField
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.deadline_kinds import due_soon_until
from cases.models import AdviceRequest
from cases.models import DeadlineKind
from cases.models import Document
from cases.permissions import advice_for_adviser


def advice_requests_for(user) -> QuerySet[AdviceRequest]:
    """The requests addressed to `user`: those still to answer first (the earliest due first),
    then those answered (the latest first)."""
    return (
        advice_for_adviser(user)
        .select_related("request__case__child__current_setting", "request__case__officer")
        .annotate(
            answered=CaseWhen(
                When(received_on__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("answered", "due_on", "pk")
    )


def advice_get_for_adviser(user, advice_id: int) -> AdviceRequest:
    """One request addressed to `user`; 404 alike for "no such request" and "not yours"."""
    return get_object_or_404(
        advice_requests_for(user).select_related("document", "submission__attachment"),
        pk=advice_id,
    )


def submission_of(advice: AdviceRequest):
    try:
        return advice.submission
    except AdviceRequest.submission.RelatedObjectDoesNotExist:
        return None


def documents_sent(advice: AdviceRequest) -> list[Document]:
    """The files of the adviser's own answer: the advice's document and anything sent with it
    (never the case's other documents)."""
    submission = submission_of(advice)
    if submission is None:
        return []  # recorded by the council from a letter: not the adviser's upload to read here
    found = [advice.document, submission.attachment]
    return [d for d in found if d is not None]


def document_get_for_adviser(
    user, advice_id: int, document_id: int
) -> tuple[AdviceRequest, Document]:
    advice = advice_get_for_adviser(user, advice_id)
    for document in documents_sent(advice):
        if document.pk == document_id:
            return advice, document
    raise Http404("No such document.")


@dataclass(frozen=True)
class Timing:
    status: str  # "overdue", "due soon", "due" or "sent"
    days: int  # days left (negative: days late)


def timing(advice: AdviceRequest, today: datetime.date) -> Timing:
    """Where the stored due date stands today (the date itself comes from the clock, stored)."""
    if advice.received_on is not None:
        return Timing("sent", 0)
    days = (advice.due_on - today).days
    if days < 0:
        return Timing("overdue", days)
    soon = due_soon_until(DeadlineKind.ADVICE, today)
    return Timing("due soon" if advice.due_on <= soon else "due", days)
