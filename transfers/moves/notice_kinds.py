"""The notices of moves and reassessments (registered by `extensions.py`): the letter telling a
family who moved here that the council holds the plan (reg 15(4)), and the decisions on a
request for reassessment (regs 24, 25, 27), a refusal carrying the rights to appeal and to
mediation."""

from cases.notices.hooks import meets
from cases.notices.kinds import DECIDED
from cases.notices.kinds import DISAGREE
from cases.notices.kinds import SIGN_OFF
from cases.notices.kinds import Copy
from cases.notices.kinds import Fact
from cases.notices.kinds import NoticeKind
from cases.notices.kinds import Right

from .clock import Kind

REQUESTED = Fact("requested_on", "Date of the request")


def _reassessment_told(**kwargs):
    from .reassessment import reassessment_told

    reassessment_told(**kwargs)


def _refusal_told(**kwargs):
    from .reassessment import reassessment_refusal_told

    reassessment_refusal_told(**kwargs)


MOVE_IN = NoticeKind(
    code="move_in",
    title="Your EHC plan has moved to us",
    regulation="SEND Regulations 2014, regulation 15",
    decision="We now hold {child_first_name}'s EHC plan. {reassess} The plan will be reviewed "
    "by {review_by}.",
    facts=(
        Fact("transferred_on", "Date the plan was transferred"),
        Fact("from_council", "Council the family moved from", type="text"),
        Fact("reassess", "Whether we will reassess", type="text"),
        Fact("review_by", "Review by"),
    ),
    rights=(Right.DISAGREEMENT, Right.IASS),
    copies=(Copy.SETTING, Copy.HEALTH),
    on_sent=meets(Kind.MOVE_IN_NOTICE),
    letter="Dear {reader_name},\n\n"
    "{from_council} passed {child_first_name}'s education, health and care (EHC) plan to us on "
    "{transferred_on}, after your move to our area. We now maintain the plan and make sure the "
    "help it describes is in place.\n\n"
    "{reassess}\n\n"
    "We will review the plan with you by {review_by}. We will write to invite you to the "
    "review meeting at least 2 weeks before it.\n\n" + SIGN_OFF,
)

REASSESSMENT_REFUSED = NoticeKind(
    code="reassessment_refused",
    title="Decision not to carry out a reassessment",
    regulation="SEND Regulations 2014, regulations 24 and 25",
    decision="We have decided not to carry out a new EHC needs assessment (a reassessment) for "
    "{child_first_name}.",
    facts=(DECIDED, REQUESTED),
    rights=Right.ALL,
    copies=(Copy.SETTING,),
    on_sent=_refusal_told,
    letter="Dear {reader_name},\n\n"
    "Thank you for the request of {requested_on} for a new education, health and care needs "
    "assessment of {child_first_name}. On {decided_on} we decided not to carry out a "
    "reassessment now. {child_first_name}'s EHC plan stays in force.\n\n" + DISAGREE + SIGN_OFF,
)

REASSESSMENT_AGREED = NoticeKind(
    code="reassessment_agreed",
    title="Decision to carry out a reassessment",
    regulation="SEND Regulations 2014, regulations 24 and 27",
    decision="We will carry out a new EHC needs assessment (a reassessment) for "
    "{child_first_name}.",
    facts=(DECIDED, REQUESTED),
    rights=(Right.IASS,),
    copies=(Copy.SETTING, Copy.HEALTH),
    on_sent=_reassessment_told,
    letter="Dear {reader_name},\n\n"
    "Thank you for the request of {requested_on}. On {decided_on} we decided to carry out a new "
    "education, health and care needs assessment of {child_first_name}. We will ask the "
    "professionals who know {child_first_name} for their advice, and we will ask for your "
    "views.\n\n"
    "Within 14 weeks of this letter we will send you the amended or new EHC plan, or tell you "
    "that the plan stays as it is.\n\n" + SIGN_OFF,
)

REASSESSMENT_NO_CHANGE = NoticeKind(
    code="reassessment_no_change",
    title="After the reassessment: the plan stays as it is",
    regulation="SEND Regulations 2014, regulation 27",
    decision="After the reassessment, we have decided not to change {child_first_name}'s EHC plan.",
    facts=(DECIDED,),
    rights=Right.ALL,
    copies=(Copy.SETTING,),
    on_sent=meets(Kind.REASSESSMENT_PLAN),
    letter="Dear {reader_name},\n\n"
    "We have finished the reassessment of {child_first_name}. On {decided_on} we decided to "
    "keep their education, health and care (EHC) plan as it is.\n\n" + DISAGREE + SIGN_OFF,
)

REASSESSMENT_PLAN = NoticeKind(
    code="reassessment_plan",
    title="After the reassessment: the EHC plan issued",
    regulation="SEND Regulations 2014, regulations 14 and 27",
    decision="After the reassessment, we have issued {child_first_name}'s amended education, "
    "health and care (EHC) plan.",
    facts=(Fact("issued_on", "Date the plan was issued"),),
    rights=Right.ALL,
    copies=(Copy.SETTING, Copy.HEALTH),
    # the 14 weeks from telling the family that the council would reassess (reg 27(3))
    on_sent=meets(Kind.REASSESSMENT_PLAN),
    letter="Dear {reader_name},\n\n"
    "We have finished the reassessment of {child_first_name}. With this letter is their "
    "education, health and care (EHC) plan as it now stands, issued on {issued_on}. We have "
    "sent a copy to the school or college named in it and to the health commissioner.\n\n"
    + DISAGREE
    + SIGN_OFF,
)

KINDS = (
    MOVE_IN,
    REASSESSMENT_REFUSED,
    REASSESSMENT_AGREED,
    REASSESSMENT_NO_CHANGE,
    REASSESSMENT_PLAN,
)
