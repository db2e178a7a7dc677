"""Staff screens of annual reviews, amendments and ceasing, under /staff/reviews/
(namespace "reviews"). Every address of one review names it by id; its amendments and
cessations are reached through it."""

from django.urls import path

from . import review_views as views

app_name = "reviews"


def _on_review(route: str, view, name: str):
    """An action on one review: /staff/reviews/<id>/<route>."""
    return path(f"<int:review_id>/{route}", view, name=name)


urlpatterns = [
    path("", views.review_list, name="list"),
    _on_review("", views.review_detail, "review"),
    _on_review("invitations/", views.invite, "invite"),
    _on_review("meeting/", views.hold_meeting, "hold_meeting"),
    _on_review("report/", views.record_report, "record_report"),
    _on_review("decision/", views.decide, "decide"),
    _on_review("prepare-amendments/", views.amendment_start, "amendment_start"),
    _on_review("amendments/<int:amendment_id>/issue/", views.amendment_issue, "amendment_issue"),
    _on_review(
        "amendments/<int:amendment_id>/not-amending/",
        views.amendment_withdraw,
        "amendment_withdraw",
    ),
    _on_review("consider-ceasing/", views.cessation_start, "cessation_start"),
    _on_review(
        "cessations/<int:cessation_id>/decision/", views.cessation_notify, "cessation_notify"
    ),
    _on_review(
        "cessations/<int:cessation_id>/close/", views.cessation_complete, "cessation_complete"
    ),
]
