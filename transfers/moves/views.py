"""Staff pages of moves between councils and reassessments, under /staff/transfers/moves/
(namespace "moves"): thin, each parses its form and calls one service. The steps on a move or a
reassessment are served by the generic step view (`steps.py`)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases import selectors as case_selectors
from cases.audit import record_access
from cases.audit import record_list_access
from cases.formflow import form_data
from cases.formflow import submit
from cases.forms import DuplicateChoiceForm
from cases.permissions import can_record_request
from cases.rules import Need
from cases.steps import case_target
from cases.workflow import form_page
from transfers import legacy

from . import forms
from . import reassessment
from . import selectors
from . import services


@require_http_methods(["GET", "HEAD"])
def open_work(request):
    """Moves and reassessments still running on the cases the user may see."""
    if not can_record_request(request.user):
        raise PermissionDenied("Only SEN case officers and managers see moves.")
    work = selectors.open_work(request.user)
    for case in {item.case for item in (*work.moves_out, *work.moves_in, *work.reassessments)}:
        record_access(user=request.user, case=case, what="listed in moves and reassessments")
    return render(request, "transfers/moves/open_work.html", {"work": work})


@require_http_methods(["GET", "HEAD", "POST"])
def move_out_new(request, reference):
    """Record that the family is moving to another council's area."""
    case = case_selectors.case_get_for_user(request.user, reference, Need.WORK)
    form = forms.MoveOutForm(form_data(request))
    return form_page(
        request,
        case_target(request, case, case),
        form=form,
        perform=lambda data: services.move_out_record(actor=request.user, case_id=case.pk, **data),
        success=lambda move: (
            f"Move recorded. Pass the plan to {move.receiving_council} by "
            f"{selectors.open_deadline(move, 'move_out_handover').due_on:%-d %B %Y}."
        ),
        title="Record a move to another council",
        lead="When a family moves to another council in England, the plan goes to the new "
        "council: on the day of the move, or within 15 working days of learning of it if the "
        "council learned less than 15 working days before (regulation 15).",
        submit="Record the move",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def reassessment_new(request, reference):
    """Record a request for reassessment of the case's plan."""
    case = case_selectors.case_get_for_user(request.user, reference, Need.WORK)
    form = forms.ReassessmentRequestForm(form_data(request))
    return form_page(
        request,
        case_target(request, case, case),
        form=form,
        perform=lambda data: reassessment.reassessment_request(
            actor=request.user, case_id=case.pk, **data
        ),
        success=lambda r: (
            "Request recorded. Decide whether to reassess, and tell the family, by "
            f"{selectors.open_deadline(r, 'reassessment_decision').due_on:%-d %B %Y}."
        ),
        title="Record a request for reassessment",
        lead="The family, the school or college, or the council itself may ask for a new EHC "
        "needs assessment of a plan in force. The council tells the family within 15 days "
        "whether it will reassess (regulation 24).",
        submit="Record the request",
    )


MATCH_CARRY_SKIP = {"csrfmiddlewaretoken", "duplicate_choice", "step", "change"}


@require_http_methods(["GET", "HEAD", "POST"])
def move_in_new(request):
    """A plan passed on by the council the family moved from: a plan in force here.

    The child is looked for first, by the same rule as a legacy file's rows (UPN, else name and
    date of birth: `transfers.legacy.children_matching`). When someone matches, the officer sees
    them before anything is saved and attaches the plan to that child's case, or says this is a
    different child and a new record and case are made."""
    if not can_record_request(request.user):
        raise PermissionDenied("Only SEN case officers and managers record a plan moving in.")
    form = forms.MoveInForm(form_data(request))
    if request.method != "POST" or "change" in request.POST or not form.is_valid():
        return _move_in_form(request, form)
    data = form.cleaned_data
    matches, matched_by = legacy.children_matching(
        upn=data["upn"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
    )
    child, choice_form = None, None
    if matches:
        matches = case_selectors.duplicates_as_seen_by(request.user, matches)
        answered = request.POST.get("step") == "match"
        choice_form = DuplicateChoiceForm(request.POST if answered else None, children=matches)
        if not (answered and choice_form.is_valid()):
            return _move_in_match(request, form, choice_form, matches, matched_by)
        child = choice_form.chosen_child()

    done = submit(
        request,
        choice_form if child else form,
        lambda _data: services.move_in_record(
            actor=request.user,
            child=child,
            child_details=None if child else form.child_details(),
            family_details=None if child else form.family_details(),
            **form.plan_details(),
        ),
        success=lambda move: (
            f"Plan from {move.from_council} recorded on case "
            f"{move.case.reference}. Tell the family within 6 weeks."
        ),
        field_map={"setting_id": "setting"},
    )
    if done.succeeded:
        return redirect(reverse("cases:case", kwargs={"reference": done.result.case.reference}))
    if child:
        return _move_in_match(request, form, choice_form, matches, matched_by, status=done.status)
    return _move_in_form(request, form, status=done.status)


def _move_in_form(request, form, status=200):
    return render(
        request,
        "transfers/moves/move_in_new.html",
        {"form": form, "title": "Record a plan moving in from another council"},
        status=status,
    )


def _move_in_match(request, form, choice_form, matches, matched_by, status=200):
    all_cases = [c.pk for child in matches for c in child.cases.all()]
    # Looking across teams reads each record found (another team's: only that it exists).
    record_list_access(user=request.user, cases=all_cases, what="found by the duplicate check")
    return render(
        request,
        "transfers/moves/move_in_match.html",
        {
            "form": choice_form,
            "new_form": form,
            "matches": matches,
            "matched_by": matched_by,
            "visible_case_ids": case_selectors.visible_case_ids(request.user, all_cases),
            "carried": [
                (name, value)
                for name, values in request.POST.lists()
                if name not in MATCH_CARRY_SKIP
                for value in values
            ],
        },
        status=status,
    )
