"""The SEN case officer's screens: caseload, case page, the request's forms and the panel agenda.

Thin on purpose: parse the form, call a selector or a service, render. Every case is reached
through `selectors.case_get_for_user` (404 for "no such case" and "not yours" alike); every
write goes through `cases.services`, which checks the user's rights again and raises
`PermissionDenied` (403), `ValidationError` (shown on the form) or `ConcurrentChange` (409).
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from . import forms, selectors, services
from .audit import record_access
from .formflow import add_service_errors, submit
from .models import OPEN_REQUEST_STATES, DeadlineKind, RequestState
from .paging import pager
from .permissions import (
    can_decide,
    can_record_request,
    can_use_caseload,
    can_view_case,
    can_work_on_case,
)

CASELOAD_PAGE_SIZE = 25
# The request's own "issue" forms record a plan written elsewhere (an upload). A plan written in
# this service is issued from the plan's page, which moves the request on itself.
OUTSIDE_THIS_SERVICE = (
    "Only use this for a plan written and sent outside this service: you upload the plan as a "
    "document. To write the plan here, go back and start drafting it: once recorded here, the "
    "plan can no longer be drafted in this service."
)
FORM_TEMPLATE = "cases/action_form.html"


# --- helpers -----------------------------------------------------------------------------------


def _case_url(case) -> str:
    return reverse("cases:case", kwargs={"reference": case.reference})


def _run(
    request,
    case,
    *,
    form,
    perform: Callable[[dict], object],
    success: str | Callable[[object], str],
    context: dict,
    template: str = FORM_TEMPLATE,
    field_map: dict | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST calls the service and goes back to the case page, or
    to the page of the case the form was opened from (`?next=`, e.g. the plan)."""
    back_url = _back_url(request, case)
    done = submit(request, form, perform, success=success, field_map=field_map)
    if done.succeeded:
        if not can_view_case(request.user, case):
            # e.g. a panel member's decision moved the case past the panel's stages
            return redirect(reverse("panel:agenda"))
        return redirect(back_url)
    return render(
        request,
        template,
        {
            "case": case,
            "child": case.child,
            "form": form,
            "case_url": back_url,
            "back_label": "Back to the case" if back_url == _case_url(case) else "Back",
            **context,
        },
        status=done.status,
    )


def _back_url(request, case) -> str:
    """Where a form returns: `?next=` when it is a page of this same case, else the case page.
    Anything else (another case, another site) is ignored, so it cannot be used to redirect."""
    case_url = _case_url(case)
    wanted = request.GET.get("next", "")
    if wanted.startswith(case_url) and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return case_url


def _not_now(request, case, text: str) -> HttpResponse:
    """The action no longer applies (e.g. someone else moved the request on): say so."""
    messages.info(request, text)
    return redirect(_case_url(case))


def _require_work(user, case) -> None:
    if not can_work_on_case(user, case):
        raise PermissionDenied("You cannot work on this case.")


def _require_decide(user, case) -> None:
    if not can_decide(user, case):
        raise PermissionDenied("Only the panel or an SEN manager makes this decision.")


def _due_hint(req, kind) -> dict:
    deadline = selectors.request_open_deadline(req, kind)
    return {"due_deadline": deadline}


# --- caseload and case page --------------------------------------------------------------------


@require_safe
def caseload(request):
    if not can_use_caseload(request.user):
        raise PermissionDenied("The caseload is for SEN case officers and managers.")
    today = timezone.localdate()
    filter_form = forms.CaseloadFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    cases = selectors.caseload(request.user, today=today, **filters)
    listing = pager(request, cases, param="page", per_page=CASELOAD_PAGE_SIZE)
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
    case = selectors.case_get_for_user(request.user, reference)
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


@require_safe
def document_download(request, reference, document_id):
    case = selectors.case_get_for_user(request.user, reference)
    document = selectors.document_get_for_case(case, document_id)
    record_access(user=request.user, case=case, what=f"downloaded document {document.title}")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def panel_agenda(request):
    """Panel members and managers only; case officers get 403 (the panel decides, not them)."""
    if not request.user.has_perm("cases.decide_request"):
        raise PermissionDenied("The panel agenda is for panel members and SEN managers.")
    today = timezone.localdate()
    items = selectors.panel_agenda(request.user, today=today)
    return render(
        request,
        "cases/panel_agenda.html",
        {
            "assess_items": [i for i in items if i.decision == "assess"],
            "issue_items": [i for i in items if i.decision == "issue"],
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
    form = forms.NewRequestForm(request.POST or None)
    if request.method != "POST" or "change" in request.POST or not form.is_valid():
        return render(request, "cases/request_new.html", {"form": form})

    data = form.cleaned_data
    duplicates = selectors.possible_duplicate_children(
        data["first_name"], data["last_name"], data["date_of_birth"], data["upn"]
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
            return _render_duplicates(request, form, choice_form, duplicates)
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
    return redirect(_case_url(case))


def _render_duplicates(request, form, choice_form, duplicates):
    visible = selectors.visible_case_ids(
        request.user, [c.pk for child in duplicates for c in child.cases.all()]
    )
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
        },
    )


# --- panel decisions ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def decide_to_assess(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_decide(request.user, case)
    if request.method != "POST" and req.state != RequestState.RECEIVED:
        return _not_now(
            request,
            case,
            f"This request is {req.get_state_display().lower()}: there is no "
            "decision whether to assess to record.",
        )
    form = forms.DecisionForm(
        request.POST or None,
        initial={"version": req.version},
        question="Will the council carry out an EHC needs assessment?",
        error="Select yes if the council will carry out an EHC needs assessment",
    )

    def perform(data):
        return services.request_decide_to_assess(
            actor=request.user,
            request_id=req.pk,
            version=data["version"],
            agreed=data["agreed"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            rights_given=data["rights_given"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda r: (
            "Decision recorded: the council will carry out an EHC needs assessment"
            if r.state == RequestState.AGREED
            else "Decision recorded: the council will not carry out an EHC needs assessment"
        ),
        context={
            "title": "Record the decision whether to assess",
            "assessment_request": req,
            "submit": "Record the decision",
            **_due_hint(req, DeadlineKind.DECIDE_TO_ASSESS),
        },
        template="cases/decision_form.html",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def decide_to_issue(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_decide(request.user, case)
    waiting = (RequestState.AGREED, RequestState.ADVICE_GATHERING)
    if request.method != "POST" and req.state not in waiting:
        return _not_now(
            request,
            case,
            f"This request is {req.get_state_display().lower()}: there is no "
            "decision whether to issue a plan to record.",
        )
    form = forms.DecisionForm(
        request.POST or None,
        initial={"version": req.version},
        question="Will the council issue an EHC plan?",
        error="Select yes if the council will issue an EHC plan",
        yes_allowed=req.state == RequestState.ADVICE_GATHERING,
    )

    def perform(data):
        return services.request_decide_to_issue(
            actor=request.user,
            request_id=req.pk,
            version=data["version"],
            agreed=data["agreed"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            rights_given=data["rights_given"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda r: (
            "Decision recorded: the council will issue an EHC plan"
            if r.state == RequestState.DRAFTING
            else "Decision recorded: the council will not issue an EHC plan"
        ),
        context={
            "title": "Record the decision whether to issue a plan",
            "assessment_request": req,
            "submit": "Record the decision",
            **_due_hint(req, DeadlineKind.DECIDE_TO_ISSUE),
        },
        template="cases/decision_form.html",
    )


# --- the co-ordinated assessment ---------------------------------------------------------------

ADVICE_STATES = (RequestState.AGREED, RequestState.ADVICE_GATHERING)


@require_http_methods(["GET", "HEAD", "POST"])
def advice_send(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_work(request.user, case)
    if request.method != "POST" and req.state not in ADVICE_STATES:
        return _not_now(request, case, "Advice is asked for once the council has agreed to assess.")
    form = forms.AdviceRequestForm(request.POST or None)

    def perform(data):
        return services.advice_request_send(
            actor=request.user,
            request_id=req.pk,
            kind=data["kind"],
            addressee_name=data["addressee_name"],
            addressee_organisation=data["addressee_organisation"],
            addressee_email=data["addressee_email"],
            requested_on=data["requested_on"],
            received_by_adviser_on=data["received_by_adviser_on"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda a: (
            f"Advice requested from {a.addressee_name}: due {format_date(a.due_on, 'j F Y')}"
        ),
        context={"title": "Ask for advice", "submit": "Save the advice request"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def advice_reuse(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_work(request.user, case)
    if request.method != "POST" and req.state not in ADVICE_STATES:
        return _not_now(request, case, "Advice is gathered once the council has agreed to assess.")
    form = forms.AdviceReuseForm(request.POST or None, request.FILES or None)

    def perform(data):
        return services.advice_reuse(
            actor=request.user,
            request_id=req.pk,
            kind=data["kind"],
            author=data["author"],
            report_dated=data["report_dated"],
            upload=data["upload"],
            author_agrees=data["author_agrees"],
            family_agrees=data["family_agrees"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda a: f"Existing advice from {a.addressee_name} added to the assessment",
        context={
            "title": "Reuse existing advice",
            "submit": "Add the advice",
            "lead": "Tell us once: use a recent report the family already has instead of asking "
            "again, when its author, the family and the council agree.",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def advice_received(request, reference, advice_id):
    case = selectors.case_get_for_user(request.user, reference)
    advice = selectors.advice_get_for_case(case, advice_id)
    _require_work(request.user, case)
    if request.method != "POST" and advice.received_on is not None:
        return _not_now(request, case, "This advice has already been recorded as received.")
    form = forms.AdviceReceivedForm(request.POST or None, request.FILES or None)

    def perform(data):
        return services.advice_record_received(
            actor=request.user,
            advice_id=advice.pk,
            received_on=data["received_on"],
            upload=data["upload"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda a: f"{a.get_kind_display()} from {a.addressee_name} recorded as received",
        context={
            "title": "Record advice received",
            "lead": f"{advice.get_kind_display()} from {advice.addressee_name}, "
            f"due {format_date(advice.due_on, 'j F Y')}.",
            "submit": "Record the advice",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def exception_record(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_work(request.user, case)
    if request.method != "POST" and req.state not in OPEN_REQUEST_STATES:
        return _not_now(request, case, "Exceptions are recorded while the request is open.")
    form = forms.ExceptionForm(request.POST or None)

    def perform(data):
        return services.exception_record(
            actor=request.user,
            request_id=req.pk,
            ground=data["ground"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
            kinds=data["kinds"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success="Exception to the time limits recorded. The statutory dates stay as they were.",
        context={
            "title": "Record an exception to the time limits",
            "submit": "Record the exception",
            "lead": "The council must still act as soon as practicable. The statutory dates are "
            "kept, and timeliness is reported with and without exceptions.",
        },
    )


# --- the plan ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def issue_draft(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_work(request.user, case)
    if request.method != "POST" and req.state != RequestState.DRAFTING:
        return _not_now(request, case, f"This request is {req.get_state_display().lower()}.")
    form = forms.IssueDraftForm(
        request.POST or None, request.FILES or None, initial={"version": req.version}
    )

    def perform(data):
        return services.request_issue_draft(
            actor=request.user,
            request_id=req.pk,
            version=data["version"],
            issued_on=data["issued_on"],
            upload=data["upload"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success="Draft plan recorded as issued. The family has 15 days to comment.",
        context={
            "title": "Record a draft plan issued outside this service",
            "warning": OUTSIDE_THIS_SERVICE,
            "submit": "Record the draft plan as issued",
            **_due_hint(req, DeadlineKind.DRAFT_PLAN_TARGET),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def family_response(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_work(request.user, case)
    if request.method != "POST" and req.state != RequestState.DRAFT_ISSUED:
        return _not_now(request, case, "The family responds once the draft plan has been issued.")
    form = forms.FamilyResponseForm(request.POST or None)

    def perform(data):
        return services.request_record_family_response(
            actor=request.user, request_id=req.pk, responded_on=data["responded_on"]
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success="The family's response to the draft plan is recorded",
        context={
            "title": "Record the family's response to the draft plan",
            "submit": "Record the response",
            **_due_hint(req, DeadlineKind.DRAFT_RESPONSE),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def issue_final(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_work(request.user, case)
    if request.method != "POST" and req.state != RequestState.DRAFT_ISSUED:
        return _not_now(request, case, f"This request is {req.get_state_display().lower()}.")
    form = forms.IssueFinalForm(
        request.POST or None, request.FILES or None, initial={"version": req.version}
    )

    def perform(data):
        return services.request_issue_final(
            actor=request.user,
            request_id=req.pk,
            version=data["version"],
            issued_on=data["issued_on"],
            upload=data["upload"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success="Final EHC plan recorded as issued",
        context={
            "title": "Record a final plan issued outside this service",
            "warning": OUTSIDE_THIS_SERVICE,
            "submit": "Record the final plan as issued",
            **_due_hint(req, DeadlineKind.FINAL_PLAN),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, reference, request_id):
    case = selectors.case_get_for_user(request.user, reference)
    req = selectors.request_get_for_case(case, request_id)
    _require_work(request.user, case)
    if request.method != "POST" and req.state not in OPEN_REQUEST_STATES:
        return _not_now(request, case, f"This request is {req.get_state_display().lower()}.")
    form = forms.WithdrawForm(request.POST or None, initial={"version": req.version})

    def perform(data):
        return services.request_withdraw(
            actor=request.user,
            request_id=req.pk,
            version=data["version"],
            withdrawn_on=data["withdrawn_on"],
            reason=data["reason"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success="Request withdrawn. Its open deadlines no longer apply.",
        context={
            "title": "Withdraw the request",
            "submit": "Withdraw the request",
            "warning_button": True,
        },
    )


# --- documents ---------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def document_upload(request, reference):
    case = selectors.case_get_for_user(request.user, reference)
    _require_work(request.user, case)
    form = forms.DocumentUploadForm(request.POST or None, request.FILES or None)

    def perform(data):
        return services.document_upload(
            actor=request.user,
            case=case,
            upload=data["upload"],
            kind=data["kind"],
            title=data["title"],
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda d: f"Document uploaded: {d.title}",
        context={"title": "Upload a document", "submit": "Upload the document"},
    )


# --- who acts for a young person ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def alternative_person_record(request, reference):
    case = selectors.case_get_for_user(request.user, reference)
    _require_work(request.user, case)
    form = forms.AlternativePersonForm(request.POST or None)

    def perform(data):
        return services.alternative_person_record(actor=request.user, case=case, **data)

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=lambda p: f"{p.full_name} is recorded as acting for {case.child.full_name}",
        context={
            "title": "Record who acts for the young person",
            "lead": (
                "Only where the young person lacks the mental capacity for these decisions. "
                "From now on, letters and reminders meant for the young person go to this person."
            ),
            "submit": "Save",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def alternative_person_end(request, reference, person_id):
    case = selectors.case_get_for_user(request.user, reference)
    _require_work(request.user, case)
    person = selectors.alternative_person_get_for_case(case, person_id)
    if request.method != "POST" and person.ended_on is not None:
        return _not_now(request, case, f"{person.full_name} already no longer acts for them.")
    form = forms.AlternativePersonEndForm(request.POST or None)

    def perform(data):
        return services.alternative_person_end(
            actor=request.user, case=case, person_id=person.pk, **data
        )

    return _run(
        request,
        case,
        form=form,
        perform=perform,
        success=f"{person.full_name} no longer acts for {case.child.full_name}",
        context={
            "title": f"{person.full_name} no longer acts for the young person",
            "lead": "Letters and reminders go to the young person again.",
            "submit": "Save",
        },
    )
