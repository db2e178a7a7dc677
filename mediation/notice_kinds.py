"""The notices of the mediation app (registered by `mediation/extensions.py`): the mediation
certificate (CFA 2014 s.55, regs 34 and 39), the arrangements of a mediation meeting, the
health commissioner told of mediation issues (reg 35), the family told what the council will
do after a Tribunal order, an appeal not opposed or a mediation agreement (regs 42, 44, 45), and
a copy of a health or social care body's response to a Tribunal recommendation."""

from cases.notices.kinds import SIGN_OFF
from cases.notices.kinds import Audience
from cases.notices.kinds import Copy
from cases.notices.kinds import Fact
from cases.notices.kinds import NoticeKind
from cases.notices.kinds import Right


def _order_of(notice):
    from mediation.models import Order

    if notice.decision_type is None or notice.decision_type.model_class() is not Order:
        return None
    return notice.decision_id


def on_order_letter_sent(*, notice, sent_on, actor=None) -> None:
    """The family were told of an order's step: the step is done that day (a "tell the family"
    limit is met on the sent date), and the order complied with when it was the last."""
    from mediation.services.orders import order_letter_sent

    order_id = _order_of(notice)
    if order_id is not None:
        order_letter_sent(order_id=order_id, kind=notice.kind, sent_on=sent_on, actor=actor)


def on_commissioner_told(*, notice, sent_on, actor=None) -> None:
    """The health commissioner's notice was sent: it was told that day (3 working days, reg 35),
    and when health is the only issue its 30 days to arrange the mediation start then."""
    from mediation.models import Disagreement
    from mediation.services.disagreements import commissioner_notice_sent

    if notice.decision_type is None or notice.decision_type.model_class() is not Disagreement:
        return
    commissioner_notice_sent(disagreement_id=notice.decision_id, sent_on=sent_on, actor=actor)


MEDIATION_CERTIFICATE = NoticeKind(
    code="mediation_certificate",
    title="Mediation certificate",
    regulation="Children and Families Act 2014, section 55; SEND Regulations 2014, "
    "regulations 34 and 39",
    decision="This is your mediation certificate about our decision of {decision_letter_on} on "
    "{child_first_name}'s needs. You need it to appeal to the First-tier Tribunal.",
    facts=(
        Fact("issued_on", "Date the certificate was issued"),
        Fact("decision_letter_on", "Date of the decision letter"),
        Fact("appeal_by", "Last day to appeal", type="text", required=False),
    ),
    rights=(Right.IASS,),
    action="If you want to appeal, send this certificate with your appeal to the Tribunal by "
    "{appeal_by}.",
    letter="Dear {reader_name},\n\n"
    "This certificate, issued on {issued_on}, confirms that you have considered mediation about "
    "our decision of {decision_letter_on} (case {case_reference}).\n\n"
    "You can now appeal to the First-tier Tribunal (Special Educational Needs and Disability). "
    "The last day to appeal is {appeal_by}: the later of 2 months from our decision letter and "
    "1 month from this certificate.\n\n" + SIGN_OFF,
)

MEDIATION_ARRANGEMENTS = NoticeKind(
    code="mediation_arrangements",
    title="Mediation arrangements",
    regulation="SEND Regulations 2014, regulations 36 to 38",
    decision="We have arranged the mediation you asked for about {child_first_name}'s EHC needs.",
    facts=(
        Fact("meeting_on", "Date of the mediation"),
        Fact("mediator", "Mediator", type="text"),
    ),
    rights=(Right.IASS,),
    action="Come to the mediation on {meeting_on}, or tell us at once if you cannot.",
    letter="Dear {reader_name},\n\n"
    "The mediation you asked for will take place on {meeting_on}, with {mediator}. Someone "
    "from the council who can make decisions will be there. You may bring a friend, an "
    "advocate or an adviser, and {child_first_name} may come too if you and the mediator "
    "agree.\n\n"
    "After the mediation you will get a mediation certificate within 3 working days. If you "
    "still want to appeal, you will have at least 1 month from the certificate to do so.\n\n"
    + SIGN_OFF,
)

HEALTH_COMMISSIONER = NoticeKind(
    code="mediation_health_commissioner",
    title="Mediation issues that include health care",
    regulation="SEND Regulations 2014, regulation 35",
    decision="The family of {child_name} want mediation about a decision on their EHC needs, "
    "and health care is among the issues: {issues}.",
    facts=(
        Fact("informed_on", "Date the family told the council they want mediation"),
        Fact("issues", "What the family disagree with", type="text"),
        Fact("arrangements", "Who arranges the mediation", type="text"),
    ),
    audience=Audience.ADDRESSEE,
    letter="Dear {reader_name},\n\n"
    "On {informed_on} the family of {child_name} (our reference {case_reference}) told us they "
    "want mediation about {issues}. Health care is among the issues, so the law asks us to tell "
    "you within 3 working days.\n\n"
    "{arrangements}\n\n"
    "Please contact {officer_name} ({team_email}) about who will attend for health.\n\n" + SIGN_OFF,
    on_sent=on_commissioner_told,
)

_ORDER_REGULATION = "SEND Regulations 2014, regulations 42, 44 and 45"

ORDER_WILL_ASSESS = NoticeKind(
    code="order_will_assess",
    title="We will carry out an EHC needs assessment",
    regulation=_ORDER_REGULATION + " (regulation 44(2)(a))",
    decision="Following {order_words} of {order_on}, we will carry out an education, health and "
    "care (EHC) needs assessment for {child_first_name}.",
    facts=(
        Fact("order_on", "Date of the order, notice or agreement"),
        Fact("order_words", "What the council must comply with", type="text"),
        Fact("no_plan_by", "Last day to tell the family no plan is needed"),
        Fact("final_plan_by", "Last day to issue the final plan"),
    ),
    rights=(Right.IASS,),
    copies=(Copy.SETTING, Copy.HEALTH, Copy.SOCIAL_CARE),
    letter="Dear {reader_name},\n\n"
    "Following {order_words} of {order_on}, we will carry out an education, health and care "
    "(EHC) needs assessment for {child_first_name}. We will ask for advice from the people who "
    "know {child_first_name}, and from you.\n\n"
    "If we then decide that an EHC plan is not needed, we will tell you by {no_plan_by}. "
    "Otherwise we will issue the final EHC plan by {final_plan_by}.\n\n" + SIGN_OFF,
    on_sent=on_order_letter_sent,
)

ORDER_NO_PLAN = NoticeKind(
    code="order_no_plan",
    title="Decision not to issue an EHC plan after the assessment",
    regulation=_ORDER_REGULATION + " (regulation 44(2)(b)); regulation 10",
    decision="We have assessed {child_first_name}'s needs, following {order_words} of "
    "{order_on}, and decided on {decided_on} not to issue an education, health and care (EHC) "
    "plan.",
    facts=(
        Fact("order_on", "Date of the order, notice or agreement"),
        Fact("order_words", "What the council must comply with", type="text"),
        Fact("decided_on", "Date of the decision"),
    ),
    rights=Right.ALL,
    copies=(Copy.SETTING, Copy.HEALTH),
    letter="Dear {reader_name},\n\n"
    "Following {order_words} of {order_on}, we have carried out an education, health and care "
    "(EHC) needs assessment for {child_first_name}. On {decided_on} we decided not to issue an "
    "EHC plan: we think {child_first_name}'s needs can be met from the support the school or "
    "college normally provides.\n\n"
    "If you disagree, you can talk to us, ask for mediation or appeal to the First-tier "
    "Tribunal again: the rest of this letter explains how and by when.\n\n" + SIGN_OFF,
    on_sent=on_order_letter_sent,
)

RECOMMENDATION_RESPONSE = NoticeKind(
    code="recommendation_response",
    title="Response to the Tribunal's recommendation",
    regulation="Special Educational Needs and Disability (First-tier Tribunal Recommendations "
    "Power) Regulations 2017, regulation 6",
    decision="The {body} has answered in writing the Tribunal's recommendation of "
    "{recommended_on} about {child_first_name}'s {care}.",
    facts=(
        Fact("recommended_on", "Date of the recommendation"),
        Fact("body", "Who answered", type="text"),
        Fact("care", "What the recommendation is about", type="text"),
        Fact("responded_on", "Date of the written response"),
        Fact("response", "What the response says", type="text"),
    ),
    rights=(Right.IASS,),
    letter="Dear {reader_name},\n\n"
    "The Tribunal recommended on {recommended_on} that the {body} look again at "
    "{child_first_name}'s {care}. The {body} answered in writing on {responded_on}. This is "
    "what it said:\n\n{response}\n\n"
    "If you are unhappy with the response, you can complain to the {body}, or ask the "
    "information, advice and support service for help.\n\n" + SIGN_OFF,
)

KINDS = (
    MEDIATION_CERTIFICATE,
    MEDIATION_ARRANGEMENTS,
    HEALTH_COMMISSIONER,
    ORDER_WILL_ASSESS,
    ORDER_NO_PLAN,
    RECOMMENDATION_RESPONSE,
)
