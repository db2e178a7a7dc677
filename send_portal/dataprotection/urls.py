"""Data protection screens, under /staff/data-protection/ (namespace "dataprotection")."""

from django.urls import path

from . import views

app_name = "dataprotection"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<str:reference>/audit/", views.case_audit, name="case_audit"),
    path("users/<int:user_id>/", views.user_activity, name="user_activity"),
    path("subject-access/", views.subject_access, name="subject_access"),
    path("retention/", views.retention_report, name="retention"),
    path("retention/<int:child_id>/erase/", views.erase, name="erase"),
]
