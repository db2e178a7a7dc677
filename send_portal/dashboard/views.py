"""The SEN manager's pipeline and caseloads (/staff/manager/): figures that each open the list of
cases behind them, and allocation of the unallocated work. Managers only (403 otherwise)."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from cases import deadlines as clock
from cases import selectors as case_selectors
from cases import services as case_services
from cases.audit import audit_record
from cases.audit import record_list_access
from cases.formflow import form_data
from cases.formflow import submit
from cases.paging import pager
from cases.permissions import Ability
from cases.permissions import has_ability

from . import forms
from . import needs
from . import selectors
from . import timeliness

LIST_PAGE_SIZE = 25


def _require_manager(user) -> None:
    if not has_ability(user, Ability.ALLOCATE):
        raise PermissionDenied("The dashboard is for SEN managers.")


@require_safe
def home(request):
    _require_manager(request.user)
    today = timezone.localdate()
    form = forms.DashboardFilterForm(request.GET or None)
    filters = form.filters()
    board = selectors.dashboard(request.user, today=today, filters=filters)
    return render(
        request,
        "dashboard/home.html",
        {
            "form": form,
            "board": board,
            "charts": [(table, timeliness.chart(table)) for table in board.timely],
            "transfer_wording": clock.PHASE_TRANSFER_WORDING,
            "transfer_post16_wording": clock.PHASE_TRANSFER_POST16_WORDING,
            "filters": filters,
            "today": today,
        },
    )


def _need_profile(request):
    _require_manager(request.user)
    today = timezone.localdate()
    form = forms.DashboardFilterForm(request.GET or None)
    filters = form.filters()
    profile = needs.need_profile(
        selectors.base_cases(request.user, filters),
        today=today,
        url=lambda key: selectors.figure_url(key, filters),
    )
    return form, filters, profile, today


@require_safe
def need_profile(request):
    """Plans in force by primary need, age band and setting type, each a drill-down."""
    form, filters, profile, today = _need_profile(request)
    return render(
        request,
        "dashboard/needs.html",
        {"form": form, "filters": filters, "profile": profile, "today": today},
    )


@require_safe
def need_profile_csv(request):
    """The need profile's cross-table as CSV (no names: counts only); the download is audited."""
    _form, filters, profile, today = _need_profile(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(needs.CSV_HEADER)
    writer.writerows(needs.csv_rows(profile))
    audit_record(
        actor=request.user,
        action="dashboard.need_profile_downloaded",
        payload={
            "on": today,
            "team": str(filters.team) if filters.team else "every team",
            "plans": profile.total.count,
        },
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="need-profile-{today:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _listed(request, cases, *, what: str) -> dict:
    """One page of a list of cases, its read of each child logged: the template's `page`
    and `pager`."""
    listing = pager(request, cases, param="page", per_page=LIST_PAGE_SIZE)
    record_list_access(user=request.user, cases=list(listing["page"]), what=what)
    return {"page": listing["page"], "pager": listing}


def _figure_cases(request, today, figure, filters):
    cases = case_selectors.caseload(request.user, today=today)
    base = selectors.base_cases(request.user, filters, only_open=selectors.open_only(figure))
    return cases.filter(selectors.figure_q(figure, today), pk__in=base.values("pk"))


@require_safe
def cases(request):
    """The list of cases behind one figure, with the same filters."""
    _require_manager(request.user)
    today = timezone.localdate()
    figure = request.GET.get("figure", "open")
    form = forms.DashboardFilterForm(request.GET)
    filters = form.filters()
    listing = _listed(
        request, _figure_cases(request, today, figure, filters), what="listed from the dashboard"
    )
    return render(
        request,
        "dashboard/cases.html",
        {
            "form": form,
            "figure": figure,
            "label": selectors.figure_label(figure, today),
            **listing,
            "today": today,
            "filters": filters,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def unallocated(request):
    """Unallocated open cases, ticked and given to an officer in one go."""
    _require_manager(request.user)
    today = timezone.localdate()
    filter_form = forms.DashboardFilterForm(request.GET)
    filters = filter_form.filters()
    waiting = _figure_cases(request, today, "unallocated", filters).select_related("team")
    listing = _listed(request, waiting, what="listed as unallocated work")
    teams = {case.team_id for case in listing["page"]}
    if filters.team is not None:
        teams = {filters.team.pk}
    officers = case_services.allocatable_officers(teams).select_related("team")
    form = forms.BulkAllocateForm(form_data(request), officers=officers)

    def perform(data):
        return case_services.cases_allocate(
            actor=request.user,
            case_ids=data["cases"],
            officer_id=data["officer"],
            unallocated_only=True,
        )

    def success(changed):
        n = len(changed)
        officer = changed[0].officer.full_name if changed else "nobody"
        return f"{n} case{'s' if n != 1 else ''} allocated to {officer}"

    if request.method == "POST":
        done = submit(request, form, perform, success=success)
        if done.succeeded:
            return redirect(request.get_full_path())
        status = done.status
    else:
        status = 200
    return render(
        request,
        "dashboard/unallocated.html",
        {
            "form": form,
            "filter_form": filter_form,
            **listing,
            "today": today,
            "ticked": {str(v) for v in request.POST.getlist("cases")},
        },
        status=status,
    )
