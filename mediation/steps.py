"""The steps of a disagreement, its mediation, its appeal and orders, disagreement resolution and
complaints, declared once (see `cases.workflow`).

Each step's rule (states, conditions, access) is the FSM transition it names in
`mediation.models`; this module adds the label, form, page words and the service it calls. Every
address names the case (/staff/cases/<reference>/disagreements/...) and reaches its subject
through the case gateway, at the "work on this case" level.
"""

from django.template.defaultfilters import date as format_date

from cases import deadlines
from cases.services import deadlines_of
from cases.templatetags.govuk import in_a_sentence
from cases.workflow import Step
from cases.workflow import Target
from cases.workflow import register
from cases.workflow import safe_next
from cases.workflow import step_maker

from . import forms
from . import kinds
from . import selectors
from . import services
from .models import Appeal
from .models import Complaint
from .models import Disagreement
from .models import Order
from .models import Recommendation
from .models import Resolution

NAMESPACE = "mediation"


def _day(value) -> str:
    return format_date(value, "j F Y")


def _target(http_request, case, subject, back: str, label: str, **context) -> Target:
    back = safe_next(http_request, back)
    return Target(subject=subject, case=case, back_url=back, back_label=label, context=context)


def on_disagreement(http_request, reference, disagreement_id) -> Target:
    disagreement = selectors.disagreement_get_for_user(
        http_request.user, reference, disagreement_id
    )
    return _target(
        http_request,
        disagreement.case,
        disagreement,
        selectors.disagreement_url(disagreement),
        "Back to the disagreement",
        disagreement=disagreement,
    )


def _within(lookup):
    """A subject found within the case's disagreement (404 for one of another)."""

    def locate(http_request, reference, disagreement_id, **kwargs) -> Target:
        target = on_disagreement(http_request, reference, disagreement_id)
        target.subject = lookup(target.subject, **kwargs)
        return target

    return locate


def _on_case_item(lookup, what: str):
    def locate(http_request, reference, **kwargs) -> Target:
        case = selectors.case_for_work(http_request.user, reference)
        subject = lookup(case, **kwargs)
        return _target(http_request, case, subject, selectors.list_url(case), "Back to " + what)

    return locate


def _disagreement_kwargs(d) -> dict:
    return {"reference": d.case.reference, "disagreement_id": d.pk}


_step = step_maker(
    namespace=NAMESPACE,
    model=Disagreement,
    locate=on_disagreement,
    url_kwargs=_disagreement_kwargs,
    route="<int:disagreement_id>/",
    key="disagreement_id",
)

_appeal_step = step_maker(
    namespace=NAMESPACE,
    model=Appeal,
    locate=_within(lambda d: selectors.appeal_get_for_disagreement(d)),
    url_kwargs=lambda a: _disagreement_kwargs(a.disagreement),
    route="<int:disagreement_id>/appeal/",
    key="appeal_id",
)


def _case_item_step(name: str, route: str, model, key: str, get, **declared) -> Step:
    """A step on a resolution or complaint of the case, back to the disagreements page."""
    return step_maker(
        namespace=NAMESPACE,
        model=model,
        locate=_on_case_item(lambda case, **kwargs: get(case, kwargs[key]), "disagreements"),
        url_kwargs=lambda item: {"reference": item.case.reference, key: item.pk},
        key=key,
    )(name, route, **declared)


def _disagreement_item_step(
    name: str, route: str, model, key: str, get, disagreement_of, **declared
) -> Step:
    """A step on an order or recommendation of the disagreement, found within it by its own id
    (404 for one of another)."""
    return step_maker(
        namespace=NAMESPACE,
        model=model,
        locate=_within(lambda d, **kwargs: get(d, kwargs[key])),
        url_kwargs=lambda item: {**_disagreement_kwargs(disagreement_of(item)), key: item.pk},
        route="<int:disagreement_id>/",
        key=key,
    )(name, route, **declared)


def _deadline(*kinds, of=lambda subject: subject):
    """The page's "due by" hint: the open deadline of one of these kinds of the subject (or of
    what `of` finds from it: the disagreement's current mediation)."""

    def context(subject) -> dict:
        owner = of(subject)
        if owner is None:
            return {}
        due = deadlines_of(owner, list(kinds)).filter(met_on__isnull=True, cancelled=False)
        return {"due_deadline": due.first()}

    return context


def _after_advice(d) -> str:
    if not d.wants_mediation:
        return "Recorded: the family do not want mediation. Issue the certificate within 3 working days."
    return "Recorded: the family want mediation."


def _after_commissioner(d) -> str:
    if d.commissioner_told_on is not None:
        return f"Recorded: the health commissioner was told on {_day(d.commissioner_told_on)}."
    return (
        "The letter to the health commissioner is going out through this service: it is told "
        "on the day it is sent."
    )


def _order_step_form(data, files, order):
    from .models import ORDER_STEP_KINDS
    from .services.orders import STEP_OF_KIND

    steps = [
        (
            STEP_OF_KIND[d.kind],
            f"{ORDER_STEP_KINDS[STEP_OF_KIND[d.kind]][1]} (due {_day(d.due_on)})",
        )
        for d in services.order_open_steps(order)
    ]
    return forms.OrderStepForm(data, steps=steps)


def _order_done(order) -> str:
    if getattr(order, "letter_waiting", False):
        return (
            "The letter to the family is going out through this service: the step is done on "
            "the day it is sent (email, or the day the print queue's letter is posted)."
        )
    if order.state == "complied":
        timing = "late" if order.complied_late else "on time"
        return f"Order complied with on {_day(order.complied_on)}, {timing}."
    return "Step recorded. The order's other steps are still to do."


STEPS = register(
    _step(
        "advice",
        "advice/",
        transitions=("want_mediation", "decline_mediation"),
        label="Record the family's contact with the mediation adviser",
        primary=True,
        form_class=forms.AdviceForm,
        service=services.advice_record,
        success=_after_advice,
        lead="The family must contact the mediation adviser within 2 months of the decision "
        "letter, and say whether they want mediation.",
        submit="Record it",
    ),
    _step(
        "commissioner_told",
        "health-commissioner/",
        transitions=("tell_commissioner",),
        label="Tell the health commissioner",
        primary=True,
        form_class=forms.CommissionerToldForm,
        service=services.commissioner_told,
        success=_after_commissioner,
        title="Tell the health commissioner of the mediation issues",
        lead="Health care is among the issues: the health commissioner is told within 3 working "
        "days. When health is the only issue, the commissioner arranges the mediation.",
        submit="Send or record the letter",
        extra_context=_deadline(kinds.COMMISSIONER_TOLD),
    ),
    _step(
        "arrange",
        "mediation/arrange/",
        transitions=("arrange_mediation",),
        label="Record the mediation arranged",
        primary=True,
        form_class=forms.ArrangeForm,
        service=services.mediation_arrange,
        success=lambda m: (
            f"Mediation arranged for {_day(m.meeting_on)}. The family have been "
            "sent the arrangements."
        ),
        lead="The mediation must take place within 30 days of the council being told the family "
        "want it. The family are sent a letter with the arrangements.",
        submit="Record it and send the arrangements",
        extra_context=_deadline(kinds.MEDIATION_DUE, of=lambda d: d.current_mediation),
    ),
    _step(
        "not_arranged",
        "mediation/not-arranged/",
        transitions=("mediation_not_arranged",),
        label="Record that mediation could not be arranged in 30 days",
        form_class=forms.NotArrangedForm,
        service=services.mediation_not_arranged,
        success="Recorded. The mediation certificate is due within 3 working days.",
        title="Record that mediation could not be arranged within 30 days",
        lead="Tell the mediation adviser: the certificate then follows within 3 working days.",
        submit="Record it",
        extra_context=_deadline(kinds.MEDIATION_DUE, of=lambda d: d.current_mediation),
    ),
    _step(
        "held",
        "mediation/held/",
        transitions=("hold_mediation",),
        label="Record the mediation held",
        primary=True,
        form_class=forms.HeldForm,
        service=services.mediation_hold,
        success=lambda m: (
            f"Mediation recorded: {in_a_sentence(m.get_outcome_display())}. The "
            "certificate is due within 3 working days."
        ),
        submit="Record the mediation",
        extra_context=_deadline(kinds.MEDIATION_DUE, of=lambda d: d.current_mediation),
    ),
    _step(
        "certificate",
        "certificate/",
        transitions=("issue_certificate",),
        label="Record the mediation certificate issued",
        primary=True,
        form_class=forms.CertificateForm,
        service=services.certificate_issue,
        success="Mediation certificate recorded and sent to the family.",
        lead="The certificate goes to the family as a letter, dated the day it was issued. "
        "The appeal deadline moves to 1 month after it, if that is later.",
        submit="Record and send the certificate",
        extra_context=_deadline(kinds.MEDIATION_CERTIFICATE, kinds.MEDIATION_CERTIFICATE_AFTER),
    ),
    _step(
        "agreed_action",
        "agreed-actions/new/",
        transitions=("add_agreed_action",),
        label="Add an agreed action",
        form=lambda data, files, d: forms.AgreedActionForm(data, disagreement=d),
        service=services.agreed_action_add,
        success="Agreed action added, with its deadline.",
        title="Add an action agreed at mediation",
        lead="On an appealable matter the action is carried out within the limits of the "
        "matching Tribunal order; anything else within 2 weeks of the agreement.",
        submit="Add the action",
    ),
    _step(
        "appeal",
        "appeal/new/",
        transitions=("register_appeal",),
        label="Record an appeal registered",
        form_class=forms.AppealForm,
        service=services.appeal_register,
        success="Appeal recorded. The plan stays as it is until the appeal is decided.",
        title="Record an appeal registered with the Tribunal",
        submit="Record the appeal",
        extra_context=_deadline(kinds.APPEAL_DEADLINE),
    ),
    _step(
        "close",
        "close/",
        transitions=("close",),
        label="Close without an appeal",
        form_class=forms.CloseForm,
        service=services.disagreement_close,
        success="Disagreement closed. Its open deadlines no longer apply.",
        title="Close the disagreement without an appeal",
        submit="Close the disagreement",
        warning_button=True,
    ),
    _appeal_step(
        "appeal_dates",
        "dates/",
        transitions=("set_dates",),
        label="Record the hearing and evidence dates",
        form_class=forms.AppealDatesForm,
        service=services.appeal_set_dates,
        success="Appeal dates recorded.",
        submit="Save the dates",
    ),
    _appeal_step(
        "appeal_decision",
        "decision/",
        transitions=("decide",),
        label="Record the Tribunal's decision",
        primary=True,
        form_class=forms.AppealDecisionForm,
        service=services.appeal_decide,
        success=lambda a: f"Decision recorded: {in_a_sentence(a.get_outcome_display())}.",
        submit="Record the decision",
    ),
    _appeal_step(
        "appeal_not_opposed",
        "not-opposed/",
        transitions=("not_oppose",),
        label="Record that the council will not oppose",
        form_class=forms.NotOpposedForm,
        service=services.appeal_not_oppose,
        success="Recorded. The limits of the matching order run from today's notice.",
        title="Record that the council will not oppose the appeal",
        lead="The appeal is treated as decided for the family: the council must do what an "
        "order would require, within the same limits from the day it told the Tribunal.",
        submit="Record it",
    ),
    _appeal_step(
        "appeal_withdrawn",
        "withdrawn/",
        transitions=("withdraw",),
        label="Record the appeal withdrawn",
        form_class=forms.WithdrawnForm,
        service=services.appeal_withdraw,
        success="Appeal recorded as withdrawn.",
        title="Record the appeal withdrawn by the family",
        submit="Record it",
    ),
    _appeal_step(
        "order_new",
        "orders/new/",
        transitions=("record_order",),
        label="Record an order",
        primary=True,
        form_class=forms.OrderForm,
        service=services.appeal_order_record,
        success="Order recorded, with its deadlines.",
        title="Record an order of the Tribunal",
        lead="Its time limits run from the date of the order.",
        submit="Record the order",
    ),
    _appeal_step(
        "recommendation_new",
        "recommendations/new/",
        transitions=("record_recommendation",),
        label="Record a health or social care recommendation",
        form_class=forms.RecommendationForm,
        service=services.recommendation_record,
        success=lambda r: (
            "Recommendation recorded. A written response is due by "
            f"{_day(deadlines.recommendation_response_due(r.recommended_on))}."
        ),
        title="Record a Tribunal recommendation on health or social care",
        submit="Record the recommendation",
    ),
    _disagreement_item_step(
        "order_step",
        "orders/<int:order_id>/step/",
        Order,
        "order_id",
        selectors.order_get_for_disagreement,
        lambda o: o.disagreement,
        transitions=("record_step",),
        label="Record a step done",
        primary=True,
        form=_order_step_form,
        service=services.order_step_record,
        success=_order_done,
        title=lambda o: f"Record a step of the order: {in_a_sentence(o.get_kind_display())}",
        submit="Record the step",
    ),
    _disagreement_item_step(
        "recommendation_response",
        "recommendations/<int:recommendation_id>/response/",
        Recommendation,
        "recommendation_id",
        selectors.recommendation_get_for_disagreement,
        lambda r: r.appeal.disagreement,
        transitions=("respond",),
        label="Record the written response",
        primary=True,
        form_class=forms.RecommendationResponseForm,
        service=services.recommendation_respond,
        success="Written response recorded. A copy goes to the family in writing.",
        title=lambda r: f"Record the written response of the {in_a_sentence(r.get_body_display())}",
        submit="Record the response",
        extra_context=_deadline(kinds.RECOMMENDATION_RESPONSE),
    ),
    _case_item_step(
        "resolution_conclude",
        "resolutions/<int:resolution_id>/conclude/",
        Resolution,
        "resolution_id",
        selectors.resolution_get_for_case,
        transitions=("conclude",),
        label="Record the outcome",
        form_class=forms.ResolutionConcludeForm,
        service=services.resolution_conclude,
        success="Outcome of the disagreement resolution recorded.",
        title=lambda r: f"Record the outcome of disagreement resolution with {r.with_whom}",
        submit="Record the outcome",
    ),
    _case_item_step(
        "complaint_response",
        "complaints/<int:complaint_id>/response/",
        Complaint,
        "complaint_id",
        selectors.complaint_get_for_case,
        transitions=("respond",),
        label="Record the response",
        form_class=forms.ComplaintResponseForm,
        service=services.complaint_respond,
        success="Response to the complaint recorded.",
        title=lambda c: f"Record the response to the complaint from {c.complainant}",
        submit="Record the response",
    ),
)
