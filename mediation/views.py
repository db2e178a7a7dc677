"""Staff screens of a case's disagreements, under /staff/cases/<reference>/disagreements/
(namespace "mediation"). Thin: the gateway, a selector or a service, a template. The steps on an
existing disagreement, appeal, order, recommendation, resolution or complaint are served by the
generic step view (`mediation.steps`)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods

from cases.audit import record_access
from cases.formflow import form_data
from cases.workflow import Target
from cases.workflow import form_page
from cases.workflow import safe_next

from . import forms
from . import selectors
from . import services


@require_GET
def disagreement_list(request, reference):
    case = selectors.case_for_work(request.user, reference)
    record_access(user=request.user, case=case, what="viewed disagreements and complaints")
    return render(
        request,
        "mediation/list.html",
        {
            "case": case,
            "child": case.child,
            "page": selectors.case_disputes(case, user=request.user),
            "today": timezone.localdate(),
        },
    )


@require_GET
def disagreement_detail(request, reference, disagreement_id):
    disagreement = selectors.disagreement_get_for_user(request.user, reference, disagreement_id)
    case = disagreement.case
    record_access(user=request.user, case=case, what="viewed a disagreement")
    return render(
        request,
        "mediation/detail.html",
        {
            "case": case,
            "child": case.child,
            "page": selectors.disagreement_page(disagreement, user=request.user),
            "list_url": selectors.list_url(case),
            "today": timezone.localdate(),
        },
    )


def _new(request, reference, *, form_class, service, success, title, lead="", after=None):
    """A new disagreement, resolution or complaint of the case: `service` records it from the
    form's fields."""
    case = selectors.case_for_work(request.user, reference)
    back = safe_next(request, selectors.list_url(case))
    form = form_class(form_data(request))
    target = Target(
        subject=case,
        case=case,
        back_url=back,
        back_label="Back to disagreements",
        after=after,
    )
    return form_page(
        request,
        target,
        form=form,
        perform=lambda data: service(actor=request.user, case_id=case.pk, **data),
        success=success,
        title=title,
        lead=lead,
        submit="Save",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def disagreement_new(request, reference):
    return _new(
        request,
        reference,
        form_class=forms.DisagreementForm,
        service=services.disagreement_record,
        success=lambda d: (
            "Disagreement recorded."
            + (
                ""
                if d.appealable
                else " Health or social care alone is not appealed to the Tribunal."
            )
        ),
        title="Record a disagreement with a decision",
        lead="The family disagree with a decision of the council. The date of the decision letter "
        "starts the clock: 2 months to contact the mediation adviser and to appeal.",
        after=lambda _request, d: selectors.disagreement_url(d),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def resolution_new(request, reference):
    return _new(
        request,
        reference,
        form_class=forms.ResolutionForm,
        service=services.resolution_record,
        success="Disagreement resolution recorded.",
        title="Record disagreement resolution",
        lead="The independent disagreement resolution service, for disagreements that are not "
        "appeals: for example with a school, or about provision while an assessment runs.",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def complaint_new(request, reference):
    return _new(
        request,
        reference,
        form_class=forms.ComplaintForm,
        service=services.complaint_record,
        success="Complaint logged.",
        title="Log a complaint about the council's handling",
    )
