"""Staff screens of transfers, under /staff/transfers/ (namespace "transfers")."""

from django.urls import path

from cases import workflow

from . import steps
from . import views

app_name = "transfers"

urlpatterns = [
    # The steps of a transfer review (transfers.steps), each on the generic step view.
    *workflow.urlpatterns(steps.STEPS),
    path("", views.progress, name="progress"),
    path("export.csv", views.progress_export, name="progress_export"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:import_id>/", views.import_report, name="import_report"),
    path("import/<int:import_id>/progress/", views.import_progress, name="import_progress"),
]
