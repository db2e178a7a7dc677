"""The notices of a transfer review (registered by `transfers/extensions.py`): the family is told,
at least 2 weeks ahead, the date the review starts, and invited to meet an officer
(SI 2014/2270 art. 17); then the draft plan (reg 13: 15 days to comment and ask for a school),
and the final plan or the decision that no plan is needed, both with the rights to appeal and to
mediation (regs 10, 14). The transfer limit is met the day the last of these is sent (`on_sent`),
not the day the officer records the decision."""

from cases.notices.hooks import meets
from cases.notices.kinds import DISAGREE
from cases.notices.kinds import SIGN_OFF
from cases.notices.kinds import Copy
from cases.notices.kinds import Fact
from cases.notices.kinds import NoticeKind
from cases.notices.kinds import Right

from .services.legacy_import import NOTIFY_KIND
from .services.reviews import DEADLINE_KIND

TRANSFER_REVIEW_START = NoticeKind(
    code="transfer_review_start",
    title="Transfer review of a statement or LDA: the date it starts",
    regulation="Children and Families Act 2014 (Transitional and Saving Provisions) (No. 2) "
    "Order 2014, article 17",
    decision="We will review {child_first_name}'s statement or learning difficulty assessment "
    "to transfer it to an education, health and care (EHC) plan, starting on {starts_on}.",
    facts=(
        Fact("starts_on", "Date the review starts"),
        Fact("meeting", "Meeting offered with an SEN officer", type="text"),
        Fact("concluded_by", "Review concluded by"),
    ),
    rights=(Right.IASS,),
    copies=(Copy.SETTING,),
    # the family told of a planned review by its cohort's date: met on the day this is sent
    on_sent=meets(NOTIFY_KIND),
    action="Tell us whether you would like to meet us: {meeting}.",
    letter="Dear {reader_name},\n\n"
    "{child_first_name}'s statement of special educational needs or learning difficulty "
    "assessment is being transferred to an education, health and care (EHC) plan. To do this we "
    "carry out a transfer review, which includes an EHC needs assessment. It starts on "
    "{starts_on} and will be finished by {concluded_by}.\n\n"
    "We would like to meet you, and {child_first_name} if they wish, to talk about it. "
    "An SEN officer can meet you: {meeting}. Contact your case officer, {officer_name}, at "
    "{team_email} to arrange it or to ask any questions.\n\n"
    "Yours sincerely,\n{council_name}",
)


def _draft_sent(**kwargs):
    from .services.reviews import transfer_review_draft_sent

    transfer_review_draft_sent(**kwargs)


TRANSFER_DRAFT_PLAN = NoticeKind(
    code="transfer_draft_plan",
    title="Transfer review: the draft EHC plan",
    regulation="SEND Regulations 2014, regulation 13, applied to transfer reviews by the "
    "Children and Families Act 2014 (Transitional and Saving Provisions) (No. 2) Order 2014",
    decision="We have written a draft education, health and care (EHC) plan for "
    "{child_first_name}, to replace their statement or learning difficulty assessment.",
    facts=(Fact("served_on", "Date the draft was sent"), Fact("response_due", "Comments due by")),
    rights=(Right.IASS,),
    # the family's 15 days begin with the day the draft is served: stored from the sent date
    on_sent=_draft_sent,
    action="Tell us what you think of the draft plan, ask for a meeting, or tell us the school "
    "or college you would like named, by {response_due}.",
    letter="Dear {reader_name},\n\n"
    "As part of the transfer review, we have written a draft education, health and care (EHC) "
    "plan for {child_first_name}. It is with this letter. When it is final it will replace "
    "their statement of special educational needs or learning difficulty assessment. The "
    "draft does not name a school or college yet.\n\n"
    "You have until {response_due} (15 days from the date of this letter) to:\n"
    "- tell us what you think of the draft, and what you would change\n"
    "- ask to meet us to talk about it\n"
    "- tell us which school or college you would like named in the plan\n\n"
    "To ask for a school or college, write to us or email {team_email}, quoting "
    "{case_reference}. You can find "
    "information about schools and colleges in our local offer: {local_offer_url}\n\n" + SIGN_OFF,
)

TRANSFER_FINAL_PLAN = NoticeKind(
    code="transfer_final_plan",
    title="Transfer review: the final EHC plan",
    regulation="SEND Regulations 2014, regulation 14, applied to transfer reviews by the "
    "Children and Families Act 2014 (Transitional and Saving Provisions) (No. 2) Order 2014",
    decision="We have issued {child_first_name}'s final education, health and care (EHC) plan. "
    "It replaces their statement or learning difficulty assessment.",
    facts=(Fact("issued_on", "Date the plan was issued"),),
    rights=Right.ALL,
    copies=(Copy.SETTING, Copy.HEALTH),
    # the transfer review is concluded, and its time limit met, the day this is sent
    on_sent=meets(DEADLINE_KIND),
    letter="Dear {reader_name},\n\n"
    "The transfer review of {child_first_name}'s statement of special educational needs or "
    "learning difficulty assessment is finished. With this letter is their final education, "
    "health and care (EHC) plan, issued on {issued_on}. It replaces the statement or "
    "assessment. We have sent a copy to the school or college named in it and to the health "
    "commissioner.\n\n" + DISAGREE + SIGN_OFF,
)

TRANSFER_NO_PLAN = NoticeKind(
    code="transfer_no_plan",
    title="Transfer review: an EHC plan is not needed",
    regulation="Children and Families Act 2014 (Transitional and Saving Provisions) (No. 2) "
    "Order 2014, articles 17 to 19; SEND Regulations 2014, regulation 10",
    decision="After the transfer review, we have decided that {child_first_name} does not need "
    "an education, health and care (EHC) plan.",
    facts=(Fact("decided_on", "Date of the decision"), Fact("reason", "Why", type="text")),
    rights=Right.ALL,
    copies=(Copy.SETTING,),
    # the transfer review is concluded, and its time limit met, the day this is sent
    on_sent=meets(DEADLINE_KIND),
    letter="Dear {reader_name},\n\n"
    "We have finished the transfer review of {child_first_name}'s statement of special "
    "educational needs or learning difficulty assessment. On {decided_on} we decided that "
    "{child_first_name} does not need an education, health and care (EHC) plan. The reason: "
    "{reason}.\n\n"
    "Their statement or assessment ends, and their school or college will meet their needs "
    "with the support it provides itself (SEN support). We have sent a copy of this letter to "
    "the school or college.\n\n" + DISAGREE + SIGN_OFF,
)

KINDS = (TRANSFER_REVIEW_START, TRANSFER_DRAFT_PLAN, TRANSFER_FINAL_PLAN, TRANSFER_NO_PLAN)
