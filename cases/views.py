"""The SEN case officer's screens that are not workflow steps: caseload, case page, a new
request, documents, who acts for a young person, and the panel agenda. The request's steps are
declared in `cases.steps` and served by the generic step view of `cases.workflow`.

Thin on purpose: parse the form, call a selector or a service, render. Every case is reached
through `selectors.case_get_for_user` with the level of access the page needs (404 for "no such
case" and "not yours" alike, 403 for a case seen but not to be changed); every write goes through
`cases.services`, which raises `ValidationError` (shown on the form) or `ConcurrentChange` (409).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases.formflow import form_data

from . import forms
from . import selectors
from . import services
from .audit import record_access
from .audit import record_list_access
from .formflow import add_service_errors
from .paging import pager
from .permissions import Ability
from .permissions import can_record_request
from .permissions import can_use_caseload
from .permissions import has_ability
from .rules import Need
from .steps import case_target
from .steps import case_url
from .workflow import form_page

CASELOAD_PAGE_SIZE = 25
# A search of the caseload usually finds a few cases, at most some hundreds: up to this many,
# their keys are read once, for the count and the page together (`cases.paging`).
SEARCH_KEYS_AT_ONCE = 2000


# --- caseload and case page --------------------------------------------------------------------


@require_safe
def caseload(request):
    if not can_use_caseload(request.user):
        raise PermissionDenied("The caseload is for SEN case officers and managers.")
    today = timezone.localdate()
    filter_form = forms.CaseloadFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    cases = selectors.caseload(request.user, today=today, **filters)
    listing = pager(
        request,
        cases,
        param="page",
        per_page=CASELOAD_PAGE_SIZE,
        keys_at_once=SEARCH_KEYS_AT_ONCE if filters.get("q") else 0,
    )
    record_list_access(
        user=request.user,
        cases=list(listing["page"]),
        what="listed in the caseload" + (f" (search: {filters['q']})" if filters.get("q") else ""),
    )
    return render(
        request,
        "cases/caseload.html",
        {
            "filter_form": filter_form,
            "filtered": bool(filters),
            "page": listing["page"],
            "pager": listing,
            "today": today,
            "can_record_request": can_record_request(request.user),
        },
    )


@require_safe
def case_detail(request, reference):
    case = selectors.case_get_for_user(
        request.user, reference, annotate=selectors.case_page_reads()
    )
    record_access(user=request.user, case=case, what="viewed case page")
    today = timezone.localdate()
    page = selectors.case_page(case, user=request.user, today=today)
    if can_use_caseload(request.user):
        back = {"back_url": reverse("cases:caseload"), "back_label": "Back to the caseload"}
    else:  # a panel member came from the agenda
        back = {"back_url": reverse("panel:agenda"), "back_label": "Back to the panel agenda"}
    return render(
        request, "cases/case_detail.html", {"page": page, "case": case, "today": today, **back}
    )


HISTORY_PAGE_SIZE = 50


@require_safe
def case_history(request, reference):
    """Everything that has happened on the case, newest first, a page at a time: the case page
    shows the latest (`selectors.TIMELINE_LENGTH`) and links here."""
    case = selectors.case_get_for_user(request.user, reference)
    record_access(user=request.user, case=case, what="viewed case history")
    entries = pager(request, selectors.case_history(case), param="page", per_page=HISTORY_PAGE_SIZE)
    return render(
        request, "cases/case_history.html", {"case": case, "child": case.child, "entries": entries}
    )


@require_safe
def document_download(request, reference, document_id):
    case = selectors.case_get_for_user(request.user, reference)
    document = selectors.document_get_for_case(case, document_id)
    record_access(user=request.user, case=case, what=f"downloaded document {document.title}")
    return document_response(document)


def document_response(document) -> FileResponse:
    """A case document as a download, never shown inline nor kept by a cache (for every view
    that has checked the person may have it)."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


PANEL_PAGE_SIZE = 25


@require_safe
def panel_agenda(request):
    """Panel members and managers only; case officers get 403 (the panel decides, not them).

    Two lists (whether to assess, whether to issue), each a page at a time, filtered."""
    if not has_ability(request.user, Ability.DECIDE):
        raise PermissionDenied("The panel agenda is for panel members and SEN managers.")
    today = timezone.localdate()
    filter_form = forms.PanelAgendaFilterForm(request.GET or None)
    filters = filter_form.filters()
    lists = {}
    for decision in ("assess", "issue"):
        if filters.get("decision", decision) != decision:
            continue
        items = selectors.panel_agenda(
            request.user, today=today, decision=decision, due=filters.get("due", "")
        )
        lists[decision] = pager(request, items, param=f"{decision}_page", per_page=PANEL_PAGE_SIZE)
    record_list_access(
        user=request.user,
        cases=[i.case_id for listing in lists.values() for i in listing["page"]],
        what="listed on the panel agenda",
    )
    return render(
        request,
        "cases/panel_agenda.html",
        {
            "filter_form": filter_form,
            "filtered": bool(filters),
            "assess": lists.get("assess"),
            "issue": lists.get("issue"),
            "today": today,
        },
    )


# --- a new request -----------------------------------------------------------------------------

CARRY_SKIP = {"csrfmiddlewaretoken", "duplicate_choice", "step", "change"}


@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    """Record a request for an EHC needs assessment, checking first that the child is new.

    When children with the same name and date of birth, or the same UPN, are on record, the
    officer chooses one of them or says this is a different child before anything is saved.
    """
    if not can_record_request(request.user):
        raise PermissionDenied("Only SEN case officers and managers record requests.")
    form = forms.NewRequestForm(form_data(request))
    if request.method != "POST" or "change" in request.POST or not form.is_valid():
        return render(request, "cases/request_new.html", {"form": form})

    data = form.cleaned_data
    duplicates = selectors.duplicates_as_seen_by(
        request.user,
        selectors.possible_duplicate_children(
            data["first_name"], data["last_name"], data["date_of_birth"], data["upn"]
        ),
    )
    child = None
    choice_form = None
    if duplicates:
        answered = request.POST.get("step") == "duplicates"
        choice_form = forms.DuplicateChoiceForm(
            request.POST if answered else None, children=duplicates
        )
        if not (answered and choice_form.is_valid()):
            return _render_duplicates(request, form, choice_form, duplicates)
        child = choice_form.chosen_child()

    try:
        assessment_request = services.request_create(
            actor=request.user,
            child=child,
            child_details=None if child else form.child_details(),
            family_details=None if child else form.family_details(),
            **form.request_details(),
        )
    except ValidationError as exc:
        if choice_form is not None and child is not None:
            add_service_errors(choice_form, exc, {})
            return _render_duplicates(
                request, form, choice_form, duplicates, contact_on=_case_named(exc, child)
            )
        add_service_errors(form, exc, forms.NewRequestForm.SERVICE_FIELDS)
        return render(request, "cases/request_new.html", {"form": form})
    case = assessment_request.case
    messages.success(
        request,
        f"Request for assessment recorded for {case.child.full_name} on case {case.reference}",
    )
    if not selectors.visible_case_ids(request.user, [case.pk]):
        # The child's open case belongs to another team: the request went there.
        messages.info(request, f"Case {case.reference} is held by {case.team}: contact them.")
        return redirect(reverse("cases:caseload"))
    return redirect(case_url(case))


def _case_named(exc: ValidationError, child):
    """The child's case that a refusal names ("... open request on case X. Record this contact
    on that request instead."), for the link to record the contact there."""
    said = " ".join(exc.messages)
    return next((c for c in child.cases.all() if c.reference in said), None)


def _render_duplicates(request, form, choice_form, duplicates, contact_on=None):
    all_cases = [c.pk for child in duplicates for c in child.cases.all()]
    visible = selectors.visible_case_ids(request.user, all_cases)
    # A lookup across teams is a read of each record it finds (held elsewhere: only that it
    # exists and who holds it is shown).
    record_list_access(user=request.user, cases=all_cases, what="found by the duplicate check")
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in CARRY_SKIP
        for value in values
    ]
    return render(
        request,
        "cases/request_duplicates.html",
        {
            "form": choice_form,
            "new_form": form,
            "duplicates": duplicates,
            "visible_case_ids": visible,
            "carried": carried,
            # Only a case the officer may open: another team's is named, not linked.
            "contact_on": contact_on.reference if contact_on and contact_on.pk in visible else "",
        },
    )


# --- documents ---------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def document_upload(request, reference):
    case = selectors.case_get_for_user(request.user, reference, Need.WORK)
    form = forms.DocumentUploadForm(form_data(request), request.FILES or None)

    def perform(data):
        return services.document_upload(
            actor=request.user,
            case=case,
            upload=data["upload"],
            kind=data["kind"],
            title=data["title"],
        )

    return form_page(
        request,
        case_target(request, case, case),
        form=form,
        perform=perform,
        success=lambda d: f"Document uploaded: {d.title}",
        title="Upload a document",
        submit="Upload the document",
    )


# --- who acts for a young person ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def alternative_person_record(request, reference):
    case = selectors.case_get_for_user(request.user, reference, Need.WORK)
    form = forms.AlternativePersonForm(form_data(request))

    def perform(data):
        return services.alternative_person_record(actor=request.user, case=case, **data)

    return form_page(
        request,
        case_target(request, case, case),
        form=form,
        perform=perform,
        success=lambda p: f"{p.full_name} is recorded as acting for {case.child.full_name}",
        title="Record who acts for the young person",
        lead="Only where the young person lacks the mental capacity for these decisions. "
        "From now on, letters and reminders meant for the young person go to this person.",
        submit="Save",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def alternative_person_end(request, reference, person_id):
    case = selectors.case_get_for_user(request.user, reference, Need.WORK)
    person = selectors.alternative_person_get_for_case(case, person_id)
    if request.method != "POST" and person.ended_on is not None:
        messages.info(request, f"{person.full_name} already no longer acts for them.")
        return redirect(case_url(case))
    form = forms.AlternativePersonEndForm(form_data(request))

    def perform(data):
        return services.alternative_person_end(
            actor=request.user, case=case, person_id=person.pk, **data
        )

    return form_page(
        request,
        case_target(request, case, case),
        form=form,
        perform=perform,
        success=f"{person.full_name} no longer acts for {case.child.full_name}",
        title=f"{person.full_name} no longer acts for the young person",
        lead="Letters and reminders go to the young person again.",
        submit="Save",
    )


# --- where the child's school moves fall ---------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def school_phases(request, reference):
    """Middle-school areas and college moves: the phase transfers of SEND Regs 2014 reg 18 that
    do not follow the usual primary-to-secondary pattern."""
    case = selectors.case_get_for_user(request.user, reference, Need.WORK)
    form = forms.SchoolPhasesForm(
        form_data(request),
        initial={
            "middle_school_from_year": case.middle_school_from_year,
            "secondary_from_year": case.secondary_from_year,
            "post16_move_on": case.post16_move_on,
        },
    )

    def perform(data):
        return services.case_school_phases_set(actor=request.user, case_id=case.pk, **data)

    return form_page(
        request,
        case_target(request, case, case),
        form=form,
        perform=perform,
        success="School phases saved. The phase transfer date follows them from tonight's run.",
        title="School phases and college moves",
        lead="Phase transfers fall on different dates in a middle-school area, and a college "
        "student moving between post-16 institutions needs their plan amended at least 5 months "
        "before the move.",
        submit="Save",
    )
