from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases and the statutory clock"

    def ready(self):
        # The steps of the request and the assessment register themselves with the workflow.
        from . import steps  # noqa: F401
        from .audit_actions import EVENTS
        from .audit_events import register_audit_events
        from .deadline_kinds import DeadlineKindInfo, register_deadline_kinds
        from .models import DeadlineKind as K

        register_deadline_kinds(
            *(
                DeadlineKindInfo(kind.value, kind.label)
                for kind in (K.DECIDE_TO_ASSESS, K.ADVICE, K.DECIDE_TO_ISSUE, K.FINAL_PLAN)
            ),
            DeadlineKindInfo(K.DRAFT_PLAN_TARGET, K.DRAFT_PLAN_TARGET.label, statutory=False),
            DeadlineKindInfo(K.DRAFT_RESPONSE, K.DRAFT_RESPONSE.label, family_window=True),
        )
        register_audit_events(*EVENTS)
