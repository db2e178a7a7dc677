"""A short list read inside its parent's row (`cases.nested_rows`) is the list the ORM reads:
every column of every row and of each related row, in the order asked, on either database."""

import pytest

from cases.models import AdviceRequest, AssessmentRequest, Notice, PanelDecision
from cases.nested_rows import NestedRows, nested_rows
from cases.notices.models import Delivery
from cases.tests.test_views_queries import build_busy_case
from cases.tests.viewkit import received_request

pytestmark = pytest.mark.django_db


def assert_same_rows(nested, orm, model, related=()):
    assert [row.pk for row in nested] == [row.pk for row in orm]
    for mine, theirs in zip(nested, orm, strict=True):
        for field in model._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(theirs, field.attname), field.name
        for name in related:
            ours, orms = getattr(mine, name), getattr(theirs, name)
            assert (ours is None) == (orms is None), name
            if orms is not None:
                for field in orms._meta.concrete_fields:
                    assert getattr(ours, field.attname) == getattr(orms, field.attname), field
    assert not nested or not nested[0]._state.adding


def test_a_requests_advice_and_decisions_and_a_notices_deliveries_are_read_whole(
    staff, django_assert_num_queries
):
    case = build_busy_case(staff, n=3)  # advice with and without a report, a panel decision
    with django_assert_num_queries(1):
        (request,) = AssessmentRequest.objects.filter(case=case).annotate(
            advice_rows=NestedRows(AdviceRequest, parent="request", related=("document",)),
            decision_rows=NestedRows(PanelDecision, parent="request", related=("decided_by",)),
        )
        advice = nested_rows(
            AdviceRequest,
            request.advice_rows,
            related=("document",),
            order_by=("due_on", "kind", "id"),
        )
        decisions = nested_rows(
            PanelDecision,
            request.decision_rows,
            related=("decided_by",),
            order_by=("-decided_on", "-id"),
        )
        assert advice[1].document.original_name.endswith(".pdf")  # no query: read with it
        assert decisions[0].decided_by.full_name
        attached = nested_rows(
            AdviceRequest,
            request.advice_rows,
            related=("document",),
            attach={"request": request},
        )
        assert all(row.request is request for row in attached)  # no query: the parent given
    orm_advice = AdviceRequest.objects.filter(request=request).select_related("document")
    orm_advice = list(orm_advice.order_by("due_on", "kind", "id"))
    assert len(orm_advice) == 3 and sum(a.document_id is not None for a in orm_advice) == 1
    assert_same_rows(advice, orm_advice, AdviceRequest, related=("document",))
    orm_decisions = PanelDecision.objects.filter(request=request).select_related("decided_by")
    assert_same_rows(
        decisions,
        list(orm_decisions.order_by("-decided_on", "-id")),
        PanelDecision,
        related=("decided_by",),
    )

    notices = Notice.objects.filter(case=case).annotate(
        delivery_rows=NestedRows(Delivery, parent="notice")
    )
    assert notices
    for notice in notices:
        orm = list(Delivery.objects.filter(notice=notice).order_by("id"))
        assert orm
        assert_same_rows(
            nested_rows(Delivery, notice.delivery_rows, order_by=("id",)), orm, Delivery
        )


def test_a_parent_with_no_rows_has_an_empty_list(staff):
    request = received_request(staff["officer"])
    (read,) = AssessmentRequest.objects.filter(pk=request.pk).annotate(
        advice_rows=NestedRows(AdviceRequest, parent="request", related=("document",))
    )
    assert nested_rows(AdviceRequest, read.advice_rows, related=("document",)) == []


def test_a_model_with_a_column_not_yet_converted_is_refused(monkeypatch):
    """Read inside a row only what comes back as it went in: another type is refused at once."""
    from django.db import models

    from cases import nested_rows as module

    monkeypatch.setattr(module, "UNCONVERTED", (models.DateTimeField,))
    module._columns.cache_clear()
    try:
        with pytest.raises(TypeError, match="Document.uploaded_at: not read inside a row yet"):
            module._columns(AdviceRequest, ("document",))
    finally:
        module._columns.cache_clear()


def test_json_columns_come_back_as_stored(staff):
    """The audit trail's payload and changes (JSON columns), on either database."""
    from cases.models import AuditEntry, Case

    case = build_busy_case(staff, n=1)
    (read,) = Case.objects.filter(pk=case.pk).annotate(
        entry_rows=NestedRows(AuditEntry, parent="case")
    )
    entries = nested_rows(AuditEntry, read.entry_rows, order_by=("id",))
    orm = list(AuditEntry.objects.filter(case=case).order_by("id"))
    assert any(entry.payload for entry in orm) and any(entry.changes for entry in orm)
    assert_same_rows(entries, orm, AuditEntry)
