"""The audit events of notices and letters (cases.audit_events), registered by
`cases/extensions.py`. Names of people are personal: erasure blanks them."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E(
        "notice.created",
        "Prepared the notice \u201c{title}\u201d dated {dated_on:date}, to {recipients}",
        personal=("recipients",),
    ),
    E(
        "notice.held",
        "The notice \u201c{title}\u201d dated {dated_on:date} could not be prepared: nobody's "
        "contact details are recorded",
    ),
    E(
        "notice.letter_failed",
        "The letter “{title}” could not be written after {attempts} tries ({error})",
    ),
    E(
        "notice.letter_retried",
        "Asked for the letter “{title}” to be written again (it had failed: {error})",
    ),
    E("notice.sent", "The notice \u201c{title}\u201d was sent on {sent_on:date}"),
    E(
        "notice.posted",
        "Posted the letter \u201c{title}\u201d to {name} on {posted_on:date}",
        personal=("name",),
    ),
    E(
        "notice.by_post_instead",
        "The email of the notice \u201c{title}\u201d to {name} failed: it goes by post instead",
        personal=("name",),
    ),
    E(
        "letter_template.changed",
        "Changed the wording of the letter \u201c{title}\u201d (version {version})",
    ),
)
