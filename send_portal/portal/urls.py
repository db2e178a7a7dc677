"""The family portal's addresses, under /portal/ (the advice portal has /portal/advice/)."""

from django.urls import include
from django.urls import path

from . import views

app_name = "portal"

# The pages of one case the family may see, each under /portal/case/<reference>/.
case_patterns = [
    path("", views.case, name="case"),
    path("request/", views.request_new, name="request_new"),
    path("request/<int:request_id>/received/", views.request_received, name="request_received"),
    path("views/<str:purpose>/", views.views, name="views"),
    path("draft-plan/", views.draft, name="draft"),
    path("letters/", views.documents, name="documents"),
    path("letters/<int:notice_id>/", views.notice, name="notice"),
    path(
        "documents/<int:document_id>/download/", views.document_download, name="document_download"
    ),
    path("plans/<int:number>/download/", views.plan_download, name="plan_download"),
    path("personal-budget/", views.budget, name="budget"),
    path("mediation/", views.mediation, name="mediation"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("case/<str:reference>/", include(case_patterns)),
]
