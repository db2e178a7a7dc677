"""The one way a staff form runs its service: shared by the case, plan and review screens.

A view parses the form, hands the service call to `submit`, then redirects on success or shows
the form again. `submit` turns what the services raise into what the person sees: a
`ValidationError` onto the form's fields (or above them), a `ConcurrentChange` as "changed by
someone else" with status 409, and success as a confirmation banner on the next page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError

from .rules import ConcurrentChange


def form_data(request):
    """The data a form is bound to: the POST data of a POST, even an empty one, so that a form
    sent without answers shows what is missing (and a check that needs a bound form can run);
    None on GET, so the form starts empty."""
    return request.POST if request.method == "POST" else None


@dataclass(frozen=True)
class Submission:
    succeeded: bool
    result: object = None
    status: int = 200  # for the form shown again: 409 after a concurrent change


def add_service_errors(form, exc: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form: a field's message on that field, the rest
    as errors of the whole form (shown first in the error summary)."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = field_map.get(key, key)
            field = form.fields.get(name)
            if field is not None and not field.widget.is_hidden:
                form.add_error(name, errors)
            else:
                form.add_error(None, errors)
    else:
        form.add_error(None, exc.messages)


def submit(
    request,
    form,
    perform: Callable[[dict], object],
    *,
    success: str | Callable[[object], str],
    field_map: dict | None = None,
) -> Submission:
    """On a valid POST, call `perform(cleaned_data)` and queue the success message."""
    if request.method != "POST" or not form.is_valid():
        return Submission(succeeded=False)
    try:
        result = perform(form.cleaned_data)
    except ConcurrentChange as exc:
        form.add_error(None, exc.message)
        return Submission(succeeded=False, status=409)
    except ValidationError as exc:
        add_service_errors(form, exc, field_map)
        return Submission(succeeded=False)
    messages.success(request, success(result) if callable(success) else success)
    return Submission(succeeded=True, result=result)
