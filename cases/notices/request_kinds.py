"""The notices of the request for assessment and the co-ordinated assessment (registered by
`cases/extensions.py`): the decisions of regs 5, 10, 13 and 14, and the advice request (reg 6-8)."""

from django.utils import timezone

from cases.models import DeadlineKind

from .hooks import meets
from .kinds import DECIDED
from .kinds import SIGN_OFF
from .kinds import Audience
from .kinds import Copy
from .kinds import Fact
from .kinds import NoticeKind
from .kinds import Right

ALL_COPIES = (Copy.SETTING, Copy.HEALTH, Copy.SOCIAL_CARE)


def panel_told(panel_kind: str):
    """A hook for the panel's decisions: the family was told on the sent date, kept on the
    `PanelDecision` (its `told_on`) and its 6- or 16-week limit met that day, through the one
    service that records it (`cases.services.request_decision_notified`)."""

    def hook(*, notice, sent_on, actor=None) -> None:
        from cases.models import AssessmentRequest
        from cases.services import request_decision_notified

        if notice.decision_type is None or notice.decision_type.model_class() is not (
            AssessmentRequest
        ):
            return

        # The notice went on `sent_on` (checked when it was recorded): that day is not ahead.
        request_decision_notified(
            actor=actor,
            request_id=notice.decision_id,
            kind=panel_kind,
            told_on=sent_on,
            today=max(sent_on, timezone.localdate()),
        )

    hook.meets = panel_kind
    return hook


ASSESS = NoticeKind(
    code="assess",
    title="Decision to carry out an EHC needs assessment",
    regulation="SEND Regulations 2014, regulation 5",
    decision="We have decided to carry out an education, health and care (EHC) needs "
    "assessment for {child_first_name}.",
    facts=(DECIDED,),
    rights=(Right.IASS,),
    copies=ALL_COPIES,
    on_sent=panel_told("assess"),
    letter="Dear {reader_name},\n\n"
    "On {decided_on} we decided to carry out an education, health and care (EHC) needs "
    "assessment for {child_first_name}.\n\n"
    "We will now ask for advice from the people who know {child_first_name}: their school or "
    "setting, an educational psychologist, health and social care. We will ask you for your "
    "views too. Your case officer, {officer_name}, will keep you informed.\n\n" + SIGN_OFF,
)

NOT_ASSESS = NoticeKind(
    code="not_assess",
    title="Decision not to carry out an EHC needs assessment",
    regulation="SEND Regulations 2014, regulation 5",
    decision="We have decided not to carry out an education, health and care (EHC) needs "
    "assessment for {child_first_name}.",
    facts=(DECIDED,),
    rights=Right.ALL,
    copies=ALL_COPIES,
    on_sent=panel_told("assess"),
    letter="Dear {reader_name},\n\n"
    "On {decided_on} we decided not to carry out an education, health and care (EHC) needs "
    "assessment for {child_first_name}.\n\n"
    "We know this may not be the answer you hoped for. If you disagree, you can talk to us, "
    "ask for mediation or appeal: the rest of this letter explains how and by when.\n\n" + SIGN_OFF,
)

NOT_ISSUE = NoticeKind(
    code="not_issue",
    title="Decision not to issue an EHC plan",
    regulation="SEND Regulations 2014, regulation 10",
    decision="We have decided not to issue an education, health and care (EHC) plan for "
    "{child_first_name}.",
    facts=(DECIDED,),
    rights=Right.ALL,
    copies=(Copy.SETTING, Copy.HEALTH),
    on_sent=panel_told("issue"),
    letter="Dear {reader_name},\n\n"
    "We have finished the EHC needs assessment for {child_first_name}. On {decided_on} we "
    "decided not to issue an education, health and care (EHC) plan.\n\n"
    "We will send you the advice we gathered and tell you how {child_first_name}'s needs can "
    "be met at their school or setting. If you disagree, you can talk to us, ask for mediation "
    "or appeal: the rest of this letter explains how and by when.\n\n" + SIGN_OFF,
)

DRAFT_PLAN = NoticeKind(
    code="draft_plan",
    title="Draft EHC plan",
    regulation="SEND Regulations 2014, regulation 13",
    decision="We have written a draft education, health and care (EHC) plan for "
    "{child_first_name}.",
    facts=(Fact("served_on", "Date the draft was sent"), Fact("response_due", "Comments due by")),
    rights=(Right.IASS,),
    action="Tell us what you think of the draft plan, ask for a meeting, or tell us the school "
    "or college you would like named, by {response_due}.",
    letter="Dear {reader_name},\n\n"
    "With this letter is the draft education, health and care (EHC) plan for "
    "{child_first_name}. The draft does not name a school or college yet.\n\n"
    "You have until {response_due} to:\n"
    "- tell us what you think of the draft, and what you would change\n"
    "- ask to meet us to talk about it\n"
    "- tell us which school or college you would like named in the plan\n\n"
    "You can find information about schools and colleges in our local offer: "
    "{local_offer_url}\n\n" + SIGN_OFF,
)

FINAL_PLAN = NoticeKind(
    code="final_plan",
    title="Final EHC plan",
    regulation="SEND Regulations 2014, regulation 14",
    decision="We have issued {child_first_name}'s final education, health and care (EHC) plan.",
    facts=(Fact("issued_on", "Date the plan was issued"),),
    rights=Right.ALL,
    copies=(Copy.SETTING, Copy.HEALTH),
    on_sent=meets(DeadlineKind.FINAL_PLAN),
    letter="Dear {reader_name},\n\n"
    "With this letter is {child_first_name}'s final education, health and care (EHC) plan, "
    "issued on {issued_on}. We have sent a copy to the school or college named in it and to "
    "the health commissioner.\n\n"
    "If you disagree with what the plan says, you can talk to us, ask for mediation or appeal: "
    "the rest of this letter explains how and by when.\n\n" + SIGN_OFF,
)

ADVICE_REQUEST = NoticeKind(
    code="advice_request",
    title="Request for advice for an EHC needs assessment",
    regulation="SEND Regulations 2014, regulations 6 and 8",
    decision="We are carrying out an education, health and care (EHC) needs assessment for "
    "{child_name} and ask for your {advice_kind}.",
    facts=(
        Fact("advice_kind", "The advice asked for", type="text"),
        Fact("requested_on", "Date of the request"),
        Fact("advice_due", "Advice due by"),
    ),
    audience=Audience.ADDRESSEE,
    action="Send us your advice by {advice_due}.",
    letter="Dear {reader_name},\n\n"
    "We are carrying out an education, health and care (EHC) needs assessment for "
    "{child_name} (our reference {case_reference}) and ask for your {advice_kind}.\n\n"
    "Please send it to us by {advice_due}: the law gives 6 weeks from the day you received "
    "this request. If you cannot meet that date, tell {officer_name} at once.\n\n" + SIGN_OFF,
)

KINDS = (ASSESS, NOT_ASSESS, NOT_ISSUE, DRAFT_PLAN, FINAL_PLAN, ADVICE_REQUEST)
