"""Staff screens of a case's EHC plan, under /staff/cases/<reference>/plan/ (namespace "ehcp").

Mounted inside the case's own URL space, so every address names the case it belongs to and
every view reaches the plan through the case gateway.
"""

from django.urls import path

from cases import workflow

from . import steps
from . import views

app_name = "ehcp"

urlpatterns = [
    # Issuing the draft and the final plan, consulting a setting, deciding on a personal budget
    # (ehcp.steps).
    *workflow.urlpatterns(steps.STEPS),
    path("", views.plan_detail, name="plan"),
    path("start/", views.plan_start, name="start"),
    path("sections/<str:section>/", views.section, name="section"),
    path("sections/<str:section>/<int:item_id>/", views.section_item, name="section_item"),
    path("remove/<str:kind>/<int:item_id>/", views.item_remove, name="item_remove"),
    path("existing/", views.plan_record_existing, name="record_existing"),
    path("versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("compare/", views.version_compare, name="compare"),
    path("personal-budgets/new/", views.budget_request_new, name="budget_request_new"),
]
