"""Allocating one case from its page (SEN managers): the form, shared with the list of
unallocated work (send_portal.dashboard), and the view. The write is
`cases.services.cases_allocate`."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

from cases.formflow import form_data

from . import selectors
from . import services
from .permissions import Ability
from .permissions import has_ability
from .services.allocation import REFUSAL
from .steps import case_target
from .workflow import form_page


class AllocateForm(forms.Form):
    officer = forms.TypedChoiceField(
        label="Case officer",
        coerce=int,
        error_messages={
            "required": "Select a case officer",
            "invalid_choice": "Select a case officer",
        },
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [
            ("", "Choose an officer"),
            *[(o.pk, f"{o.full_name} ({o.team})") for o in officers],
        ]


@require_http_methods(["GET", "HEAD", "POST"])
def case_allocate(request, reference):
    if not has_ability(request.user, Ability.ALLOCATE):
        raise PermissionDenied(REFUSAL)
    case = selectors.case_get_for_user(request.user, reference)
    officers = services.allocatable_officers([case.team_id]).select_related("team")
    form = AllocateForm(form_data(request), officers=officers, initial={"officer": case.officer_id})
    before = case.officer

    def perform(data):
        return services.cases_allocate(
            actor=request.user, case_ids=[case.pk], officer_id=data["officer"]
        )

    def success(changed):
        if not changed:
            return f"Case {case.reference} is already with {before.full_name}: nothing changed"
        officer = changed[0].officer.full_name
        if before is None:
            return f"Case {case.reference} allocated to {officer}"
        return f"Case {case.reference} reallocated from {before.full_name} to {officer}"

    return form_page(
        request,
        case_target(request, case, case),
        form=form,
        perform=perform,
        success=success,
        title="Reallocate the case" if before else "Allocate the case",
        lead=(
            f"The case is with {before.full_name}. " if before else "The case has no officer yet. "
        )
        + f"Only active case officers of {case.team} can be chosen.",
        submit="Allocate",
    )
