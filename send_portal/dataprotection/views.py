"""The data protection screens (SEN managers only): find a case or a person, a case's audit
history and access log, a user's activity, subject access exports, and the retention report with
its reviewed erasure.

Thin: parse the form, call a selector or a service, render. Every page first checks the user is an
SEN manager (403 otherwise); strangers never reach a view (the /staff/ URL space sends them to sign
in). Cases are reached through the case gateway (404 for "no such case" and "not yours").
Reading the audit pages is itself logged.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases.audit import audit_record
from cases.audit import record_access
from cases.formflow import form_data
from cases.paging import pager

from . import forms
from . import retention
from . import selectors
from . import services
from .permissions import require_data_protection

AUDIT_PAGE_SIZE = 25
ACCESS_PAGE_SIZE = 25
RETENTION_PAGE_SIZE = 50


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value) or "(empty)"
    return str(value)


def change_rows(changes) -> list[tuple[str, str, str]]:
    """An entry's `changes` ({field: [old, new]}) as rows of a small table."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for name, pair in changes.items():
        before, after = (
            (pair[0], pair[1]) if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        )
        rows.append((str(name).replace("_", " ").capitalize(), _shown(before), _shown(after)))
    return rows


def _with_change_rows(entries: list) -> list:
    for entry in entries:
        entry.change_rows = change_rows(entry.changes)
    return entries


def _audit_pager(request, entries, *, param: str) -> dict:
    result = pager(request, entries, param=param, per_page=AUDIT_PAGE_SIZE)
    result["page"].object_list = _with_change_rows(list(result["page"].object_list))
    return result


# --- find a case or a person -------------------------------------------------------------------


@require_safe
def home(request):
    require_data_protection(request.user)
    case_form = forms.CaseLookupForm(request.GET if "reference" in request.GET else None)
    person_form = forms.PersonLookupForm(request.GET if "person" in request.GET else None)
    people = None
    if case_form.is_bound and case_form.is_valid():
        try:
            case = selectors.audit_case_get(request.user, case_form.cleaned_data["reference"])
        except Http404:
            case_form.add_error("reference", "No case has that reference")
        else:
            return redirect("dataprotection:case_audit", reference=case.reference)
    if person_form.is_bound and person_form.is_valid():
        people = selectors.people_search(person_form.cleaned_data["person"])
    return render(
        request,
        "dataprotection/home.html",
        {
            "case_form": case_form,
            "person_form": person_form,
            "form": case_form if case_form.errors else person_form,  # the page title's "Error:"
            "people": people,
        },
    )


# --- audit history -----------------------------------------------------------------------------


@require_safe
def case_audit(request, reference):
    require_data_protection(request.user)
    case = selectors.audit_case_get(request.user, reference)
    record_access(user=request.user, case=case, what="viewed audit history")
    filter_form = forms.ActorFilterForm(
        request.GET if "actor" in request.GET else None, actors=selectors.case_actors(case)
    )
    actor = filter_form.chosen_actor()
    return render(
        request,
        "dataprotection/case_audit.html",
        {
            "case": case,
            "child": case.child,
            "filter_form": filter_form,
            "filtered": bool(actor),
            "entries": _audit_pager(
                request, selectors.case_audit_entries(case, actor=actor), param="page"
            ),
            "accesses": pager(
                request,
                selectors.case_access_log(case, actor=actor),
                param="access_page",
                per_page=ACCESS_PAGE_SIZE,
            ),
            "child_entries": []
            if actor
            else _with_change_rows(selectors.child_audit_entries(case.child)),
        },
    )


@require_safe
def user_activity(request, user_id):
    require_data_protection(request.user)
    subject = selectors.user_get(user_id)
    # No case to log a record access against: reading someone's activity is audited instead.
    audit_record(
        actor=request.user,
        action="audit.user_activity_viewed",
        obj=subject,
        payload={"user_id": subject.pk},
    )
    return render(
        request,
        "dataprotection/user_activity.html",
        {
            "subject": subject,
            "entries": _audit_pager(request, selectors.user_audit_entries(subject), param="page"),
            "accesses": pager(
                request,
                selectors.user_access_log(subject),
                param="access_page",
                per_page=ACCESS_PAGE_SIZE,
            ),
        },
    )


# --- subject access ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def subject_access(request):
    """Find the person (by case reference or email), choose whose records, download the ZIP."""
    require_data_protection(request.user)
    posted = request.method == "POST"
    data = request.POST if posted else (request.GET if "q" in request.GET else None)
    lookup = forms.SubjectLookupForm(data)
    subjects = None
    if lookup.is_bound and lookup.is_valid():
        q = lookup.cleaned_data["q"]
        if lookup.is_email:
            subjects = selectors.subjects_for_email(q)
            if not subjects:
                lookup.add_error("q", "No parent or carer has that email address")
        else:
            try:
                subjects = selectors.subjects_for_case(request.user, q.upper())
            except Http404:
                lookup.add_error("q", "No case has that reference")
    choice = None
    if subjects:
        choice = forms.SubjectChoiceForm(
            request.POST if posted else None,
            initial={"q": lookup.cleaned_data["q"]},
            subjects=subjects,
        )
        if posted and choice.is_valid():
            subject = choice.chosen()
            filename, spool = services.subject_access_spooled(
                actor=request.user, child=subject.child, family_member=subject.family_member
            )
            response = FileResponse(
                spool, as_attachment=True, filename=filename, content_type="application/zip"
            )
            response["Cache-Control"] = "private, no-store"
            response["X-Content-Type-Options"] = "nosniff"
            return response
    return render(
        request,
        "dataprotection/subject_access.html",
        {
            "lookup": lookup,
            "choice": choice,
            "form": choice if choice is not None and choice.errors else lookup,
            "subjects": subjects,
        },
    )


# --- retention ---------------------------------------------------------------------------------


@require_safe
def retention_report(request):
    require_data_protection(request.user)
    today = timezone.localdate()
    return render(
        request,
        "dataprotection/retention.html",
        {
            "children": pager(
                request,
                selectors.past_retention(today),
                param="page",
                per_page=RETENTION_PAGE_SIZE,
            ),
            "age_years": retention.age_years(),
            "closed_years": retention.closed_years(),
            "today": today,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def erase(request, child_id):
    """Review what erasing the record removes; confirm, give a reason, erase."""
    require_data_protection(request.user)
    child = selectors.retention_child_get(child_id)
    today = timezone.localdate()
    preview = selectors.erasure_preview(child, today=today)
    form = forms.ErasureForm(form_data(request))
    status = 200
    if request.method == "POST":
        if not preview.status.may_erase:
            form.add_error(None, preview.status.refusals)
            status = 409
        elif form.is_valid():
            try:
                result = services.child_erase(
                    actor=request.user,
                    child=child,
                    reason=form.cleaned_data["reason"],
                    today=today,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                status = 409
            else:
                messages.success(
                    request,
                    f"The personal data of child record {child.pk} (case "
                    f"{', '.join(result.references) or 'none'}) has been erased",
                )
                return redirect(reverse("dataprotection:retention"))
    elif not preview.status.erased:
        for case in preview.cases:
            record_access(user=request.user, case=case, what="reviewed the record for erasure")
    return render(
        request,
        "dataprotection/erase.html",
        {"preview": preview, "child": child, "form": form, "today": today},
        status=status,
    )
