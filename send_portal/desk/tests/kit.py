"""Test kit of the desk and the dashboard: a stored deadline of any kind on a case, made
directly (what the pages read), with its due date as an ISO string."""

from django.contrib.contenttypes.models import ContentType

from cases.models import Case
from cases.models import Deadline
from tests.kit import D


def deadline(case, kind, due, **extra) -> Deadline:
    return Deadline.objects.create(
        case=case,
        kind=kind,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk * 100 + Deadline.objects.count(),
        due_on=D(due),
        **extra,
    )
