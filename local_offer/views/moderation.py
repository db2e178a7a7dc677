"""The council's moderator: the queue of services, comments and reviews; "you said, we did";
the information pages; bulk import and export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from cases.formflow import form_data
from cases.rules import ConcurrentChange
from local_offer import permissions
from local_offer import resources
from local_offer import selectors
from local_offer import services
from local_offer.forms import ImportForm
from local_offer.forms import InfoPageForm
from local_offer.forms import RejectForm
from local_offer.forms import ThemeResponseForm
from local_offer.models import InfoPage
from local_offer.models import Listing
from local_offer.models import Service
from local_offer.models import Theme
from local_offer.models import ThemeResponse


def _require_moderator(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied("This page is for the local offer's moderator.")


def queue(request):
    _require_moderator(request)
    return render(request, "local_offer/moderation/queue.html", selectors.moderation_queue())


def service(request, service_id: int):
    """One service: the change waiting (beside what is published) and the moderator's steps."""
    _require_moderator(request)
    item = get_object_or_404(
        Service.objects.select_related("organisation", "location", "contact"), pk=service_id
    )
    reject_form = RejectForm(request.POST if request.POST.get("step") == "reject" else None)
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "approve":
                services.service_approve(actor=request.user, service_id=item.pk)
                messages.success(request, f"{item.name} is approved: publish it when ready")
                return redirect("local_offer_moderation:service", service_id=item.pk)
            if step == "publish":
                services.service_publish(actor=request.user, service_id=item.pk)
                messages.success(request, f"{item.name} is published")
                return redirect("local_offer_moderation:queue")
            if step == "reject" and reject_form.is_valid():
                services.service_reject(
                    actor=request.user, service_id=item.pk, **reject_form.cleaned_data
                )
                messages.success(request, f"{item.name} was sent back to its provider")
                return redirect("local_offer_moderation:queue")
        except ValidationError as error:
            reject_form.add_error(None, error)
        except ConcurrentChange as change:
            messages.error(request, change.message)
            return redirect("local_offer_moderation:service", service_id=item.pk)
    published = Listing.objects.filter(service=item).select_related("location", "contact").first()
    return render(
        request,
        "local_offer/moderation/service.html",
        {"service": item, "published": published, "form": reject_form},
    )


def _held(request, moderate, pk: int):
    _require_moderator(request)
    approve = request.POST.get("decision") == "show"
    try:
        moderate(actor=request.user, pk=pk, approve=approve)
    except ConcurrentChange as change:
        messages.error(request, change.message)
    else:
        messages.success(request, "Shown" if approve else "Not shown")
    return redirect("local_offer_moderation:queue")


@require_POST
def comment(request, comment_id: int):
    return _held(
        request,
        lambda actor, pk, approve: services.comment_moderate(
            actor=actor, comment_id=pk, approve=approve
        ),
        comment_id,
    )


@require_POST
def review(request, review_id: int):
    return _held(
        request,
        lambda actor, pk, approve: services.review_moderate(
            actor=actor, review_id=pk, approve=approve
        ),
        review_id,
    )


def theme_response(request, theme: str):
    _require_moderator(request)
    if theme not in Theme.values:
        raise Http404("No such theme")
    form = ThemeResponseForm(
        form_data(request), instance=ThemeResponse.objects.filter(theme=theme).first()
    )
    if request.method == "POST" and form.is_valid():
        services.theme_response_publish(actor=request.user, theme=theme, **form.cleaned_data)
        messages.success(request, "Your response is published")
        return redirect("local_offer:you_said_we_did")
    return render(
        request,
        "local_offer/moderation/theme_response.html",
        {"form": form, "theme": Theme(theme), "submit_text": "Publish"},
    )


def page_edit(request, slug: str):
    _require_moderator(request)
    page = get_object_or_404(InfoPage, slug=slug)
    form = InfoPageForm(form_data(request), instance=page)
    if request.method == "POST" and form.is_valid():
        services.info_page_edit(actor=request.user, slug=slug, **form.cleaned_data)
        messages.success(request, "The page is saved")
        return redirect("local_offer:page", slug=slug)
    return render(request, "local_offer/moderation/page_form.html", {"form": form, "page": page})


def export(request):
    _require_moderator(request)
    response = HttpResponse(resources.services_export_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="local-offer-services.csv"'
    return response


def import_services(request):
    """Import a CSV: every row is checked first; with any error nothing is saved and each
    row's errors are shown."""
    _require_moderator(request)
    form = ImportForm(form_data(request), request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        result = resources.services_import(actor=request.user, upload=form.cleaned_data["file"])
        if result.errors:
            row_errors = result.errors
        else:
            messages.success(request, f"{result.count} services imported and sent for moderation")
            return redirect("local_offer_moderation:queue")
    return render(
        request,
        "local_offer/moderation/import.html",
        {"form": form, "row_errors": row_errors, "submit_text": "Import"},
    )
