"""The audit events of moves between councils and reassessments (cases.audit_events),
registered in `TransfersConfig.ready()`. Council names, dates and outcomes are not personal."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E(
        "move_out.recorded",
        "Recorded a move to {council} on {moved_on:date} (learned of it {learned_on:date}); "
        "plan to be passed on by {due_on:date}",
    ),
    E(
        "move_out.handed_over",
        "Passed the plan to {council} on {handed_over_on:date}; health commissioner told "
        "{health_told_on:date}; case closed here",
    ),
    E(
        "move_in.recorded",
        "Received the plan from {council} on {transferred_on:date}; family to be told by "
        "{notice_due:date}; first review due by {review_due:date}",
    ),
    E(
        "move_in.family_told",
        "Letter to the family dated {dated_on:date}: the plan is held here, reassessing: "
        "{reassess}, review by {review_by:date}",
    ),
    E("move_in.health_answered", "Health commissioner answered on {answered_on:date}: {answer}"),
    E(
        "reassessment.requested",
        "Reassessment asked for by {source} on {requested_on:date}; decision due {due_on:date}",
    ),
    E("reassessment.agreed", "Decided to reassess on {decided_on:date}"),
    E("reassessment.refused", "Decided not to reassess on {decided_on:date}"),
    E("reassessment.letter", "{title}: letter dated {dated_on:date}"),
    E("reassessment.plan_prepared", "Started amending the plan after the reassessment"),
    E(
        "reassessment.draft_sent",
        "Sent the family the draft of the amended plan after the reassessment on {sent_on:date}",
    ),
    E("reassessment.finished", "Reassessment finished on {on:date}: {outcome}"),
)
