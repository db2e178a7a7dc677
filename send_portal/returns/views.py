"""The statutory returns page: an SEN manager makes the SEN2 return for a census day and
downloads the file with its validation report (one ZIP), and the making is audited."""

import datetime
import io
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.audit import audit_record
from cases.formflow import form_data
from cases.permissions import Ability
from cases.permissions import has_ability

from . import sen2
from .files import sen2_return_files
from .forms import Sen2Form


def next_census_day(today: datetime.date) -> datetime.date:
    """The next census day on or after today, else the last one known."""
    upcoming = [day for day in sen2.CENSUS_DAYS.values() if day >= today]
    return min(upcoming) if upcoming else max(sen2.CENSUS_DAYS.values())


@require_http_methods(["GET", "HEAD", "POST"])
def sen2_return(request):
    if not has_ability(request.user, Ability.STATUTORY_RETURNS):
        raise PermissionDenied("Statutory returns are made by SEN managers.")
    census_day = next_census_day(timezone.localdate())
    form = Sen2Form(
        form_data(request),
        initial={"census_day": census_day},
    )
    if form.is_valid():
        census_day = form.cleaned_data["census_day"]
        files = sen2_return_files(census_day)
        errors = sum(1 for p in files.problems if p.severity == "error")
        audit_record(
            actor=request.user,
            action="return.sen2_made",
            payload={
                "census_day": census_day,
                "people": files.people,
                "errors": errors,
                "queries": len(files.problems) - errors,
            },
        )
        name = f"sen2-{settings.SEN2_LA_NUMBER}-{census_day:%Y-%m-%d}"
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
            out.writestr(f"{name}.xml", files.xml)
            out.writestr(f"{name}-validation-report.csv", files.report)
            if files.schema_errors:
                out.writestr(f"{name}-schema-errors.txt", "\n".join(files.schema_errors) + "\n")
        response = HttpResponse(archive.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return render(
        request,
        "returns/sen2.html",
        {"form": form, "census_days": sorted(sen2.CENSUS_DAYS.items(), reverse=True)},
        status=400 if form.is_bound else 200,
    )
