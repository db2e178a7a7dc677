"""The audit events of the request, the assessment and the child's record (cases.audit_events).

Registered in `CasesConfig.ready()`. A field is `personal` when it can name or describe a
person or hold free text: erasure blanks it, by name. Kinds, grounds, channels, references and
dates stay (they are statistics once the child's identity is gone).
"""

from .audit_events import AuditEvent as E

EVENTS = (
    E("document.uploaded", "Uploaded {kind}: {title}", personal=("title",)),
    E("child.created", "Created the record of {child}", personal=("child",)),
    E("case.opened", "Opened case {reference}"),
    E(
        "family.member_added",
        "Added {name} ({relationship}) to the child's family",
        personal=("name",),
    ),
    E("placement.moved", "Now attends {setting} (from {on:date})"),
    E(
        "child.details_changed",
        "Changed the child's details: {fields}",
    ),
    E("case.school_phases_set", "Recorded the school phases of case {reference}"),
    E(
        "request.received",
        "Request for assessment received {received_on:date} by {channel} from {requester}",
        personal=("requester",),
    ),
    E("request.assess_agreed", "Decided to assess on {decided_on:date}"),
    E(
        "request.reassessment_opened",
        "Reassessment agreed on {agreed_on:date}: advice can be asked",
    ),
    E("request.reassessment_finished", "Reassessment's assessment finished on {finished_on:date}"),
    E(
        "request.assess_refused",
        "Decided not to assess; appeal and mediation rights given on {decided_on:date}",
    ),
    E(
        "advice.requested",
        "Asked {adviser} for {kind}, due {due_on:date}",
        personal=("adviser",),
    ),
    E("advice.received", "Received {kind} from {adviser}", personal=("adviser",)),
    E(
        "advice.shared",
        "Shared the request for {kind} with {adviser} in the advice portal",
        personal=("adviser",),
    ),
    E("advice.submitted", "{adviser} sent {kind} through the advice portal", personal=("adviser",)),
    E(
        "advice.reuse_offered",
        "{adviser} said their existing report can be reused: {title}, dated {dated:date}",
        personal=("adviser", "title"),
    ),
    E(
        "advice.reused",
        "Reused {kind} from {author} dated {dated:date}",
        personal=("author",),
    ),
    E("request.decision_told", "The family was told of the decision {decision} on {told_on:date}"),
    E("exception.recorded", "Exception to the time limits: {ground}"),
    E("request.issue_agreed", "Decided to issue a plan on {decided_on:date}"),
    E(
        "request.issue_refused",
        "Decided not to issue a plan; appeal and mediation rights given on {decided_on:date}",
    ),
    E(
        "request.draft_issued",
        "Draft plan issued {issued_on:date}; the family's 15 days end {response_due:date}",
    ),
    E(
        "request.family_responded",
        "The family responded to the draft plan on {responded_on:date}",
    ),
    E(
        "request.family_done",
        "The family responded to the draft plan on {responded_on:date} and has nothing more to add",
    ),
    E("request.final_issued", "Final plan issued {issued_on:date}"),
    E(
        "request.withdrawn",
        "Request withdrawn {withdrawn_on:date}: {reason}",
        personal=("reason",),
    ),
    E(
        "young_person.alternative_person_recorded",
        "Recorded {person} as acting for {child} ({route})",
        personal=("person", "child"),
    ),
    E(
        "young_person.alternative_person_ended",
        "{person} no longer acts for {child}",
        personal=("person", "child"),
    ),
)
