"""What `cases` plugs into its own extension points (workflow steps, deadline kinds, audit events,
personal data), called once from `CasesConfig.ready()`. Each app built on cases has a module like
this one."""


def register() -> None:
    # The steps of the request and the assessment register themselves with the workflow.
    from . import models
    from . import steps  # noqa: F401
    from .audit_actions import EVENTS
    from .audit_events import register_audit_events
    from .deadline_kinds import FAMILY_COUNCIL
    from .deadline_kinds import FAMILY_YOU
    from .deadline_kinds import DeadlineKindInfo
    from .deadline_kinds import FamilyWording
    from .deadline_kinds import register_deadline_kinds
    from .models import DeadlineKind as K
    from .personal_data import ERASED
    from .personal_data import PersonalData
    from .personal_data import register_personal_data

    def council(sentence: str) -> FamilyWording:  # what the family read: the council acts
        return FamilyWording(FAMILY_COUNCIL, sentence)

    register_deadline_kinds(
        DeadlineKindInfo(
            K.DECIDE_TO_ASSESS,
            K.DECIDE_TO_ASSESS.label,
            family=council("The council must decide by {due} whether to assess {name}."),
        ),
        DeadlineKindInfo(K.ADVICE, K.ADVICE.label),  # the adviser's own 6 weeks
        DeadlineKindInfo(
            K.DECIDE_TO_ISSUE,
            K.DECIDE_TO_ISSUE.label,
            family=council(
                "The council must decide by {due} whether to issue an EHC plan for {name}."
            ),
        ),
        DeadlineKindInfo(
            K.FINAL_PLAN,
            K.FINAL_PLAN.label,
            family=council("The council must issue the final EHC plan by {due}."),
        ),
        DeadlineKindInfo(
            K.DRAFT_PLAN_TARGET,
            K.DRAFT_PLAN_TARGET.label,
            statutory=False,
            family=council("The council aims to send the draft plan by {due}."),
        ),
        DeadlineKindInfo(
            K.DRAFT_RESPONSE,
            K.DRAFT_RESPONSE.label,
            family_window=True,
            family=FamilyWording(
                FAMILY_YOU,
                "You have until {due} to comment on the draft plan, ask for a meeting and say "
                "which school or college you want named.",
            ),
        ),
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
    from .notices import events  # noqa: F401
    from .notices import request_kinds  # noqa: F401
    from .notices import selectors  # noqa: F401
    from .notices import tasks  # noqa: F401
    from .notices.kinds import register_notice_kinds
    from .notices.models import Delivery
    from .notices.models import Notice
    from .panels import CasePanel
    from .panels import register_case_panel
    from .personal_data import ERASED
    from .personal_data import PersonalData
    from .personal_data import register_personal_data

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
