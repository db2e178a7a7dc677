"""The steps of the EHC plan itself, declared once (see `cases.workflow`): issuing the draft,
consulting schools and colleges, issuing the final plan.

Each step's rule is the FSM transition it names on `Plan`; this module adds the label, form, page
words and the service it calls. Every address names the case (/staff/cases/<reference>/plan/...)
and reaches the plan through the case gateway.
"""

from django.template.defaultfilters import date as format_date
from django.utils import timezone

from cases import rules
from cases import selectors as case_selectors
from cases.models import DeadlineKind
from cases.steps import case_url
from cases.templatetags.govuk import in_a_sentence
from cases.workflow import Step
from cases.workflow import Target
from cases.workflow import calls
from cases.workflow import plain_form
from cases.workflow import register
from cases.workflow import safe_next
from cases.workflow import step_maker

from . import forms
from . import selectors
from . import services
from .models import Consultation
from .models import PersonalBudgetRequest
from .models import Plan


def _day(value) -> str:
    return format_date(value, "j F Y")


def plan_target(http_request, reference, *, anchor: str = "", **context) -> Target:
    """The plan of the case (404 for "no such case", "not yours" and "no plan" alike)."""
    plan = selectors.plan_get_for_user(http_request.user, reference)
    plan_url = selectors.plan_url(plan.case)
    back = safe_next(http_request, plan_url)
    return Target(
        subject=plan,
        case=plan.case,
        back_url=back,
        back_label="Back to the plan",
        context={"plan": plan, "cancel_url": back, **context},
        after=(lambda _request, _result: plan_url + anchor) if anchor else None,
    )


def _to_consultations(http_request, reference) -> Target:
    return plan_target(http_request, reference, anchor="#consultations")


def _on_consultation(http_request, reference, consultation_id) -> Target:
    """A consultation of the case's plan (404 for one of another plan, like the plan itself)."""
    target = plan_target(http_request, reference, anchor="#consultations")
    consultation = selectors.consultation_get_for_plan(target.subject, consultation_id)
    consultation.plan = target.subject
    target.subject = consultation
    return target


def _family_responded(response) -> str:
    said = "The family's response to the draft plan is recorded."
    if response.requested_setting is not None:
        said += f" Consult {response.requested_setting.name}: the family asked for it."
    if response.nothing_more_to_add:
        return said + " They have nothing more to add: the final plan can be issued."
    deadline = selectors.draft_response_deadline(response.plan)
    return said + (f" They can still say more until {_day(deadline.due_on)}." if deadline else "")


def _issue_form(label: str):
    def build(data, files, plan):
        return forms.IssueForm(
            data,
            initial={"version": plan.version},
            label=f"Date the {label} plan is issued",
            error_name=f"the date the {label} plan is issued",
        )

    return build


def _issue_context(final: bool):
    def context(plan) -> dict:
        due = None
        if plan.request is not None:
            due = case_selectors.request_open_deadline(
                plan.request, DeadlineKind.FINAL_PLAN if final else DeadlineKind.DRAFT_PLAN_TARGET
            )
        return {
            "problems": selectors.issue_problems(plan, for_final=final, today=timezone.localdate()),
            "final": final,
            "due_deadline": due,
            "draft_response": selectors.draft_response_deadline(plan) if final else None,
            # the step's own rule not met yet (a school not consulted, a draft naming one)
            "unmet": getattr(
                rules.unmet_condition(plan.issue_final if final else plan.issue_draft),
                "message",
                "",
            ),
        }

    return context


def _draft_issued(version) -> str:
    deadline = selectors.draft_response_deadline(version.plan)
    if deadline is None:
        return f"Draft plan issued: version {version.number}."
    return f"Draft plan issued. The family has until {_day(deadline.due_on)} to comment."


def budgets_url(case) -> str:
    """Where the personal budget requests are listed: the plan page while the case has a plan,
    else the case page (a budget can be asked for from the decision to issue)."""
    if selectors.plan_for_case(case) is not None:
        return selectors.plan_url(case) + "#personal-budgets"
    return case_url(case) + "#plan"


def _budget_target(http_request, reference, budget_request_id) -> Target:
    case = case_selectors.case_get_for_user(http_request.user, reference)
    budget_request = selectors.budget_request_get_for_case(case, budget_request_id)
    back = budgets_url(case)
    return Target(
        subject=budget_request,
        case=case,
        back_url=back,
        back_label="Back to the plan" if "#personal-budgets" in back else "Back to the case",
        context={"cancel_url": back},
    )


_plan_step = step_maker(
    namespace="ehcp",
    model=Plan,
    locate=plan_target,
    url_kwargs=lambda plan: {"reference": plan.case.reference},
    key="plan_id",
)


STEPS = register(
    _plan_step(
        "issue_draft",
        "issue-draft/",
        transitions=("issue_draft",),
        label="Issue the draft plan",
        primary=True,
        form=_issue_form("draft"),
        service=services.plan_issue_draft,
        success=_draft_issued,
        submit="Issue the draft plan",
        template="ehcp/issue.html",
        extra_context=_issue_context(final=False),
    ),
    _plan_step(
        "consultation_send",
        "consultations/new/",
        transitions=("consult_setting",),
        label="Consult a school or college",
        locate=_to_consultations,
        form_class=forms.ConsultationForm,
        perform=lambda actor, plan, data: services.consultation_send(
            actor=actor,
            plan_id=plan.pk,
            setting_id=data["setting"].pk,
            consulted_on=data["consulted_on"],
            requested_by_family=data["requested_by_family"],
        ),
        success=lambda c: f"{c.setting.name} consulted. They should reply by {_day(c.due_on)}.",
        lead="Ask a school or college whether it can meet the child's needs, with a copy of the "
        "draft plan.",
        submit="Record the consultation",
        template="ehcp/form.html",
        field_map={"setting_id": "setting"},
    ),
    _plan_step(
        "family_response",
        "family-response/",
        transitions=("record_family_response",),
        label="Record the family's response",
        primary=lambda plan: selectors.family_can_respond(plan),
        form_class=forms.FamilyResponseForm,
        perform=lambda actor, plan, data: services.plan_record_family_response(
            actor=actor,
            plan_id=plan.pk,
            received_on=data["received_on"],
            **forms.FamilyResponseForm.response(data),
        ),
        success=_family_responded,
        title="Record the family's response to the draft plan",
        lead="Record what the family said: comments on any section, whether they want a "
        "meeting, and the school or college they ask to be named. Their 15 days end early only "
        "if they say they have nothing more to add.",
        submit="Record the response",
        field_map={"received_on": "received_on", "requested_setting_id": "requested_setting"},
        extra_context=lambda plan: {"due_deadline": selectors.draft_response_deadline(plan)},
    ),
    Step(
        namespace="ehcp",
        name="consultation_response",
        route="consultations/<int:consultation_id>/response/",
        model=Consultation,
        transitions=("record_response",),
        label="Record the response",
        locate=_on_consultation,
        url_kwargs=lambda c: {"reference": c.plan.case.reference, "consultation_id": c.pk},
        form=plain_form(forms.ConsultationResponseForm),
        perform=lambda actor, consultation, data: services.consultation_record_response(
            actor=actor,
            consultation_id=consultation.pk,
            responded_on=data["responded_on"],
            response=data["response"],
            notes=data["notes"],
        ),
        success=lambda c: f"Response from {c.setting.name} recorded",
        title=lambda c: f"Record the response from {c.setting.name}",
        lead=lambda c: f"Consulted on {_day(c.consulted_on)}; reply due by {_day(c.due_on)}.",
        submit="Record the response",
        template="ehcp/form.html",
    ),
    _plan_step(
        "issue_final",
        "issue-final/",
        transitions=("issue_final",),
        label="Issue the final plan",
        # Leads once the family's 15 days are over (or their response is in).
        primary=lambda plan: not selectors.family_can_respond(plan),
        form=_issue_form("final"),
        service=services.plan_issue_final,
        success=lambda v: f"Final plan issued: version {v.number}, {_day(v.issued_on)}.",
        submit="Issue the final plan",
        template="ehcp/issue.html",
        extra_context=_issue_context(final=True),
    ),
    Step(
        namespace="ehcp",
        name="budget_request_decide",
        route="personal-budgets/<int:budget_request_id>/decision/",
        model=PersonalBudgetRequest,
        transitions=("decide",),
        label="Record the decision",
        locate=_budget_target,
        url_kwargs=lambda b: {"reference": b.case.reference, "budget_request_id": b.pk},
        form=plain_form(forms.BudgetDecisionForm),
        perform=calls(services.budget_request_decide, "budget_request_id"),
        success=lambda b: (
            f"Decision recorded: personal budget {in_a_sentence(b.get_decision_display())}"
        ),
        title="Record the decision on a personal budget request",
        lead=lambda b: f"Asked for by {b.requested_by} on {_day(b.requested_on)}.",
        submit="Record the decision",
        template="ehcp/form.html",
    ),
)
