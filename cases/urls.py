"""Staff screens of the case file, under /staff/cases/ (namespace "cases"), and the panel agenda
under /staff/panel/ (namespace "panel")."""

from django.urls import include
from django.urls import path

from . import allocation
from . import child_details
from . import steps
from . import views
from . import workflow
from .notes import urls as notes_urls

app_name = "cases"


# The case file's own pages, each under /staff/cases/<reference>/.
case_patterns = [
    path("", views.case_detail, name="case"),
    path("history/", views.case_history, name="case_history"),
    path("documents/new/", views.document_upload, name="document_upload"),
    path("documents/<int:document_id>/", views.document_download, name="document_download"),
    path(
        "acting-for-young-person/",
        views.alternative_person_record,
        name="alternative_person_record",
    ),
    path(
        "acting-for-young-person/<int:person_id>/end/",
        views.alternative_person_end,
        name="alternative_person_end",
    ),
    path("school-phases/", views.school_phases, name="school_phases"),
    path("allocate/", allocation.case_allocate, name="allocate"),
    path("child-details/", child_details.child_details, name="child_details"),
]

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new-request/", views.request_new, name="request_new"),
    path("<str:reference>/", include(case_patterns)),
    # Case notes and the contact log (cases.notes).
    *notes_urls.urlpatterns,
    # The request's steps and recording advice received (cases.steps).
    *workflow.urlpatterns(steps.STEPS),
]

panel_urlpatterns = [
    path("", views.panel_agenda, name="agenda"),
]
