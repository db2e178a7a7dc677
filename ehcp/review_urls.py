"""Staff screens of annual reviews, amendments and ceasing, under /staff/reviews/
(namespace "reviews"). Every address of one review names it by id; its amendments and
cessations are reached through it."""

from django.urls import path

from cases import workflow

from . import review_steps
from . import review_views as views

app_name = "reviews"


urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:review_id>/", views.review_detail, name="review"),
    # The steps of the review, its amendments and cessations (ehcp.review_steps).
    *workflow.urlpatterns(review_steps.STEPS),
]
