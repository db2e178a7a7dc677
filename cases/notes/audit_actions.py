"""The audit events of the officer's desk (cases.audit_events): case notes and contacts, and
allocation. No sentence holds personal text: what was said stays in the note, which erasure
blanks; officers are named as staff."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E("note.recorded", "Recorded a case note dated {happened_on:date}"),
    E("contact.recorded", "Recorded a contact by {method} on {happened_on:date}"),
    E("note.corrected", "Recorded a correction to the {kind} of {corrected_on:date}"),
    E("case.allocated", "Allocated the case to {officer}"),
    E("case.reallocated", "Reallocated the case from {before} to {officer}"),
)
