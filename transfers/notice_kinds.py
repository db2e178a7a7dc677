"""The notice of a transfer review (registered by `transfers/extensions.py`): the family is told,
at least 2 weeks ahead, the date the review starts, and invited to meet an officer
(SI 2014/2270 art. 17)."""

from cases.notices.hooks import meets
from cases.notices.kinds import Copy, Fact, NoticeKind, Right

from .services.legacy_import import NOTIFY_KIND

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

KINDS = (TRANSFER_REVIEW_START,)
