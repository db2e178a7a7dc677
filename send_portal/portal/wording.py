"""What the family reads about dates and events, declared once (plain English).

The dates: what the family read of each kind of stored deadline (who must act, and the
sentence: "The council must decide by 14 March 2027 whether to assess Maya") is registered with
the kind itself (`cases.deadline_kinds.FamilyWording`), by the app that owns it, so every app's
dates reach the family, in plain English, with no change here. Kinds registered with no family
wording (an adviser's own 6 weeks, a school's consultation reply) are the council's business.

`HISTORY`: for each audit event a family may read, the sentence shown in "What has happened",
over the event's own payload fields (the same `{field:date}` formatting as the audit trail).
Events not listed are internal and never shown to the family.

Sentences use `{name}` (the child's name, or "you" for the young person) and `{whose}`.
"""

from dataclasses import dataclass

from cases.audit_events import AuditEvent

HISTORY: dict[str, AuditEvent] = {
    event.action: event
    for event in (
        AuditEvent(
            "request.received", "The request for an assessment was received on {received_on:date}."
        ),
        AuditEvent(
            "portal.request_sent",
            "The request was sent online. It counts as received on {received_on:date}.",
        ),
        AuditEvent(
            "request.assess_agreed",
            "The council decided on {decided_on:date} to carry out an EHC needs assessment.",
        ),
        AuditEvent(
            "request.assess_refused",
            "The council decided on {decided_on:date} not to carry out an assessment. The letter "
            "explains how to appeal.",
        ),
        AuditEvent("advice.requested", "The council asked for {kind}, due by {due_on:date}."),
        AuditEvent("advice.received", "The council received {kind}."),
        AuditEvent("advice.reused", "The council is reusing an existing report: {kind}."),
        AuditEvent(
            "request.issue_agreed", "The council decided on {decided_on:date} to issue an EHC plan."
        ),
        AuditEvent(
            "request.issue_refused",
            "The council decided on {decided_on:date} not to issue an EHC plan. The letter "
            "explains how to appeal.",
        ),
        AuditEvent(
            "request.draft_issued",
            "The draft plan was sent on {issued_on:date}. Comments were due by {response_due:date}.",
        ),
        AuditEvent(
            "plan.family_response",
            "A response to the draft plan was received on {received_on:date}.",
        ),
        AuditEvent("request.final_issued", "The final EHC plan was issued on {issued_on:date}."),
        AuditEvent("request.withdrawn", "The request was withdrawn on {withdrawn_on:date}."),
        AuditEvent("family.views_given", "Views were given ({purpose}) on {given_on:date}."),
        AuditEvent(
            "family.mediation_info_asked",
            "Information about mediation was asked for on {asked_on:date}.",
        ),
        AuditEvent(
            "family.mediation_info_answered",
            "Information about mediation was sent on {answered_on:date}.",
        ),
        AuditEvent("budget.requested", "A personal budget was asked for on {requested_on:date}."),
        AuditEvent("budget.decided", "Personal budget: {decision} on {decided_on:date}."),
        AuditEvent(
            "review.invited", "The annual review meeting was arranged for {meeting_on:date}."
        ),
        AuditEvent("review.meeting_held", "The annual review meeting was held on {held_on:date}."),
        AuditEvent(
            "review.decided", "The council sent its review decision on {sent_on:date}: {decision}."
        ),
        AuditEvent(
            "review.decided_amend",
            "The council sent its review decision on {sent_on:date}: {decision}.",
        ),
        AuditEvent(
            "amendment.proposed", "Proposed changes to the plan were sent on {sent_on:date}."
        ),
        AuditEvent("amendment.issued", "The changed plan was issued on {issued_on:date}."),
        AuditEvent(
            "cessation.considered",
            "The council told you on {informed_on:date} that it is thinking about ending the plan.",
        ),
        AuditEvent("plan.ceased", "The plan ended on {ceased_on:date}."),
        AuditEvent(
            "disagreement.recorded",
            "The council recorded that you disagree with its {decision} sent on {letter_on:date}.",
        ),
        AuditEvent("mediation.arranged", "Mediation was arranged for {meeting_on:date}."),
        AuditEvent("mediation.held", "The mediation was held on {held_on:date}: {outcome}."),
        AuditEvent(
            "disagreement.certificate_issued",
            "The mediation certificate was issued on {issued_on:date}.",
        ),
        AuditEvent(
            "appeal.registered",
            "The SEND Tribunal registered the appeal on {registered_on:date}.",
        ),
        AuditEvent(
            "appeal.decided",
            "The SEND Tribunal decided the appeal on {decided_on:date}: {outcome}.",
        ),
        AuditEvent(
            "appeal.not_opposed",
            "The council told the SEND Tribunal on {notified_on:date} that it will not oppose the "
            "appeal.",
        ),
        AuditEvent("appeal.withdrawn", "The appeal was withdrawn on {withdrawn_on:date}."),
        AuditEvent(
            "disagreement.appeal_window_passed",
            "The time to appeal ended on {appeal_by:date} with no appeal registered.",
        ),
    )
}


# Where a disagreement with a decision stands, as the family read it (by its state).
DISAGREEMENT_STATUS: dict[str, str] = {
    "advice": "To appeal, contact the mediation adviser first",
    "mediation": "Mediation",
    "certificate_due": "The council is issuing the mediation certificate",
    "appeal_open": "You can appeal to the SEND Tribunal",
    "appealed": "Appeal registered with the SEND Tribunal",
    "resolved": "Closed without an appeal",
    "appeal_ended": "The appeal has ended",
}


def disagreement_status(disagreement) -> str:
    return DISAGREEMENT_STATUS.get(disagreement.state, disagreement.status)


@dataclass(frozen=True)
class StageWords:
    now: str  # where the case is, over {name}, {whose}
    next: str  # what happens next


STAGES: dict[str, StageWords] = {
    "request": StageWords(
        "The SEND team has received the request for an education, health and care (EHC) needs "
        "assessment for {name}, and is deciding whether to assess.",
        "The council must say whether it will assess within 6 weeks of receiving the request.",
    ),
    "assessment": StageWords(
        "The SEND team is assessing {whose} needs, and is asking professionals for their advice.",
        "The council decides whether to issue an EHC plan. If it does, you get a draft plan to "
        "comment on.",
    ),
    "drafting": StageWords(
        "The council is writing an EHC plan for {name}, or has sent the draft plan for your "
        "comments.",
        "You have 15 days from receiving the draft to comment on it and to say which school or "
        "college you want named. Then the council issues the final plan.",
    ),
    "plan": StageWords(
        "{name_cap} {has_plan} an EHC plan. The council must make sure the help in it is given.",
        "The plan is reviewed at least every 12 months. You will be invited to the review "
        "meeting and asked for your views first.",
    ),
    "review": StageWords(
        "{whose_cap} EHC plan is being reviewed.",
        "After the review meeting, the council must tell you within 4 weeks whether it will "
        "keep, change or end the plan.",
    ),
    "not_assessing": StageWords(
        "The council decided not to carry out an EHC needs assessment for {name}. The decision "
        "letter explains why.",
        "If you disagree, you can ask for information about mediation and appeal to the SEND "
        "Tribunal. The letter says how and by when.",
    ),
    "not_issuing": StageWords(
        "The council decided not to issue an EHC plan for {name}. The decision letter explains "
        "why.",
        "If you disagree, you can ask for information about mediation and appeal to the SEND "
        "Tribunal. The letter says how and by when.",
    ),
    "withdrawn": StageWords(
        "The request for an EHC needs assessment for {name} was withdrawn.",
        "Nothing, unless a new request is made. You can make one at any time.",
    ),
    "transferred": StageWords(
        "{whose_cap} EHC plan has been passed to the council you moved to.",
        "That council now maintains the plan. It will write to you within 6 weeks of receiving "
        "it to say whether it will reassess and when it will review the plan.",
    ),
    "ceased": StageWords(
        "{whose_cap} EHC plan has ended.",
        "If you think {name} needs a plan again, you can ask for a new assessment.",
    ),
}


def stage_words(case) -> StageWords:
    words = STAGES.get(case.stage)
    if words is None:
        return StageWords(case.get_stage_display(), "")
    reader = case.reader
    fields = {
        "name": reader.name,
        "whose": reader.whose,
        "name_cap": reader.name[:1].upper() + reader.name[1:],
        "whose_cap": reader.whose[:1].upper() + reader.whose[1:],
        "has_plan": "have" if reader.is_young_person else "has",
    }
    return StageWords(words.now.format(**fields), words.next.format(**fields))
