"""The family portal's pages: thin, each through the one gateway
(`cases.family_access.family_case_get`), which answers 404 for "no such case" and "not yours".

Downloads go only through `document_download` and `plan_download`, which check the same gateway
and then that the file is one the family may have (`selectors.document_get`)."""

from django.http import FileResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases.family_access import FAMILY_ROLES
from cases.family_access import family_case_get
from cases.family_access import family_cases
from cases.formflow import form_data
from cases.formflow import submit
from cases.models import AssessmentRequest
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import ViewsPurpose
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.services import family_portal as services
from ehcp.services import budgets as budget_services
from ehcp.services import family as family_services
from ehcp.services.plans import plan_version_pdf

from . import forms
from . import selectors

FORM_METHODS = ["GET", "HEAD", "POST"]


def _case(request, reference):
    return family_case_get(request.user, reference, today=timezone.localdate())


def _file(handle, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def home(request):
    """Each child the family is linked to (or the young person's own case), where it stands, and
    what needs their attention."""
    user, today = request.user, timezone.localdate()
    cases = family_cases(user, today=today) if user.role in FAMILY_ROLES else []
    open_deadlines = Deadline.objects.filter(
        case__in=[c.pk for c in cases], met_on__isnull=True, cancelled=False
    )
    by_case: dict[int, list] = {}
    for deadline in open_deadlines:
        by_case.setdefault(deadline.case_id, []).append(deadline)
    for case in cases:
        case.next_dates = selectors.next_dates(case, by_case.get(case.pk, []), today=today)
    return render(
        request,
        "portal/home.html",
        {
            "cases": cases,
            "is_family": user.role in FAMILY_ROLES,
            # a professional's work is the advice asked of them, not a family's case
            "gives_advice": has_ability(user, Ability.GIVE_ADVICE),
            "attention": selectors.attention(cases, user, today=today),
        },
    )


@require_safe
def case(request, reference):
    case = _case(request, reference)
    progress = selectors.case_progress(case, request.user, today=timezone.localdate())
    return render(request, "portal/case.html", {"case": case, "progress": progress})


@require_http_methods(FORM_METHODS)
def request_new(request, reference):
    case = _case(request, reference)
    progress = selectors.case_progress(case, request.user, today=timezone.localdate())
    if not progress.may_request:
        return render(request, "portal/request_not_now.html", {"case": case, "progress": progress})
    form = forms.RequestForm(
        form_data(request), request.FILES if request.method == "POST" else None
    )
    done = submit(
        request,
        form,
        lambda data: services.online_request_send(
            actor=request.user, case=case, reason=data["reason"], uploads=forms.uploads(data)
        ),
        success="Your request has been sent",
        field_map=forms.UPLOAD_FIELDS,
    )
    if done.succeeded:
        return redirect("portal:request_received", reference, done.result.pk)
    return render(
        request, "portal/request_form.html", {"case": case, "form": form}, status=done.status
    )


@require_safe
def request_received(request, reference, request_id):
    """The acknowledgement: when the request counts as received and what happens by when."""
    case = _case(request, reference)
    received = AssessmentRequest.objects.filter(case=case, pk=request_id).first()
    if received is None:
        return render(request, "404.html", status=404)
    decide_by = (
        Deadline.objects.filter(
            case=case, object_id=received.pk, kind=DeadlineKind.DECIDE_TO_ASSESS
        )
        .values_list("due_on", flat=True)
        .first()
    )
    return render(
        request,
        "portal/request_received.html",
        {"case": case, "received": received, "decide_by": decide_by},
    )


@require_http_methods(FORM_METHODS)
def views(request, reference, purpose):
    case = _case(request, reference)
    if purpose not in ViewsPurpose.values:
        return render(request, "404.html", status=404)
    given = case.family_views.filter(purpose=purpose).prefetch_related("documents").first()
    initial = (
        {
            "about_me": given.about_me,
            "family_views": given.family_views,
            "hopes": given.hopes,
            "reuse_consent": given.reuse_consent,
            "reports_to_reuse": given.reports_to_reuse,
        }
        if given
        else None
    )
    form = forms.ViewsForm(
        form_data(request), request.FILES if request.method == "POST" else None, initial=initial
    )
    done = submit(
        request,
        form,
        lambda data: services.family_views_give(
            actor=request.user,
            case=case,
            purpose=purpose,
            about_me=data["about_me"],
            family_views=data["family_views"],
            hopes=data["hopes"],
            reuse_consent=data["reuse_consent"],
            reports_to_reuse=data["reports_to_reuse"],
            uploads=forms.uploads(data),
        ),
        success="Your views have been sent to the SEND team",
        field_map=forms.UPLOAD_FIELDS,
    )
    if done.succeeded:
        return redirect("portal:case", reference)
    return render(
        request,
        "portal/views_form.html",
        {
            "case": case,
            "form": form,
            "given": given,
            "for_review": purpose == ViewsPurpose.REVIEW,
        },
        status=done.status,
    )


@require_http_methods(FORM_METHODS)
def draft(request, reference):
    """The draft plan by section, and the family's response to it within their 15 days."""
    case = _case(request, reference)
    draft = selectors.draft_for(case, today=timezone.localdate())
    if draft is None:
        return render(request, "portal/draft_none.html", {"case": case})
    form = forms.DraftResponseForm(form_data(request))
    done = submit(
        request,
        form,
        lambda data: family_services.plan_family_respond_online(
            actor=request.user,
            plan_id=draft.plan.pk,
            **forms.DraftResponseForm.response(data),
        ),
        success="Your response to the draft plan has been sent",
    )
    if done.succeeded:
        return redirect("portal:case", reference)
    sections = [
        (key, title, lines, form.section_field(key)) for key, title, lines in draft.sections
    ]
    return render(
        request,
        "portal/draft.html",
        {"case": case, "draft": draft, "form": form, "sections": sections},
        status=done.status,
    )


@require_safe
def documents(request, reference):
    case = _case(request, reference)
    return render(
        request,
        "portal/documents.html",
        {
            "case": case,
            "notices": selectors.case_notices(case, request.user),
            "versions": selectors.plan_versions(case),
            "documents": selectors.case_documents(case),
        },
    )


@require_safe
def notice(request, reference, notice_id):
    """A letter sent to the family: opening it marks it read for this reader."""
    case = _case(request, reference)
    letter = selectors.notice_get(case, notice_id)
    services.notice_mark_read(actor=request.user, notice=letter)
    return render(
        request,
        "portal/notice.html",
        {
            "case": case,
            "notice": letter,
            "back_url": reverse("portal:documents", args=[reference]),
            "back_label": "Back to letters",
        },
    )


@require_safe
def document_download(request, reference, document_id):
    case = _case(request, reference)
    document = selectors.document_get(case, document_id)
    return _file(
        document.file.open("rb"),
        filename=document.original_name,
        content_type=document.content_type,
    )


@require_safe
def plan_download(request, reference, number):
    case = _case(request, reference)
    version = selectors.version_get(case, number)
    pdf = plan_version_pdf(version)
    return _file(
        pdf.open("rb"),
        filename=f"EHC-plan-{case.reference}-v{version.number}.pdf",
        content_type="application/pdf",
    )


@require_http_methods(FORM_METHODS)
def budget(request, reference):
    case = _case(request, reference)
    progress = selectors.case_progress(case, request.user, today=timezone.localdate())
    form = forms.BudgetForm(form_data(request))
    done = submit(
        request,
        form,
        lambda data: budget_services.budget_request_online(
            actor=request.user,
            case_id=case.pk,
            **forms.BudgetForm.asked(data),
        ),
        success="Your request for a personal budget has been sent",
        field_map={"requested_on": "covers"},
    )
    if done.succeeded:
        return redirect("portal:case", reference)
    return render(
        request,
        "portal/budget.html",
        {"case": case, "form": form, "progress": progress},
        status=done.status,
    )


@require_http_methods(FORM_METHODS)
def mediation(request, reference):
    case = _case(request, reference)
    form = forms.MediationForm(form_data(request))
    done = submit(
        request,
        form,
        lambda data: services.mediation_information_ask(
            actor=request.user, case=case, about=data["about"]
        ),
        success="The SEND team will send you information about mediation",
    )
    if done.succeeded:
        return redirect(reverse("portal:case", args=[reference]))
    return render(
        request, "portal/mediation.html", {"case": case, "form": form}, status=done.status
    )
