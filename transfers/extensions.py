"""What `transfers` plugs into the extension points of `cases` (workflow steps, case page
panels, deadline kinds, audit events, notice kinds, personal data), called once from
`TransfersConfig.ready()`."""


def register() -> None:
    from django.urls import reverse

    from cases.audit_events import register_audit_events
    from cases.deadline_kinds import DeadlineKindInfo
    from cases.deadline_kinds import register_deadline_kinds
    from cases.notices.kinds import register_notice_kinds
    from cases.panels import CasePanel
    from cases.panels import register_case_panel
    from cases.personal_data import PersonalData
    from cases.personal_data import register_personal_data

    from . import models  # noqa: F401 (steps register themselves)
    from . import notice_kinds  # noqa: F401 (steps register themselves)
    from . import selectors  # noqa: F401 (steps register themselves)
    from . import steps  # noqa: F401 (steps register themselves)
    from .audit_actions import EVENTS
    from .services.legacy_import import NOTIFY_KIND
    from .services.reviews import DEADLINE_KIND

    def on_the_review(deadline):
        return reverse("transfers:review", kwargs={"review_id": deadline.object_id})

    register_deadline_kinds(
        DeadlineKindInfo(
            DEADLINE_KIND,
            "Transfer review: final EHC plan or decision",
            action_url=on_the_review,
        ),
        DeadlineKindInfo(
            NOTIFY_KIND,
            "Transfer review: tell the family when it starts",
            statutory=False,
            action_url=on_the_review,
        ),
    )
    register_audit_events(*EVENTS)
    register_notice_kinds(*notice_kinds.KINDS)
    register_case_panel(
        CasePanel(
            "transfer_reviews",
            "transfers/_case_panel.html",
            build=selectors.case_transfer_panel,
            order=15,
            records=("transfer_reviews",),
        )
    )
    register_personal_data(
        PersonalData(
            models.LegacyRecord,
            "case",
            {"values": {}},
            export_as="legacy records",
        ),
        PersonalData(
            models.TransferReview,
            "case",
            {"meeting_offered": "", "no_plan_reason": ""},
            export_as="transfer reviews",
        ),
    )
