"""The audit events of plans, consultations, budgets, reviews, amendments and ceasing
(cases.audit_events), registered in `EhcpConfig.ready()`. `personal`: the fields that can name a
person or hold free text; erasure blanks them, by name."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E("plan.started", "Started drafting the EHC plan"),
    E("plan.section_a", "Updated section A"),
    E("plan.need_saved", "{change} a need in section {section}"),
    E("plan.outcome_saved", "{change} an outcome in section E"),
    E("plan.provision_saved", "{change} provision in section {section}"),
    *(
        E(f"plan.{kind}_removed", "Removed {kind}: {text}", personal=("text",))
        for kind in ("need", "outcome", "provision", "advice")
    ),
    E("plan.section_i", "Updated section I (placement)"),
    E("plan.section_j", "Updated section J (personal budget)"),
    E("plan.advice_added", "Added to section K: {title}", personal=("title",)),
    E("plan.draft_issued", "Issued the draft plan (version {version}) on {issued_on:date}"),
    E("plan.final_issued", "Issued the final plan (version {version}) on {issued_on:date}"),
    E("plan.consulted", "Consulted {setting}, reply due {due_on:date}"),
    E("plan.consultation_response", "{setting}: {response}"),
    E(
        "plan.family_response",
        "The family's response to the draft, received {received_on:date}: {summary}",
    ),
    E("plan.setting_followed", "Current setting is now {setting} (from {on:date})"),
    E(
        "plan.recorded_existing",
        "Entered a plan issued outside this service on {issued_on:date}; next review due "
        "{review_due:date}",
    ),
    E(
        "budget.requested",
        "{requested_by} asked for a personal budget on {requested_on:date}",
        personal=("requested_by",),
    ),
    E("budget.decided", "Personal budget {decision} on {decided_on:date}"),
    E(
        "cessation.considered",
        "Told the family on {informed_on:date} that ceasing the plan is being considered "
        "({reason})",
    ),
    E(
        "cessation.notified",
        "Decision to cease sent {notified_on:date}; the plan stays in force until the appeal "
        "period ends on {appeal_ends_on:date}",
    ),
    E("plan.ceased", "Plan ceased {ceased_on:date}: {reason}"),
    E(
        "cessation.setting_consulted",
        "School or college consulted about ceasing on {consulted_on:date}",
    ),
    E(
        "cessation.withdrawn",
        "Decided on {decided_on:date} to keep the plan: {reasons}",
        personal=("reasons",),
    ),
    E(
        "review.invited",
        "Review meeting arranged for {meeting_on:date}; advice to be circulated by "
        "{notice_by:date}",
    ),
    E("review.meeting_held", "Review meeting held {held_on:date}"),
    E("review.advice_circulated", "Advice circulated before the meeting on {circulated_on:date}"),
    E("review.report_received", "Review report received {received_on:date}"),
    E(
        "review.decision_made",
        "Review decision made {decided_on:date}: {decision}; the review is complete once its "
        "letter is sent",
    ),
    E("review.decided", "Review decision sent {sent_on:date}: {decision}"),
    E(
        "review.decided_amend",
        "Review decision sent {sent_on:date}: {decision}; proposed amendments due back by "
        "{due_back_on:date}",
    ),
    E("plan.amending", "Started preparing amendments to the plan"),
    E(
        "plan.amendments_abandoned",
        "Abandoned the amendments being prepared (never sent): the plan is back as last "
        "issued ({issued})",
    ),
    E("amendment.proposed", "Proposed amendments sent {sent_on:date}"),
    E(
        "amendment.proposed_with_review",
        "Proposed amendments sent with the review decision on {sent_on:date}",
    ),
    E(
        "amendment.proposals_sent",
        "The proposed amendments' letter was sent {sent_on:date}: the family's comments are due "
        "by {due_on:date}",
    ),
    E(
        "amendment.issued",
        "Issued the amended plan (version {version}) on {issued_on:date}",
    ),
    E(
        "amendment.withdrawn",
        "Decided not to amend the plan; family told on {notified_on:date}",
    ),
)
