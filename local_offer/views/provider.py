"""A provider's own services: list, new, change (each sent for moderation). A provider reaches
only their own organisations' services: anyone else's answers 404, as if it did not exist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render

from cases.formflow import form_data
from cases.rules import ConcurrentChange
from local_offer import permissions
from local_offer import services
from local_offer.forms import ServiceForm
from local_offer.models import Service


def _require_provider(request):
    if not permissions.can_provide(request.user):
        raise PermissionDenied("This page is for the local offer's providers.")


def service_list(request):
    _require_provider(request)
    own = (
        permissions.services_of(request.user)
        .select_related("organisation", "listing")
        .order_by("name")
    )
    return render(request, "local_offer/provider/services.html", {"services": own})


def _service_form(request, service: Service | None):
    organisations = permissions.organisations_of(request.user)
    if not organisations.exists():
        raise PermissionDenied("Your account is not linked to an organisation yet.")
    form = ServiceForm(form_data(request), instance=service, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.service_submit(
                actor=request.user,
                service_id=service.pk if service else None,
                **form.submission(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except ConcurrentChange as change:
            form.add_error(None, change.message)
        else:
            messages.success(request, f"{saved.name} has been sent for moderation")
            return redirect("local_offer_provider:services")
    return render(
        request,
        "local_offer/provider/service_form.html",
        {"form": form, "service": service, "submit_text": "Send for checking"},
    )


def service_new(request):
    _require_provider(request)
    return _service_form(request, None)


def service_edit(request, service_id: int):
    _require_provider(request)
    service = get_object_or_404(permissions.services_of(request.user), pk=service_id)
    return _service_form(request, service)
