"""Staff pages of moves between councils and reassessments, under /staff/transfers/moves/."""

from django.urls import path

from cases.workflow import urlpatterns as step_urlpatterns

from . import steps
from . import views

app_name = "moves"

urlpatterns = [
    path("", views.open_work, name="open_work"),
    path("in/new/", views.move_in_new, name="in_new"),
    path("<str:reference>/out/new/", views.move_out_new, name="out_new"),
    path("<str:reference>/reassessments/new/", views.reassessment_new, name="reassessment_new"),
    *step_urlpatterns(steps.STEPS),
]
