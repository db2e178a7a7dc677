"""Staff screens of transfers, under /staff/transfers/ (namespace "transfers"). Thin: parse the
form, call a selector or a service, render.

- Managers bring in legacy records: upload a file (kept as a stored file), read the dry run's
  report (every row's outcome or errors), confirm, and watch the progress page that the import
  task feeds (it refreshes itself without JavaScript).
- Officers and managers follow the transfer reviews by cohort (key transition points first),
  export the same data as CSV for checking, and run each review through its steps
  (`transfers.steps`, the generic step view).
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases.audit import record_access
from cases.audit import record_list_access
from cases.formflow import add_service_errors
from cases.formflow import form_data
from cases.paging import pager
from cases.uploads import refused_uploads
from cases.workflow import next_actions

from . import imports
from . import selectors
from .forms import ConfirmForm
from .forms import ProgressFilterForm
from .forms import UploadForm
from .models import ImportState
from .models import TransferState
from .permissions import can_import
from .resources import transfer_reviews_csv

ROWS_PER_PAGE = 100


@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    recent = selectors.imports_recent(request.user)
    form = UploadForm(form_data(request), request.FILES or None)
    if request.method == "POST":
        refused = refused_uploads(request).get("upload")
        if refused is not None:
            form = UploadForm(request.POST, {"upload": refused})
        if form.is_valid():
            try:
                found = imports.legacy_upload(
                    actor=request.user, upload=form.cleaned_data["upload"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("transfers:import_report", import_id=found.pk)
    return render(
        request,
        "transfers/import_upload.html",
        {"form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_report(request, import_id):
    found = selectors.import_get_for_user(request.user, import_id)
    form = ConfirmForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            imports.legacy_confirm(actor=request.user, import_id=found.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("transfers:import_progress", import_id=found.pk)
    report = found.report
    rows = report.get("rows", [])
    errors = [{"number": row["number"], **error} for row in rows for error in row["errors"]]
    outcomes = pager(
        request, [row for row in rows if not row["errors"]], param="page", per_page=ROWS_PER_PAGE
    )
    return render(
        request,
        "transfers/import_report.html",
        {
            "found": found,
            "form": form,
            "errors": errors,
            "file_errors": report.get("file_errors", []),
            "totals": report.get("totals", {}),
            "outcomes": outcomes,
            "can_confirm": found.state == ImportState.CHECKED and not found.error_count,
        },
        status=400 if form.errors else 200,
    )


@require_safe
def import_progress(request, import_id):
    found = selectors.import_get_for_user(request.user, import_id)
    done = imports.import_done_rows(found)
    percent = round(100 * done / found.total_rows) if found.total_rows else 0
    return render(
        request,
        "transfers/import_progress.html",
        {
            "found": found,
            "done": done,
            "percent": percent,
            "running": found.state in (ImportState.QUEUED, ImportState.RUNNING),
        },
    )


@require_safe
def progress(request):
    """Phasing by cohort: how far each cohort's transfer reviews have gone, and the reviews."""
    form = ProgressFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    cohort, state = chosen.get("cohort", ""), chosen.get("state", "")
    cohorts = selectors.cohort_progress(request.user)
    listing = pager(
        request,
        selectors.reviews_for_progress(request.user, cohort=cohort, state=state),
        param="page",
        per_page=ROWS_PER_PAGE,
    )
    record_list_access(
        user=request.user,
        cases=[r.case_id for r in listing["page"].object_list],
        what="transfer reviews",
    )
    return render(
        request,
        "transfers/progress.html",
        {
            "cohorts": cohorts,
            "states": TransferState.choices,
            "filter_form": form,
            "listing": listing,
            "page": listing["page"],
            "query": request.GET.urlencode(),
            "can_import": can_import(request.user),
            "today": timezone.localdate(),
        },
    )


@require_safe
def progress_export(request):
    form = ProgressFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    reviews = list(
        selectors.reviews_for_progress(
            request.user, cohort=chosen.get("cohort", ""), state=chosen.get("state", "")
        )
    )
    record_list_access(
        user=request.user, cases=[r.case_id for r in reviews], what="transfer reviews export"
    )
    response = HttpResponse(transfer_reviews_csv(reviews), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="transfer-reviews.csv"'
    return response


@require_safe
def review(request, review_id):
    found = selectors.transfer_review_get_for_user(request.user, review_id)
    record_access(user=request.user, case=found.case, what="viewed a transfer review")
    return render(
        request,
        "transfers/review.html",
        {
            "review": found,
            "case": found.case,
            "child": found.case.child,
            "actions": next_actions(found, request.user),
            "today": timezone.localdate(),
        },
    )
