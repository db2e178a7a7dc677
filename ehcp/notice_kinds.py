"""The notices of plans after they are issued (registered by `ehcp/extensions.py`): the review
decision to maintain, amend or cease (reg 20), proposed amendments and the amended plan
(reg 22), a decision not to amend, that ceasing is being considered (regs 29, 30) and the
decision to cease (reg 31).

Their `on_sent` hooks are where the plan's dates that the law counts from the sending are set:
a review is complete the day its decision is sent (`review_decision_sent`), an amended plan for
a phase transfer meets reg 18 the day it is sent, and a decision to cease starts its appeal
period that day."""

import datetime

from cases import deadlines
from cases.models import DeadlineKind
from cases.notices.hooks import meets
from cases.notices.kinds import DECIDED
from cases.notices.kinds import DISAGREE
from cases.notices.kinds import SIGN_OFF
from cases.notices.kinds import Copy
from cases.notices.kinds import Fact
from cases.notices.kinds import NoticeKind
from cases.notices.kinds import Right
from cases.notices.services import already_sent
from cases.notices.services import notice_for_decision
from cases.services import deadline_meet


def _decision_of(notice, model):
    """The decision object of `model` a notice tells of, or None."""
    if notice.decision_type is None or notice.decision_type.model_class() is not model:
        return None
    return model.objects.get(pk=notice.decision_id)


def on_review_decision_sent(*, notice, sent_on, actor=None) -> None:
    """A review decision's notice was sent: its 4 weeks (reg 20(10)) are met, and the review is
    complete that day (the next review's 12 months start then). For the decision to cease,
    told on its own or with a review, its appeal period starts that day too."""
    from ehcp.models import AnnualReview
    from ehcp.models import Cessation
    from ehcp.services import amendment_proposals_sent
    from ehcp.services import cessation_sent
    from ehcp.services import review_decision_sent

    meets(DeadlineKind.REVIEW_DECISION)(notice=notice, sent_on=sent_on, actor=actor)
    review = _decision_of(notice, AnnualReview)
    if review is not None and notice.kind == "review_amend":
        # the proposed changes went with the decision: the family's 15 days start today too
        for amendment in review.amendments.all():
            amendment_proposals_sent(actor=actor, amendment_id=amendment.pk, sent_on=sent_on)
    if review is not None:
        review_decision_sent(actor=actor, review_id=review.pk, sent_on=sent_on)
    if notice.kind == "cease":
        cessation = _decision_of(notice, Cessation)
        plan_id = cessation.plan_id if cessation else review.plan_id if review else None
        if plan_id is not None:
            cessation_sent(actor=actor, plan_id=plan_id, sent_on=sent_on)


on_review_decision_sent.meets = DeadlineKind.REVIEW_DECISION


def on_proposals_sent(*, notice, sent_on, actor=None) -> None:
    """The proposed amendments' notice was sent: the family's 15 days (reg 22(2)) begin that
    day, and the amended plan's 8 weeks (reg 22(3)) run from it."""
    from ehcp.models import Amendment
    from ehcp.services import amendment_proposals_sent

    amendment = _decision_of(notice, Amendment)
    if amendment is not None:
        amendment_proposals_sent(actor=actor, amendment_id=amendment.pk, sent_on=sent_on)


def on_amended_plan_sent(*, notice, sent_on, actor=None) -> None:
    """The amended plan's notice was sent: its 8 weeks (reg 22(3)) are met and, when it names
    the next school or college of a phase transfer, so is reg 18 (`Amendment.names_next_setting`):
    both on the day it is sent."""
    from ehcp.models import Amendment

    meets(DeadlineKind.AMENDED_PLAN)(notice=notice, sent_on=sent_on, actor=actor)
    amendment = _decision_of(notice, Amendment)
    if amendment is not None and amendment.names_next_setting and amendment.review_id:
        deadline_meet(amendment.review, DeadlineKind.PHASE_TRANSFER, sent_on)


on_amended_plan_sent.meets = DeadlineKind.AMENDED_PLAN

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
    on_sent=on_review_decision_sent,
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
    on_sent=on_review_decision_sent,
    letter="Dear {reader_name},\n\n"
    "Thank you for taking part in {child_first_name}'s annual review. On {decided_on} we "
    "decided to change their education, health and care (EHC) plan. With this letter are the "
    "changes we propose and the evidence for them.\n\n"
    "You have until {response_due} to tell us what you think, ask to meet us, or tell us the "
    "school or college you would like named. Information about schools and colleges is in our "
    "local offer: {local_offer_url}\n\n" + SIGN_OFF,
)

CEASING_CONSIDERED = NoticeKind(
    code="ceasing_considered",
    title="We are considering ending the EHC plan",
    regulation="SEND Regulations 2014, regulations 29 and 30",
    decision="We are considering ending {child_first_name}'s education, health and care (EHC) "
    "plan (the reason: {reason}). We have not decided yet: we will ask you and "
    "{child_first_name}'s school or college what you think first.",
    facts=(
        Fact("informed_on", "Date the family was told"),
        Fact("reason", "Why", type="text"),
        Fact("views_by", "Tell us your views by"),
    ),
    rights=(Right.IASS,),
    copies=(Copy.SETTING,),
    action="Tell us what you think about ending the plan, or ask to meet us, by {views_by}.",
    letter="Dear {reader_name},\n\n"
    "We are writing to tell you that we are considering ending {child_first_name}'s "
    "education, health and care (EHC) plan. The reason: {reason}.\n\n"
    "We have not made that decision. Before we do, we will consult you and "
    "{child_first_name}'s school or college, and we will take what you tell us into account. "
    "A plan can only end when we are no longer responsible for {child_first_name}, or the plan "
    "is no longer needed.\n\n"
    "Please give us your views by {views_by}: write to us or email {team_email}, quoting "
    "{case_reference}, or ask your case officer, {officer_name}, for a meeting. If we then decide to end the plan, "
    "we will write to you again with the reasons, and with your rights to appeal and to "
    "mediation. The plan stays in force until then.\n\n" + SIGN_OFF,
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
    on_sent=on_proposals_sent,
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
    on_sent=on_amended_plan_sent,
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
    # told with a review's decision, it completes the review (reg 20); either way the appeal
    # period runs from the day it is sent
    on_sent=on_review_decision_sent,
    letter="Dear {reader_name},\n\n"
    "On {decided_on} we decided to end {child_first_name}'s education, health and care (EHC) "
    "plan. The reason: {reason}.\n\n"
    "The plan stays in force until the time to appeal has passed and, if you appeal, until "
    "the appeal is decided.\n\n" + DISAGREE + SIGN_OFF,
)

KINDS = (
    REVIEW_MAINTAIN,
    REVIEW_AMEND,
    CEASING_CONSIDERED,
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


def ceasing_considered_facts(informed_on: datetime.date, reason: str) -> dict:
    """The law sets no period for the family's views on ceasing (regs 29, 30): the council's
    own (`deadlines.cessation_views_due`)."""
    return {
        "informed_on": informed_on,
        "reason": reason,
        "views_by": deadlines.cessation_views_due(informed_on),
    }


def proposals_facts(sent_on: datetime.date) -> dict:
    return {"proposals_sent_on": sent_on, "response_due": deadlines.draft_response_due(sent_on)}
