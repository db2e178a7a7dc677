"""Changing the child's recorded details from their case page (an officer who may work on the
case): sex and ethnicity, so a child recorded before they were asked reaches the SEN2 return.
The write is `cases.services.child_details_change`."""

from django.views.decorators.http import require_http_methods

from cases.formflow import form_data

from . import selectors
from .forms import ChildDetailsForm
from .rules import Need
from .services.child_details import child_details_change
from .steps import case_target
from .workflow import form_page


@require_http_methods(["GET", "HEAD", "POST"])
def child_details(request, reference):
    case = selectors.case_get_for_user(request.user, reference, need=Need.WORK)
    child = case.child
    form = ChildDetailsForm(
        form_data(request), initial={"sex": child.sex, "ethnicity": child.ethnicity}
    )

    def perform(data):
        return child_details_change(
            actor=request.user, case=case, sex=data["sex"], ethnicity=data["ethnicity"]
        )

    def success(changed):
        if not changed:
            return f"{child.full_name}'s details are unchanged"
        return f"{child.full_name}'s {' and '.join(changed)} changed"

    return form_page(
        request,
        case_target(request, case, child),
        form=form,
        perform=perform,
        success=success,
        title="Change the child's sex and ethnicity",
        lead="The SEN2 return needs both. Record what the family tells you.",
        submit="Save the changes",
    )
