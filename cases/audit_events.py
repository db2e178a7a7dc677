"""The kinds of audit entry, registered by the app that owns each (an extension point).

An audit entry is typed: its `action` is one of a fixed list, and its `payload` holds the values
the sentence needs, by name. The sentence a person reads is built when it is shown, from the
event's template and the payload, so the trail never stores prose with names in it: erasure
blanks the payload fields an event declares `personal`, by name, and the sentence still reads
("Asked [erased] for medical advice, due 3 March 2026").

`cases` registers its own events; `ehcp` and `send_portal` theirs, each in its
`AppConfig.ready()`; a later app does the same, with no change to `cases`
(docs/decisions/0013, "Typed audit events").

A template is a `str.format` template over the payload's fields. `{name:date}` shows an ISO date
(how `cases.audit` stores a date) as "3 March 2026"; any other field is shown as it is.
"""

import datetime
import string
from dataclasses import dataclass
from functools import cached_property

from .registry import Registry

ERASED = "[erased]"


class _SentenceFormatter(string.Formatter):
    def format_field(self, value, format_spec):
        if format_spec == "date":
            return _shown_date(value)
        return super().format_field(value, format_spec)


def _shown_date(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value  # "[erased]", or a value written before the field held a date
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)


_FORMATTER = _SentenceFormatter()


@dataclass(frozen=True)
class AuditEvent:
    action: str
    sentence: str  # str.format template over the payload's fields; {field:date} for a date
    personal: tuple[str, ...] = ()  # fields blanked when the child's record is erased

    def __post_init__(self):
        unknown = set(self.personal) - self.fields
        if unknown:
            raise ValueError(
                f"The audit event {self.action} calls {sorted(unknown)} personal, "
                "but its sentence does not name them."
            )

    @cached_property  # asked for each entry shown: the sentence is parsed once
    def fields(self) -> frozenset[str]:
        return frozenset(
            name for _, name, _, _ in _FORMATTER.parse(self.sentence) if name is not None
        )

    def text(self, payload: dict) -> str:
        return _FORMATTER.vformat(
            self.sentence, (), {name: payload.get(name, "") for name in self.fields}
        )


_EVENTS = Registry("audit event")


def register_audit_events(*events: AuditEvent) -> None:
    for event in events:
        _EVENTS.add(event.action, event)


def audit_event(action: str) -> AuditEvent:
    """The registered event; a KeyError for an action no app has registered."""
    return _EVENTS[action]


def audit_events() -> list[AuditEvent]:
    return list(_EVENTS.values())


def payload_checked(action: str, payload: dict) -> dict:
    """The payload, if `action` is registered and the payload has exactly its sentence's
    fields; a ValueError otherwise (a typo in an action or a field fails where it is written)."""
    try:
        event = _EVENTS[action]
    except KeyError:
        raise ValueError(f"{action!r} is not a registered audit event.") from None
    given = set(payload)
    if given != event.fields:
        missing, extra = sorted(event.fields - given), sorted(given - event.fields)
        raise ValueError(
            f"The payload of {action} does not match its sentence: "
            f"missing {missing or 'nothing'}, not in the sentence {extra or 'nothing'}."
        )
    return payload


def sentence(action: str, payload: dict) -> str:
    """What a person reads for an entry. Never an error on a page: an action no longer
    registered shows its code."""
    event = _EVENTS.get(action)
    return event.text(payload or {}) if event is not None else action


def payload_erased(action: str, payload: dict) -> dict:
    """The payload with the fields the event declares personal replaced by "[erased]"."""
    event = _EVENTS.get(action)
    if event is None or not isinstance(payload, dict):
        return payload
    return {key: ERASED if key in event.personal else value for key, value in payload.items()}


def personal_fields() -> dict[str, list[str]]:
    """{action: [personal fields]} of every registered event that has any (for the database's
    redaction function on PostgreSQL)."""
    return {event.action: list(event.personal) for event in _EVENTS.values() if event.personal}
