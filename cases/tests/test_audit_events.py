"""Typed audit events (cases.audit_events): a fixed list, payloads that fit, sentences built when
shown, erasure by field."""

import datetime

import pytest

from cases import audit_events
from cases.audit import audit_record
from cases.audit_events import AuditEvent
from cases.audit_events import audit_event
from cases.audit_events import payload_erased
from cases.audit_events import sentence
from cases.dataprotection import audit_entries_redact
from cases.models import AuditEntry
from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _sample(event: AuditEvent) -> dict:
    return {name: "2026-03-03" if name.endswith("_on") else f"<{name}>" for name in event.fields}


@pytest.mark.parametrize("module", ["cases", "ehcp", "send_portal", "send_portal.accounts"])
def test_each_apps_events_are_registered_and_format_with_their_declared_fields(module):
    from importlib import import_module

    events = import_module(f"{module}.audit_actions").EVENTS
    assert events
    for event in events:
        assert audit_event(event.action) == event  # registered by the app's ready()
        shown = event.text(_sample(event))
        assert "{" not in shown and "}" not in shown, event.action
        for name in event.fields:
            if not name.endswith("_on"):
                assert f"<{name}>" in shown, (event.action, name)
        assert set(event.personal) <= event.fields


def test_a_date_field_is_stored_iso_and_shown_in_words():
    case = CaseFactory()
    entry = audit_record(
        actor=None,
        action="request.final_issued",
        case=case,
        obj=case,
        payload={"issued_on": datetime.date(2026, 3, 3)},
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.payload == {"issued_on": "2026-03-03"}
    assert entry.summary == ""
    assert entry.text == "Final plan issued 3 March 2026"


def test_an_unregistered_action_is_refused():
    with pytest.raises(ValueError, match="not a registered audit event"):
        audit_record(actor=None, action="case.noted", payload={})
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"issued_on": "2026-03-03", "by": "Dr Jones"},  # a field the sentence does not name
        {},  # a field the sentence names is missing
    ],
)
def test_a_payload_that_does_not_fit_the_sentence_is_refused(payload):
    with pytest.raises(ValueError, match="does not match its sentence"):
        audit_record(actor=None, action="request.final_issued", payload=payload)


def test_an_event_cannot_call_personal_a_field_its_sentence_does_not_name():
    with pytest.raises(ValueError, match="does not name"):
        AuditEvent("x.y", "Did {thing}", personal=("name",))


def test_an_action_is_registered_once_with_one_meaning():
    with pytest.raises(ValueError, match="registered twice"):
        audit_events.register_audit_events(AuditEvent("case.opened", "Opened {reference}!"))


def test_an_entry_written_before_events_were_typed_shows_its_summary():
    entry = AuditEntry.objects.create(action="case.note", summary="Spoke to the family")
    assert entry.text == "Spoke to the family"
    assert sentence("no.longer.registered", {}) == "no.longer.registered"


def test_erasure_blanks_the_personal_fields_by_name_and_the_sentence_still_reads():
    case = CaseFactory()
    entry = audit_record(
        actor=None,
        action="advice.requested",
        case=case,
        payload={
            "adviser": "Dr Jones",
            "kind": "medical advice",
            "due_on": datetime.date(2026, 3, 3),
        },
    )
    assert entry.text == "Asked Dr Jones for medical advice, due 3 March 2026"
    assert audit_entries_redact(
        AuditEntry.objects.filter(pk=entry.pk), on=datetime.date(2050, 1, 1)
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.payload == {
        "adviser": "[erased]",
        "kind": "medical advice",
        "due_on": "2026-03-03",
    }
    assert entry.summary == ""
    assert entry.text == "Asked [erased] for medical advice, due 3 March 2026"
    assert payload_erased("no.such.action", {"a": "b"}) == {"a": "b"}
