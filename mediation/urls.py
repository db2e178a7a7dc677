"""Staff screens of a case's disagreements, under /staff/cases/<reference>/disagreements/
(namespace "mediation"): every address names the case and reaches its subject through the case
gateway."""

from django.urls import path

from cases import workflow

from . import steps
from . import views

app_name = "mediation"

urlpatterns = [
    *workflow.urlpatterns(steps.STEPS),
    path("", views.disagreement_list, name="list"),
    path("new/", views.disagreement_new, name="new"),
    path("<int:disagreement_id>/", views.disagreement_detail, name="detail"),
    path("resolutions/new/", views.resolution_new, name="resolution_new"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
]
