"""What moves between councils and reassessment plug into the extension points of `cases`
(workflow steps, case page panel, deadline kinds, audit events, notice kinds, personal data),
called once from `TransfersConfig.ready()`."""


def register() -> None:
    from django.urls import reverse

    from cases.audit_events import register_audit_events
    from cases.deadline_kinds import DeadlineKindInfo
    from cases.deadline_kinds import register_deadline_kinds
    from cases.notices.kinds import register_notice_kinds
    from cases.panels import CasePanel
    from cases.panels import register_case_panel
    from cases.personal_data import ERASED
    from cases.personal_data import PersonalData
    from cases.personal_data import register_personal_data

    from . import models  # noqa: F401 (steps register)
    from . import notice_kinds  # noqa: F401 (steps register)
    from . import selectors  # noqa: F401 (steps register)
    from . import steps  # noqa: F401 (steps register)
    from .audit_actions import EVENTS
    from .clock import Kind

    register_case_panel(
        CasePanel(
            "moves",
            "transfers/moves/_case_panel.html",
            build=selectors.case_moves_panel,
            order=30,
            records=("moves_out", "moves_in", "reassessments"),
        )
    )

    def on_case(deadline) -> str:
        return reverse("cases:case", kwargs={"reference": deadline.case.reference}) + "#moves"

    register_deadline_kinds(
        # The day of the move may be close: warn two weeks ahead.
        DeadlineKindInfo(
            Kind.MOVE_OUT_HANDOVER,
            Kind.LABELS[Kind.MOVE_OUT_HANDOVER],
            due_soon_working_days=10,
            action_url=on_case,
        ),
        DeadlineKindInfo(Kind.MOVE_IN_NOTICE, Kind.LABELS[Kind.MOVE_IN_NOTICE], action_url=on_case),
        # The health commissioner's own limit: shown, not counted as the council's timeliness.
        DeadlineKindInfo(
            Kind.MOVE_IN_HEALTH,
            Kind.LABELS[Kind.MOVE_IN_HEALTH],
            statutory=False,
            action_url=on_case,
        ),
        # 15 days leave little room: warn from the start of the last week and a half.
        DeadlineKindInfo(
            Kind.REASSESSMENT_DECISION,
            Kind.LABELS[Kind.REASSESSMENT_DECISION],
            due_soon_working_days=7,
            action_url=on_case,
        ),
        DeadlineKindInfo(
            Kind.REASSESSMENT_PLAN,
            Kind.LABELS[Kind.REASSESSMENT_PLAN],
            due_soon_working_days=10,
            action_url=on_case,
        ),
    )
    register_audit_events(*EVENTS)
    register_notice_kinds(*notice_kinds.KINDS)
    register_personal_data(
        PersonalData(models.MoveOut, "case", {"notes": ""}, export_as="moves to another council"),
        PersonalData(models.MoveIn, "case", export_as="plans moved in"),
        PersonalData(
            models.Reassessment,
            "case",
            {"requester_name": ERASED, "reason": "", "decision_reason": ""},
        ),
    )
