"""The notices of plans after they are issued (registered by `ehcp/extensions.py`): the review
decision to maintain, amend or cease (reg 20), proposed amendments and the amended plan
(reg 22), a decision not to amend, and ceasing (reg 31)."""

import datetime

from cases import deadlines
from cases.models import DeadlineKind
from cases.notices.hooks import meets
from cases.notices.kinds import Copy, Fact, NoticeKind, Right
from cases.notices.services import already_sent, notice_for_decision

DECIDED = Fact("decided_on", "Date of the decision")
SIGN_OFF = "Yours sincerely,\n{council_name}"
DISAGREE = (
    "If you disagree, you can talk to us, ask for mediation or appeal: the rest of this letter "
    "explains how and by when.\n\n"
)
PROPOSALS = (
    Fact("proposals_sent_on", "Date the proposed changes were sent"),
    Fact("response_due", "Comments due by"),
)
COMMENT_BY = "Tell us what you think of the proposed changes, or ask to meet us, by {response_due}."

REVIEW_MAINTAIN = NoticeKind(
    code="review_maintain",
    title="Annual review decision: keep the plan as it is",
    regulation="SEND Regulations 2014, regulation 20",
    decision="After {child_first_name}'s annual review, we have decided to keep their EHC plan "
    "as it is.",
    facts=(DECIDED,),
    rights=Right.ALL,
    copies=(Copy.SETTING,),
    on_sent=meets(DeadlineKind.REVIEW_DECISION),
    letter="Dear {reader_name},\n\n"
    "Thank you for taking part in {child_first_name}'s annual review. On {decided_on} we "
    "decided to keep their education, health and care (EHC) plan as it is: we are not changing "
    "it.\n\n" + DISAGREE + SIGN_OFF,
)

REVIEW_AMEND = NoticeKind(
    code="review_amend",
    title="Annual review decision: change the plan, with the proposed changes",
    regulation="SEND Regulations 2014, regulations 20 and 22",
    decision="After {child_first_name}'s annual review, we have decided to change their EHC "
    "plan. The changes we propose are with this letter.",
    facts=(DECIDED, *PROPOSALS),
    rights=(Right.IASS,),
    copies=(Copy.SETTING,),
    action=COMMENT_BY,
    on_sent=meets(DeadlineKind.REVIEW_DECISION),
    letter="Dear {reader_name},\n\n"
    "Thank you for taking part in {child_first_name}'s annual review. On {decided_on} we "
    "decided to change their education, health and care (EHC) plan. With this letter are the "
    "changes we propose and the evidence for them.\n\n"
    "You have until {response_due} to tell us what you think, ask to meet us, or tell us the "
    "school or college you would like named. Information about schools and colleges is in our "
    "local offer: {local_offer_url}\n\n" + SIGN_OFF,
)

REVIEW_CEASE = NoticeKind(
    code="review_cease",
    title="Annual review decision: we are considering ending the plan",
    regulation="SEND Regulations 2014, regulations 20 and 29",
    decision="After {child_first_name}'s annual review, we are considering ending their EHC "
    "plan. We have not decided yet and want to hear from you first.",
    facts=(DECIDED, Fact("response_due", "Tell us your views by")),
    rights=(Right.IASS,),
    copies=(Copy.SETTING,),
    action="Tell us your views about ending the plan by {response_due}.",
    on_sent=meets(DeadlineKind.REVIEW_DECISION),
    letter="Dear {reader_name},\n\n"
    "After {child_first_name}'s annual review we are considering ending their education, "
    "health and care (EHC) plan. We have not made that decision yet.\n\n"
    "Before we decide, we want to hear what you and {child_first_name}'s school or college "
    "think. Please tell us by {response_due}.\n\n" + SIGN_OFF,
)

PROPOSED_AMENDMENTS = NoticeKind(
    code="proposed_amendments",
    title="Proposed changes to the EHC plan",
    regulation="SEND Regulations 2014, regulation 22",
    decision="We propose to change {child_first_name}'s EHC plan. The changes are with this "
    "letter.",
    facts=PROPOSALS,
    rights=(Right.IASS,),
    copies=(Copy.SETTING,),
    action=COMMENT_BY,
    letter="Dear {reader_name},\n\n"
    "We propose to change {child_first_name}'s education, health and care (EHC) plan. With "
    "this letter are the changes and the evidence for them.\n\n"
    "You have until {response_due} to tell us what you think, ask to meet us, or tell us the "
    "school or college you would like named. Information about schools and colleges is in our "
    "local offer: {local_offer_url}\n\n" + SIGN_OFF,
)

AMENDED_PLAN = NoticeKind(
    code="amended_plan",
    title="Amended EHC plan",
    regulation="SEND Regulations 2014, regulation 22",
    decision="We have issued {child_first_name}'s amended education, health and care (EHC) plan.",
    facts=(Fact("issued_on", "Date the amended plan was issued"),),
    rights=Right.ALL,
    copies=(Copy.SETTING, Copy.HEALTH),
    on_sent=meets(DeadlineKind.AMENDED_PLAN),
    letter="Dear {reader_name},\n\n"
    "With this letter is {child_first_name}'s amended education, health and care (EHC) plan, "
    "issued on {issued_on}. We have sent a copy to the school or college named in it and to "
    "the health commissioner.\n\n" + DISAGREE + SIGN_OFF,
)

NOT_AMENDING = NoticeKind(
    code="not_amending",
    title="Decision not to change the EHC plan",
    regulation="SEND Regulations 2014, regulation 22",
    decision="We have decided not to make the changes we proposed to {child_first_name}'s EHC "
    "plan. The plan stays as it is.",
    facts=(DECIDED,),
    rights=Right.ALL,
    copies=(Copy.SETTING,),
    on_sent=meets(DeadlineKind.AMENDED_PLAN),
    letter="Dear {reader_name},\n\n"
    "On {decided_on} we decided not to make the changes we proposed to {child_first_name}'s "
    "education, health and care (EHC) plan. The plan stays as it is.\n\n" + DISAGREE + SIGN_OFF,
)

CEASE = NoticeKind(
    code="cease",
    title="Decision to end the EHC plan",
    regulation="SEND Regulations 2014, regulation 31",
    decision="We have decided to end {child_first_name}'s education, health and care (EHC) plan.",
    facts=(DECIDED, Fact("reason", "Why", type="text")),
    rights=Right.ALL,
    copies=(Copy.SETTING, Copy.HEALTH, Copy.SOCIAL_CARE),
    # told with a review's decision, it completes the review's 4 weeks (reg 20)
    on_sent=meets(DeadlineKind.REVIEW_DECISION),
    letter="Dear {reader_name},\n\n"
    "On {decided_on} we decided to end {child_first_name}'s education, health and care (EHC) "
    "plan. The reason: {reason}.\n\n"
    "The plan stays in force until the time to appeal has passed and, if you appeal, until "
    "the appeal is decided.\n\n" + DISAGREE + SIGN_OFF,
)

KINDS = (
    REVIEW_MAINTAIN,
    REVIEW_AMEND,
    REVIEW_CEASE,
    PROPOSED_AMENDMENTS,
    AMENDED_PLAN,
    NOT_AMENDING,
    CEASE,
)


def plan_notify(
    *,
    actor,
    plan,
    kind: str,
    decision,
    on: datetime.date,
    today: datetime.date,
    setting=None,
    **facts,
):
    """The notice of a decision on a plan, in the decision's transaction. `on` is the day the
    step records it went: before today, it went outside this service then (recorded as sent
    that day); today, this service sends it now, and its limit is met the day it is sent."""
    return notice_for_decision(
        actor=actor,
        case=plan.case,
        kind=kind,
        facts=facts,
        decision=decision,
        today=today,
        sent_on=already_sent(on, today),
        setting=setting,
    )


def proposals_facts(sent_on: datetime.date) -> dict:
    return {"proposals_sent_on": sent_on, "response_due": deadlines.draft_response_due(sent_on)}
