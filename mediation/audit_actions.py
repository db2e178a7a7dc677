"""The audit events of disagreements, mediation, appeals, orders, recommendations, disagreement
resolution and complaints (cases.audit_events), registered in `MediationConfig.ready()`.
`personal`: the fields that can name a person or hold free text; erasure blanks them."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E(
        "disagreement.recorded",
        "The family disagree with the {decision} sent {letter_on:date}; appeal by {appeal_by:date}",
    ),
    E(
        "disagreement.no_mediation",
        "The family contacted the mediation adviser on {contacted_on:date} and do not want "
        "mediation; certificate due {certificate_due:date}",
    ),
    E(
        "disagreement.mediation_wanted",
        "The family told the council on {informed_on:date} they want mediation; mediation by "
        "{mediation_by:date}; health commissioner told by {commissioner_by:date}",
    ),
    E(
        "disagreement.commissioner_told",
        "Health commissioner told of the mediation issues on {told_on:date}; mediation by "
        "{mediation_by:date}",
    ),
    E("mediation.arranged", "Mediation arranged on {arranged_on:date} for {meeting_on:date}"),
    E(
        "mediation.not_arranged",
        "Mediation could not be arranged within 30 days (adviser told {told_on:date}); "
        "certificate due {certificate_due:date}",
    ),
    E(
        "mediation.held",
        "Mediation held {held_on:date}: {outcome}; certificate due {certificate_due:date}",
    ),
    E(
        "disagreement.certificate_issued",
        "Mediation certificate issued {issued_on:date}; appeal by {appeal_by:date}",
    ),
    E(
        "disagreement.closed",
        "Disagreement closed {closed_on:date}: {reason}",
        personal=("reason",),
    ),
    E(
        "disagreement.appeal_window_passed",
        "The family's last day to appeal, {appeal_by:date}, passed with no appeal registered; "
        "disagreement closed {closed_on:date}",
    ),
    E(
        "appeal.registered",
        "Appeal registered with the Tribunal {registered_on:date} ({reference})",
    ),
    E("appeal.dates", "Appeal hearing {hearing_on:date}; evidence due {evidence_due_on:date}"),
    E("appeal.decided", "The Tribunal decided the appeal on {decided_on:date}: {outcome}"),
    E(
        "appeal.not_opposed",
        "The council told the Tribunal on {notified_on:date} it will not oppose the appeal",
    ),
    E("appeal.withdrawn", "The family withdrew the appeal on {withdrawn_on:date}"),
    E(
        "order.made",
        "{source}: {kind}, from {from_on:date}; last step due {last_due:date}",
    ),
    E(
        "order.timescale_agreed",
        "The parties agreed at mediation a different date, {due_on:date}, instead of "
        "{clock_due:date}: {reason}",
        personal=("reason",),
    ),
    E("order.step_done", "{step}: done {done_on:date}, {timing}"),
    E("order.complied", "Complied with the order to {kind} on {complied_on:date}, {timing}"),
    E(
        "recommendation.made",
        "Tribunal recommendation to the {body} on {recommended_on:date}; written response due "
        "{response_due:date}",
    ),
    E("recommendation.answered", "Written response from the {body} on {responded_on:date}"),
    E(
        "resolution.requested",
        "Disagreement resolution with {with_whom} requested {requested_on:date}",
        personal=("with_whom",),
    ),
    E("resolution.concluded", "Disagreement resolution held {held_on:date}: {outcome}"),
    E(
        "complaint.received",
        "Complaint from {complainant} received {received_on:date}",
        personal=("complainant",),
    ),
    E("complaint.responded", "Complaint answered {responded_on:date}: {upheld}"),
)
