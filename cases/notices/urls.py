"""Staff pages of letters, under /staff/letters/ (namespace "notices")."""

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("to-post/", views.post_queue, name="post_queue"),
    path("to-post/print.pdf", views.post_queue_print, name="post_queue_print"),
    path(
        "cases/<str:reference>/deliveries/<int:delivery_id>/by-post/",
        views.delivery_by_post,
        name="delivery_by_post",
    ),
    path(
        "cases/<str:reference>/notices/<int:notice_id>/prepare/",
        views.notice_prepare,
        name="notice_prepare",
    ),
    path("templates/", views.letter_templates, name="letter_templates"),
    path("templates/<str:kind>/", views.letter_template_edit, name="letter_template"),
]
