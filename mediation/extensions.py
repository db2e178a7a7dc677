"""What `mediation` plugs into the extension points of `cases` (workflow steps, the case page
panel, deadline kinds, audit events, notices, personal data), called once from
`MediationConfig.ready()`."""

# What the family portal says of each step of an order or agreement (`ORDER_STEP_KINDS`).
ORDER_STEP_FAMILY = {
    "assess_notice": "The council must tell you by {due} that it will assess {name}.",
    "no_plan_notice": "If the council finds no EHC plan is needed, it must tell you by {due}.",
    "final_plan": "The council must issue the final EHC plan by {due}.",
    "draft_plan": "The council must send you the draft EHC plan by {due}.",
    "amended_plan": "The council must issue the amended EHC plan by {due}.",
    "placement": "The council must name the school or college in the plan by {due}.",
    "continue": "The council must keep {whose} EHC plan in place from {due}.",
    "agreed_action": "The council must do what was agreed at mediation by {due}.",
}


def register() -> None:
    from django.urls import reverse

    from cases.audit_events import register_audit_events
    from cases.deadline_kinds import FAMILY_COUNCIL
    from cases.deadline_kinds import FAMILY_YOU
    from cases.deadline_kinds import DeadlineKindInfo
    from cases.deadline_kinds import FamilyWording
    from cases.deadline_kinds import register_deadline_kinds
    from cases.notices.kinds import register_notice_kinds
    from cases.panels import CasePanel
    from cases.panels import register_case_panel
    from cases.personal_data import PersonalData
    from cases.personal_data import register_personal_data

    from . import kinds  # noqa: F401
    from . import models  # noqa: F401
    from . import notice_kinds  # noqa: F401
    from . import selectors  # noqa: F401
    from . import steps  # noqa: F401
    from .audit_actions import EVENTS

    register_case_panel(
        CasePanel(
            "disagreements",
            "mediation/_case_panel.html",
            selectors.case_panel,
            order=30,
            records=("disagreements",),
        )
    )

    def on_disagreement(deadline) -> str:
        """ "My work" sends the officer to the case's disagreements (no query per deadline)."""
        return reverse("mediation:list", kwargs={"reference": deadline.case.reference})

    def council(sentence: str) -> FamilyWording:  # the family portal: the council acts
        return FamilyWording(FAMILY_COUNCIL, sentence)

    certificate = council("The council must send you the mediation certificate by {due}.")
    K = DeadlineKindInfo
    register_deadline_kinds(
        K(
            kinds.MEDIATION_CONTACT,
            "The family's last day to contact the mediation adviser (2 months)",
            statutory=False,
            action_url=on_disagreement,
            family=FamilyWording(
                FAMILY_YOU,
                "If you want to appeal to the SEND Tribunal, you must first contact the "
                "mediation adviser, by {due}.",
            ),
        ),
        K(
            kinds.MEDIATION_CERTIFICATE,
            "Mediation certificate issued (3 working days)",
            due_soon_working_days=2,
            action_url=on_disagreement,
            family=certificate,
        ),
        K(
            kinds.MEDIATION_CERTIFICATE_AFTER,
            "Mediation certificate after mediation (3 working days)",
            due_soon_working_days=2,
            action_url=on_disagreement,
            family=certificate,
        ),
        K(
            kinds.MEDIATION_DUE,
            "Mediation held (30 days)",
            action_url=on_disagreement,
            family=council("The mediation must take place by {due}."),
        ),
        K(
            kinds.COMMISSIONER_TOLD,
            "Health commissioner told of mediation (3 working days)",
            due_soon_working_days=2,
            action_url=on_disagreement,
        ),
        K(
            kinds.APPEAL_DEADLINE,
            "The family's last day to appeal",
            statutory=False,
            action_url=on_disagreement,
            family=FamilyWording(
                FAMILY_YOU,
                "If you want to appeal to the SEND Tribunal, your appeal must reach it by {due}.",
            ),
        ),
        K(
            kinds.APPEAL_PENDING,
            "Appeal to the Tribunal decided",
            statutory=False,
            action_url=on_disagreement,
        ),
        K(
            kinds.TRIBUNAL_EVIDENCE,
            "Evidence to the Tribunal (its direction)",
            action_url=on_disagreement,
        ),
        K(
            kinds.RECOMMENDATION_RESPONSE,
            "Written response to a Tribunal recommendation (5 weeks)",
            action_url=on_disagreement,
            family=FamilyWording(
                "The health or social care service",
                "The Tribunal's recommendation must be answered in writing by {due}.",
            ),
        ),
        *(
            K(
                code,
                f"Order: {label.lower()}",
                action_url=on_disagreement,
                family=council(ORDER_STEP_FAMILY[step]),
            )
            for step, (code, label) in models.ORDER_STEP_KINDS.items()
            if code != "agreement_action"
        ),
        K(
            "agreement_action",
            "Mediation agreement: agreed action (2 weeks)",
            action_url=on_disagreement,
            family=council(ORDER_STEP_FAMILY["agreed_action"]),
        ),
    )
    register_audit_events(*EVENTS)
    register_notice_kinds(*notice_kinds.KINDS)
    register_personal_data(
        PersonalData(models.Disagreement, "case", {"summary": "", "close_reason": ""}),
        PersonalData(
            models.Mediation,
            "disagreement__case",
            {"attendees": "", "agreement": "", "mediator": ""},
        ),
        PersonalData(models.Appeal, "disagreement__case", {"grounds": ""}),
        PersonalData(
            models.Order, "disagreement__case", {"description": "", "agreed_due_reason": ""}
        ),
        PersonalData(
            models.Recommendation, "appeal__disagreement__case", {"text": "", "response": ""}
        ),
        PersonalData(models.Resolution, "case", {"with_whom": "", "about": "", "notes": ""}),
        PersonalData(models.Complaint, "case", {"complainant": "", "about": "", "response": ""}),
    )
