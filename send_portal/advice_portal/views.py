"""The advice portal's pages: thin. Who sees what is the selectors' (the object permission on each
advice request); every write is a service of `cases.services.advice_portal`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases.formflow import submit
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.services import advice_portal as services
from cases.views import document_response

from . import selectors
from .forms import ReuseAdviceForm
from .forms import WrittenAdviceForm

NOT_YOURS = "The advice portal is for professionals asked for advice."


def _professional(request) -> None:
    if not has_ability(request.user, Ability.GIVE_ADVICE):
        raise PermissionDenied(NOT_YOURS)


@require_safe
def advice_list(request):
    _professional(request)
    today = timezone.localdate()
    rows = [(a, selectors.timing(a, today)) for a in selectors.advice_requests_for(request.user)]
    return render(
        request,
        "portal/advice/list.html",
        {
            "to_answer": [r for r in rows if r[0].received_on is None],
            "answered": [r for r in rows if r[0].received_on is not None],
        },
    )


@require_safe
def advice_detail(request, advice_id):
    _professional(request)
    advice = selectors.advice_get_for_adviser(request.user, advice_id)
    return render(
        request,
        "portal/advice/detail.html",
        {
            "advice": advice,
            "child": advice.request.case.child,
            "officer": advice.request.case.officer,
            "timing": selectors.timing(advice, timezone.localdate()),
            "headings": services.headings_for(advice.kind),
            "submission": selectors.submission_of(advice),
            "documents": selectors.documents_sent(advice),
        },
    )


def _answer(request, advice_id, *, form_class, perform, template, title):
    _professional(request)
    advice = selectors.advice_get_for_adviser(request.user, advice_id)
    if advice.received_on is not None:
        return redirect("advice_portal:detail", advice_id=advice.pk)  # sent: read, not change
    extra = {"kind": advice.kind} if form_class is WrittenAdviceForm else {}
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = form_class(*data, **extra)
    done = submit(
        request,
        form,
        lambda _data: perform(actor=request.user, advice_id=advice.pk, **form.service_kwargs()),
        success="Your advice has been sent to the SEND team",
    )
    if done.succeeded:
        return redirect("advice_portal:detail", advice_id=advice.pk)
    return render(
        request,
        template,
        {
            "advice": advice,
            "child": advice.request.case.child,
            "form": form,
            "title": title,
            "timing": selectors.timing(advice, timezone.localdate()),
        },
        status=done.status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def advice_submit(request, advice_id):
    return _answer(
        request,
        advice_id,
        form_class=WrittenAdviceForm,
        perform=services.advice_submit,
        template="portal/advice/submit.html",
        title="Send your advice",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def advice_reuse(request, advice_id):
    return _answer(
        request,
        advice_id,
        form_class=ReuseAdviceForm,
        perform=services.advice_submit_reuse,
        template="portal/advice/reuse.html",
        title="Tell us your existing advice can be reused",
    )


@require_safe
def advice_document(request, advice_id, document_id):
    """A file the adviser sent with this advice: only theirs, only through this check."""
    _professional(request)
    _advice, document = selectors.document_get_for_adviser(request.user, advice_id, document_id)
    return document_response(document)
