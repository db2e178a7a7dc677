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
        PersonalData(models.TimeLimitException, "request__case", {"reason": ""}),
        PersonalData(models.Deadline, "case", {"label": ""}),
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
