"""A short list read inside its parent's row (`cases.nested_rows`) is the list the ORM reads:
every column of every row and of each related row, in the order asked, on either database;
with a limit, the first rows in that order; with deferred columns, the rest; and a row's own
lists inside it, each as a prefetch would give it."""

import pytest

from cases.models import AdviceRequest
from cases.models import AssessmentRequest
from cases.models import AuditEntry
from cases.models import Case
from cases.models import Notice
from cases.models import PanelDecision
from cases.nested_rows import NestedRows
from cases.notices.models import Delivery
from cases.selectors import case_file_rows
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
    advice_read = NestedRows(
        AdviceRequest, parent="request", related=("document",), order_by=("due_on", "kind", "id")
    )
    decisions_read = NestedRows(
        PanelDecision, parent="request", related=("decided_by",), order_by=("-decided_on", "-id")
    )
    with django_assert_num_queries(1):
        (request,) = AssessmentRequest.objects.filter(case=case).annotate(
            advice_rows=advice_read, decision_rows=decisions_read
        )
        advice = advice_read.rows(request.advice_rows)
        decisions = decisions_read.rows(request.decision_rows)
        assert advice[1].document.original_name.endswith(".pdf")  # no query: read with it
        assert decisions[0].decided_by.full_name
        attached = advice_read.rows(request.advice_rows, attach={"request": request})
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

    deliveries_read = NestedRows(Delivery, parent="notice", order_by=("id",))
    notices = Notice.objects.filter(case=case).annotate(delivery_rows=deliveries_read)
    assert notices
    for notice in notices:
        orm = list(Delivery.objects.filter(notice=notice).order_by("id"))
        assert orm
        assert_same_rows(deliveries_read.rows(notice.delivery_rows), orm, Delivery)


def test_a_parent_with_no_rows_has_an_empty_list(staff):
    request = received_request(staff["officer"])
    advice_read = NestedRows(AdviceRequest, parent="request", related=("document",))
    (read,) = AssessmentRequest.objects.filter(pk=request.pk).annotate(advice_rows=advice_read)
    assert advice_read.rows(read.advice_rows) == []


def test_a_model_with_a_column_not_yet_converted_is_refused(monkeypatch):
    """Read inside a row only what comes back as it went in: another type is refused at once."""
    from django.db import models

    from cases import nested_rows as module

    monkeypatch.setattr(module, "UNCONVERTED", (models.DateTimeField,))
    module._parts.cache_clear()
    try:
        with pytest.raises(TypeError, match="Document.uploaded_at: not read inside a row yet"):
            NestedRows(AdviceRequest, parent="request", related=("document",))
    finally:
        module._parts.cache_clear()


def test_json_columns_come_back_as_stored(staff):
    """The audit trail's payload and changes (JSON columns), on either database."""
    case = build_busy_case(staff, n=1)
    entries_read = NestedRows(AuditEntry, parent="case", order_by=("id",))
    (read,) = Case.objects.filter(pk=case.pk).annotate(entry_rows=entries_read)
    entries = entries_read.rows(read.entry_rows)
    orm = list(AuditEntry.objects.filter(case=case).order_by("id"))
    assert any(entry.payload for entry in orm) and any(entry.changes for entry in orm)
    assert_same_rows(entries, orm, AuditEntry)


def test_a_rows_own_lists_are_read_inside_it_and_given_as_a_prefetch_would(
    staff, django_assert_num_queries
):
    """A case's requests, each with its advice and panel decisions (as the case page reads
    them): one query, and the lists are each request's `advice.all()` and
    `panel_decisions.all()`, pointing back at it."""
    case = build_busy_case(staff, n=4)
    # an earlier request on the case, refused, with no advice or decision of its own
    earlier = AssessmentRequest.objects.filter(case=case).values().get()
    del earlier["id"]
    earlier |= {"state": "refused", "received_on": earlier["received_on"].replace(year=2024)}
    AssessmentRequest.objects.bulk_create([AssessmentRequest(**earlier)])
    read = case_file_rows()["requests_rows"]  # as the case page reads them
    assert set(read.lists) == {"advice", "panel_decisions"}
    with django_assert_num_queries(1):
        (row,) = Case.objects.filter(pk=case.pk).annotate(request_rows=read)
        requests = read.rows(row.request_rows, attach={"case": row})
        advice = {r.pk: list(r.advice.all()) for r in requests}
        decisions = {r.pk: list(r.panel_decisions.all()) for r in requests}
        assert all(a.request is r for r in requests for a in advice[r.pk])
        assert all(r.case is row for r in requests)
    orm = list(
        AssessmentRequest.objects.filter(case=case)
        .order_by("-received_on", "-id")
        .prefetch_related("advice__document", "panel_decisions__decided_by")
    )
    assert len(orm) == 2
    assert_same_rows(requests, orm, AssessmentRequest)
    for request in orm:
        orm_advice = sorted(request.advice.all(), key=lambda a: (a.due_on, a.kind, a.pk))
        assert_same_rows(advice[request.pk], orm_advice, AdviceRequest, related=("document",))
        orm_decisions = sorted(
            request.panel_decisions.all(), key=lambda d: (d.decided_on, d.recorded_at)
        )
        assert_same_rows(
            decisions[request.pk], orm_decisions, PanelDecision, related=("decided_by",)
        )
    assert sum(len(rows) for rows in advice.values()) == 4


def test_a_limited_list_is_its_first_rows_in_its_order_and_deferred_columns_are_not_read(
    staff, django_assert_num_queries
):
    """The latest three audit entries of a case, with their actor, without the actor's password
    hash: the same three the ORM finds, and the password only on asking (a query)."""
    case = build_busy_case(staff, n=6)
    read = NestedRows(
        AuditEntry,
        parent="case",
        related=("actor",),
        defer=("actor__password", "changes"),
        order_by=("-at", "-id"),
        limit=3,
    )
    (row,) = Case.objects.filter(pk=case.pk).annotate(entry_rows=read)
    entries = read.rows(row.entry_rows)
    orm = list(case.audit_entries.select_related("actor").order_by("-at", "-id")[:3])
    assert AuditEntry.objects.filter(case=case).count() > 3
    assert [e.pk for e in entries] == [e.pk for e in orm]
    assert [e.payload for e in entries] == [e.payload for e in orm]
    with_actor = [e for e in entries if e.actor_id]
    assert with_actor and with_actor[0].actor.full_name == with_actor[0].actor.full_name
    assert "changes" in entries[0].get_deferred_fields()
    assert "password" in with_actor[0].actor.get_deferred_fields()
    with django_assert_num_queries(1):
        assert entries[0].changes == orm[0].changes
    # One actor of several entries is one instance (built once), as the ORM's values are.
    by_actor = {}
    for entry in with_actor:
        by_actor.setdefault(entry.actor_id, []).append(entry.actor)
    assert any(len(actors) > 1 for actors in by_actor.values())
    for actor_id, actors in by_actor.items():
        assert all(actor is actors[0] and actor.pk == actor_id for actor in actors)


def test_a_limited_list_must_say_its_order_and_a_list_must_be_the_rows_own():
    with pytest.raises(ValueError, match="needs the order"):
        NestedRows(AuditEntry, parent="case", limit=3)
    with pytest.raises(ValueError, match="AssessmentRequest.advice is not PanelDecision.request"):
        NestedRows(
            AssessmentRequest,
            parent="case",
            lists={"advice": NestedRows(PanelDecision, parent="request")},
        )
