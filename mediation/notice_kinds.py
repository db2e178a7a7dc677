"""The notices of the mediation app (registered by `mediation/extensions.py`): the mediation
certificate (CFA 2014 s.55, regs 34 and 39) and the arrangements of a mediation meeting."""

from cases.notices.kinds import Fact, NoticeKind, Right

SIGN_OFF = "Yours sincerely,\n{council_name}"

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

KINDS = (MEDIATION_CERTIFICATE, MEDIATION_ARRANGEMENTS)
