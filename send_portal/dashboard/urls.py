"""The SEN manager's pipeline and caseloads, under /staff/manager/ (namespace "dashboard")."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.cases, name="cases"),
    path("unallocated/", views.unallocated, name="unallocated"),
    path("needs/", views.need_profile, name="needs"),
    path("needs/csv/", views.need_profile_csv, name="needs_csv"),
]
