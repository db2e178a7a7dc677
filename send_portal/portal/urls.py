"""The family portal's addresses, under /portal/ (the advice portal has /portal/advice/)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("case/<str:reference>/", views.case, name="case"),
    path("case/<str:reference>/request/", views.request_new, name="request_new"),
    path(
        "case/<str:reference>/request/<int:request_id>/received/",
        views.request_received,
        name="request_received",
    ),
    path("case/<str:reference>/views/<str:purpose>/", views.views, name="views"),
    path("case/<str:reference>/draft-plan/", views.draft, name="draft"),
    path("case/<str:reference>/letters/", views.documents, name="documents"),
    path("case/<str:reference>/letters/<int:notice_id>/", views.notice, name="notice"),
    path(
        "case/<str:reference>/documents/<int:document_id>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        "case/<str:reference>/plans/<int:number>/download/",
        views.plan_download,
        name="plan_download",
    ),
    path("case/<str:reference>/personal-budget/", views.budget, name="budget"),
    path("case/<str:reference>/mediation/", views.mediation, name="mediation"),
]
