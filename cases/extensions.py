"""What `cases` plugs into its own extension points (workflow steps, deadline kinds, audit events,
personal data), called once from `CasesConfig.ready()`. Each app built on cases has a module like
this one."""


def register() -> None:
    # The steps of the request and the assessment register themselves with the workflow.
    from . import (
        models,
        steps,  # noqa: F401
    )
    from .audit_actions import EVENTS
    from .audit_events import register_audit_events
    from .deadline_kinds import DeadlineKindInfo, register_deadline_kinds
    from .models import DeadlineKind as K
    from .personal_data import ERASED, PersonalData, register_personal_data

    register_deadline_kinds(
        *(
            DeadlineKindInfo(kind.value, kind.label)
            for kind in (K.DECIDE_TO_ASSESS, K.ADVICE, K.DECIDE_TO_ISSUE, K.FINAL_PLAN)
        ),
        DeadlineKindInfo(K.DRAFT_PLAN_TARGET, K.DRAFT_PLAN_TARGET.label, statutory=False),
        DeadlineKindInfo(K.DRAFT_RESPONSE, K.DRAFT_RESPONSE.label, family_window=True),
    )
    register_audit_events(*EVENTS)
    _register_notices()
    from .notes.audit_actions import EVENTS as NOTE_EVENTS

    register_audit_events(*NOTE_EVENTS)
    register_personal_data(
        PersonalData(
            models.AssessmentRequest,
            "case",
            {
                "requester_name": ERASED,
                "reason": "",
                "assess_reason": "",
                "issue_reason": "",
                "withdrawn_reason": "",
            },
        ),
        PersonalData(models.PanelDecision, "request__case", {"reason": ""}),
        PersonalData(
            models.AdviceRequest,
            "request__case",
            {"addressee_name": ERASED, "addressee_email": "", "notes": ""},
        ),
        PersonalData(
            models.AdviceSubmission,
            "advice__request__case",
            {"sections": [], "reused_title": ""},
            export_as="advice sent through the advice portal",
        ),
        PersonalData(models.TimeLimitException, "request__case", {"reason": ""}),
        PersonalData(models.Deadline, "case", {"label": ""}),
        PersonalData(models.Placement, "case"),
        PersonalData(
            models.CaseNote, "case", {"text": "", "with_whom": ""}, export_as="notes and contacts"
        ),
        # Deleted with its file by erasure; exported with the file.
        PersonalData(models.Document, "case", files=("file",), file_name="original_name"),
        PersonalData(
            models.Notification,
            "case",
            {
                "recipient": None,
                "to_address": "",
                "subject": ERASED,
                "body": "",
                "last_error": "",
            },
        ),
    )


def _register_notices() -> None:
    """Notices and letters (cases.notices): the request's kinds, their audit events, the case
    page's panel and personal data; importing the tasks registers them with Celery."""
    from .audit_events import register_audit_events
    from .notices import events, request_kinds, selectors, tasks  # noqa: F401
    from .notices.kinds import register_notice_kinds
    from .notices.models import Delivery, Notice
    from .panels import CasePanel, register_case_panel
    from .personal_data import ERASED, PersonalData, register_personal_data

    register_notice_kinds(*request_kinds.KINDS)
    register_audit_events(*events.EVENTS)
    register_case_panel(
        CasePanel(
            "notices",
            "notices/_case_panel.html",
            build=selectors.case_notices_panel,
            order=90,
            records=("notices",),
        )
    )
    register_personal_data(
        PersonalData(Notice, "case", {"facts": {}}),
        PersonalData(
            Delivery,
            "notice__case",
            {"name": ERASED, "email": "", "postal_address": "", "last_error": ""},
        ),
    )
