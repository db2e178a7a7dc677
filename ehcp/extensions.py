"""What `ehcp` plugs into the extension points of `cases` (workflow steps, case page panels,
deadline kinds, audit events, personal data), called once from `EhcpConfig.ready()`."""


def register() -> None:
    # The steps of the plan, reviews, amendments and ceasing register with the workflow.
    from django.urls import reverse

    from cases.audit_events import register_audit_events
    from cases.deadline_kinds import FAMILY_COUNCIL
    from cases.deadline_kinds import FAMILY_SCHOOL
    from cases.deadline_kinds import FAMILY_YOU
    from cases.deadline_kinds import DeadlineKindInfo
    from cases.deadline_kinds import FamilyWording
    from cases.deadline_kinds import register_deadline_kinds
    from cases.models import DeadlineKind as K
    from cases.panels import CasePanel
    from cases.panels import register_case_panel
    from cases.personal_data import ERASED
    from cases.personal_data import PersonalData
    from cases.personal_data import register_personal_data

    from . import models  # noqa: F401
    from . import review_selectors  # noqa: F401
    from . import review_steps  # noqa: F401
    from . import selectors  # noqa: F401
    from . import steps  # noqa: F401

    register_case_panel(
        CasePanel(
            "plan",
            "ehcp/includes/case_plan_summary.html",
            build=selectors.case_plan_summary,
            order=10,
            adjust_request_actions=selectors.request_actions_with_plan,
            lists=selectors.CASE_PAGE_LISTS,
        )
    )
    register_case_panel(
        CasePanel(
            "reviews",
            "ehcp/reviews/_summary.html",
            review_selectors.case_review_panel,
            20,
            lists=selectors.CASE_PAGE_LISTS,  # the plans, each with its reviews
        )
    )
    from .audit_actions import EVENTS

    # Where "My work" sends the officer: the review's page for a review's limits, the plan's
    # page for the plan's own.
    def on_review(deadline) -> str:
        return reverse("reviews:review", kwargs={"review_id": deadline.object_id})

    def on_plan(deadline) -> str:
        return reverse("ehcp:plan", kwargs={"reference": deadline.case.reference})

    # What the family portal tells the family of each date (who must act, and by when).
    family = {
        K.AMENDMENT_RESPONSE: FamilyWording(
            FAMILY_YOU, "You have until {due} to comment on the proposed changes to the plan."
        ),
        K.AMENDED_PLAN: FamilyWording(
            FAMILY_COUNCIL, "The council must issue the changed plan by {due}."
        ),
        K.ANNUAL_REVIEW: FamilyWording(
            FAMILY_COUNCIL, "The council must review {whose} plan by {due}."
        ),
        K.REVIEW_REPORT: FamilyWording(
            FAMILY_SCHOOL, "The report of the review meeting must be sent to the council by {due}."
        ),
        K.REVIEW_DECISION: FamilyWording(
            FAMILY_COUNCIL,
            "The council must tell you by {due} whether it will keep, change or end the plan.",
        ),
        K.PHASE_TRANSFER: FamilyWording(
            FAMILY_COUNCIL,
            "The council must change the plan for the move to the next school by {due}.",
        ),
    }
    register_deadline_kinds(
        DeadlineKindInfo(
            K.CONSULTATION_RESPONSE,
            K.CONSULTATION_RESPONSE.label,
            statutory=False,
            action_url=on_plan,
        ),
        DeadlineKindInfo(
            K.AMENDMENT_RESPONSE,
            K.AMENDMENT_RESPONSE.label,
            family_window=True,
            action_url=on_plan,
            family=family[K.AMENDMENT_RESPONSE],
        ),
        DeadlineKindInfo(
            K.AMENDED_PLAN, K.AMENDED_PLAN.label, action_url=on_plan, family=family[K.AMENDED_PLAN]
        ),
        *(
            DeadlineKindInfo(kind.value, kind.label, action_url=on_review, family=family[kind])
            for kind in (K.ANNUAL_REVIEW, K.REVIEW_REPORT, K.REVIEW_DECISION, K.PHASE_TRANSFER)
        ),
    )
    register_audit_events(*EVENTS)
    from cases.case_changes import register_school_phases_changed

    from .services.reviews import reviews_follow_school_phases

    register_school_phases_changed("ehcp.reviews", reviews_follow_school_phases)
    from cases.notices.kinds import register_notice_kinds

    from . import notice_kinds

    register_notice_kinds(*notice_kinds.KINDS)
    register_personal_data(
        PersonalData(
            models.Plan,
            "case",
            {
                "views": "",
                "interests": "",
                "aspirations": "",
                "one_page_profile": "",
                "placement_notes": "",
                "budget_arrangements": "",
            },
        ),
        PersonalData(models.PlanNeed, "plan__case", {"description": ""}),
        PersonalData(
            models.PlanOutcome, "plan__case", {"description": "", "achieve_by": "", "steps": ""}
        ),
        PersonalData(
            models.PlanProvision,
            "plan__case",
            {"what": "", "by_whom": "", "frequency": "", "quantity": "", "duration": ""},
        ),
        PersonalData(
            models.PlanAdvice,
            "plan__case",
            {"title": ERASED, "author": ERASED},
            export_as="plan advice",
        ),
        PersonalData(models.Consultation, "plan__case", {"response_notes": ""}),
        # Content and PDF replaced by erasure; exported with the PDF as issued.
        PersonalData(models.PlanVersion, "plan__case", files=("pdf",), export_as="plan versions"),
        PersonalData(models.FamilyResponse, "plan__case", {"comments": {}}),
        PersonalData(
            models.AnnualReview, "plan__case", {"decision_reasons": "", "transfer_to": ""}
        ),
        PersonalData(models.Amendment, "plan__case", {"evidence": "", "reasons": ""}),
        PersonalData(models.Cessation, "plan__case", {"notes": ""}),
        PersonalData(
            models.PersonalBudgetRequest,
            "case",
            {"requested_by": ERASED, "details": "", "decision_reasons": ""},
        ),
    )
