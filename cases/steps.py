"""The steps of a request for assessment and the co-ordinated assessment, declared once.

Each `Step` names the FSM transition(s) on `AssessmentRequest` (or `AdviceRequest`) whose
declaration in the model says when and by whom it may happen; this module adds what a person
sees (label, form, page words) and the service it calls. URLs, the generic view, the GET and POST
checks and the case page's "What you can do next" all come from here (see `cases.workflow`).
"""

from django.template.defaultfilters import date as format_date
from django.urls import reverse

from . import forms
from . import rules
from . import selectors
from . import services
from .models import AdviceRequest
from .models import AssessmentRequest
from .models import DeadlineKind
from .models import RequestState
from .workflow import Step
from .workflow import Target
from .workflow import calls
from .workflow import plain_form
from .workflow import register
from .workflow import safe_next
from .workflow import step_maker
from .workflow import versioned_form

# The request's own "issue" forms record a plan written elsewhere (an upload). A plan written in
# this service is issued from the plan's page, which moves the request on itself.
OUTSIDE_THIS_SERVICE = (
    "Only use this for a plan written and sent outside this service: you upload the plan as a "
    "document. To write the plan here, go back and start drafting it: once recorded here, the "
    "plan can no longer be drafted in this service."
)


def _day(value) -> str:
    return format_date(value, "j F Y")


def case_url(case) -> str:
    return reverse("cases:case", kwargs={"reference": case.reference})


def _after(http_request, case):
    """Back to where the form was opened from, unless the step took the case out of the user's
    sight (a panel member's decision moves it past the panel's stages): then the agenda."""

    def after(_request, _result) -> str:
        if not selectors.visible_case_ids(http_request.user, [case.pk]):
            return reverse("panel:agenda")
        return safe_next(http_request, case_url(case))

    return after


def case_target(http_request, case, subject, **context) -> Target:
    back = safe_next(http_request, case_url(case))
    return Target(
        subject=subject,
        case=case,
        back_url=back,
        back_label="Back to the case" if back == case_url(case) else "Back",
        context=context,
        after=_after(http_request, case),
    )


def on_request(http_request, reference, request_id) -> Target:
    case = selectors.case_get_for_user(http_request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    return case_target(http_request, case, req, assessment_request=req)


def on_advice(http_request, reference, advice_id) -> Target:
    case = selectors.case_get_for_user(http_request.user, reference)
    advice = selectors.advice_get_for_case(case, advice_id)
    return case_target(http_request, case, advice)


def _request_kwargs(req) -> dict:
    return {"reference": req.case.reference, "request_id": req.pk}


def _due(kind):
    """The page's "due by" hint: the subject's open deadline of this kind."""
    return lambda req: {"due_deadline": selectors.request_open_deadline(req, kind)}


_on_request_step = step_maker(
    namespace="cases",
    model=AssessmentRequest,
    locate=on_request,
    url_kwargs=_request_kwargs,
    route="<str:reference>/requests/<int:request_id>/",
    key="request_id",
)


def _decision_form(question: str, error: str, yes_transition: str, no_transition: str):
    """The panel's form; an answer whose transition's condition is unmet is refused with its
    message (e.g. "no" to a plan before any advice is in)."""

    def refused(req, name) -> str:
        unmet = rules.unmet_condition(getattr(req, name))
        return unmet.message if unmet is not None else ""

    def build(data, files, req):
        return forms.DecisionForm(
            data,
            initial={"version": req.version},
            question=question,
            error=error,
            yes_refused=refused(req, yes_transition),
            no_refused=refused(req, no_transition),
        )

    return build


def _untold_decisions(req) -> list:
    return [d for d in req.panel_decisions.all() if d.awaits_telling]


def _decided(agreed_state, yes: str, no: str):
    return lambda r: f"Decision recorded: the council {yes if r.state == agreed_state else no}"


STEPS = register(
    _on_request_step(
        "decide_to_assess",
        "decide-to-assess/",
        transitions=("agree_to_assess", "refuse_to_assess"),
        label="Record the decision whether to assess",
        primary=True,
        form=_decision_form(
            "Will the council carry out an EHC needs assessment?",
            "Select yes if the council will carry out an EHC needs assessment",
            "agree_to_assess",
            "refuse_to_assess",
        ),
        service=services.request_decide_to_assess,
        success=_decided(
            RequestState.AGREED,
            "will carry out an EHC needs assessment",
            "will not carry out an EHC needs assessment",
        ),
        submit="Record the decision",
        template="cases/decision_form.html",
        extra_context=_due(DeadlineKind.DECIDE_TO_ASSESS),
    ),
    _on_request_step(
        "decision_told",
        "decision-told/",
        transitions=("record_decision_told",),
        label="Record when the family was told of the decision",
        primary=True,
        form=lambda data, files, req: forms.DecisionToldForm(
            data, decisions=_untold_decisions(req)
        ),
        service=services.request_decision_notified,
        success=lambda d: f"Recorded: the family was told of the decision on {_day(d.told_on)}",
        submit="Record the date",
        lead="A decision's time limit is met on the day the family is told of it: until then "
        "the limit stays open.",
    ),
    _on_request_step(
        "advice_send",
        "advice/new/",
        transitions=("send_advice_request",),
        label="Ask for advice",
        primary=True,
        form_class=forms.AdviceRequestForm,
        service=services.advice_request_send,
        success=lambda a: f"Advice requested from {a.addressee_name}: due {_day(a.due_on)}",
        submit="Save the advice request",
    ),
    _on_request_step(
        "advice_reuse",
        "advice/reuse/",
        transitions=("reuse_advice",),
        label="Reuse existing advice",
        form_class=forms.AdviceReuseForm,
        service=services.advice_reuse,
        success=lambda a: f"Existing advice from {a.addressee_name} added to the assessment",
        submit="Add the advice",
        lead="Tell us once: use a recent report the family already has instead of asking again, "
        "when its author, the family and the council agree.",
    ),
    _on_request_step(
        "decide_to_issue",
        "decide-to-issue/",
        transitions=("decide_to_issue", "decide_not_to_issue"),
        label="Record the decision whether to issue a plan",
        form=_decision_form(
            "Will the council issue an EHC plan?",
            "Select yes if the council will issue an EHC plan",
            "decide_to_issue",
            "decide_not_to_issue",
        ),
        service=services.request_decide_to_issue,
        success=_decided(
            RequestState.DRAFTING, "will issue an EHC plan", "will not issue an EHC plan"
        ),
        submit="Record the decision",
        template="cases/decision_form.html",
        extra_context=_due(DeadlineKind.DECIDE_TO_ISSUE),
    ),
    _on_request_step(
        "issue_draft",
        "draft/",
        transitions=("issue_draft",),
        label="Record a draft plan issued outside this service",
        form=versioned_form(forms.IssueDraftForm),
        service=services.request_issue_draft,
        success="Draft plan recorded as issued. The family has 15 days to comment.",
        warning=OUTSIDE_THIS_SERVICE,
        submit="Record the draft plan as issued",
        extra_context=_due(DeadlineKind.DRAFT_PLAN_TARGET),
    ),
    _on_request_step(
        "family_response",
        "family-response/",
        transitions=("record_family_response",),
        label="Record the family's response",
        primary=True,
        form_class=forms.FamilyResponseForm,
        service=services.request_record_family_response,
        success="The family's response to the draft plan is recorded",
        title="Record the family's response to the draft plan",
        submit="Record the response",
        extra_context=_due(DeadlineKind.DRAFT_RESPONSE),
    ),
    _on_request_step(
        "issue_final",
        "final/",
        transitions=("issue_final",),
        label="Record a final plan issued outside this service",
        # Leads once the family's 15 days are over (or their response is in).
        primary=lambda req: not req.draft_response_open(),
        form=versioned_form(forms.IssueFinalForm),
        service=services.request_issue_final,
        success="Final EHC plan recorded as issued",
        warning=OUTSIDE_THIS_SERVICE,
        submit="Record the final plan as issued",
        extra_context=_due(DeadlineKind.FINAL_PLAN),
    ),
    _on_request_step(
        "exception_record",
        "exceptions/new/",
        transitions=("record_exception",),
        label="Record an exception to the time limits",
        form_class=forms.ExceptionForm,
        service=services.exception_record,
        success="Exception to the time limits recorded. The statutory dates stay as they were.",
        submit="Record the exception",
        lead="The council must still act as soon as practicable. The statutory dates are kept, "
        "and timeliness is reported with and without exceptions.",
    ),
    _on_request_step(
        "withdraw",
        "withdraw/",
        transitions=("withdraw",),
        label="Withdraw the request",
        form=versioned_form(forms.WithdrawForm),
        service=services.request_withdraw,
        success="Request withdrawn. Its open deadlines no longer apply.",
        submit="Withdraw the request",
        warning_button=True,
    ),
    Step(
        namespace="cases",
        name="advice_received",
        route="<str:reference>/advice/<int:advice_id>/received/",
        model=AdviceRequest,
        transitions=("record_received",),
        label="Record it received",
        locate=on_advice,
        url_kwargs=lambda a: {"reference": a.request.case.reference, "advice_id": a.pk},
        form=plain_form(forms.AdviceReceivedForm),
        perform=calls(services.advice_record_received, "advice_id"),
        success=lambda a: f"{a.get_kind_display()} from {a.addressee_name} recorded as received",
        title="Record advice received",
        lead=lambda a: f"{a.get_kind_display()} from {a.addressee_name}, due {_day(a.due_on)}.",
        submit="Record the advice",
    ),
)
