from django.apps import AppConfig


class EhcpConfig(AppConfig):
    name = "ehcp"
    verbose_name = "EHC plans"

    def ready(self):
        # The steps of the plan, reviews, amendments and ceasing register with the workflow.
        from cases.audit_events import register_audit_events
        from cases.deadline_kinds import DeadlineKindInfo, register_deadline_kinds
        from cases.models import DeadlineKind as K
        from cases.panels import CasePanel, register_case_panel

        from . import review_selectors, review_steps, selectors, steps  # noqa: F401

        register_case_panel(
            CasePanel(
                "plan",
                "ehcp/includes/case_plan_summary.html",
                build=selectors.case_plan_summary,
                order=10,
                adjust_request_actions=selectors.request_actions_with_plan,
            )
        )
        register_case_panel(
            CasePanel(
                "reviews", "ehcp/reviews/_summary.html", review_selectors.case_review_panel, 20
            )
        )
        from .audit_actions import EVENTS

        register_deadline_kinds(
            DeadlineKindInfo(
                K.CONSULTATION_RESPONSE, K.CONSULTATION_RESPONSE.label, statutory=False
            ),
            DeadlineKindInfo(K.AMENDMENT_RESPONSE, K.AMENDMENT_RESPONSE.label, family_window=True),
            *(
                DeadlineKindInfo(kind.value, kind.label)
                for kind in (
                    K.ANNUAL_REVIEW,
                    K.REVIEW_REPORT,
                    K.REVIEW_DECISION,
                    K.AMENDED_PLAN,
                    K.PHASE_TRANSFER,
                )
            ),
        )
        register_audit_events(*EVENTS)
