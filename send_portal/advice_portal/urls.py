from django.urls import path

from . import views

app_name = "advice_portal"

urlpatterns = [
    path("", views.advice_list, name="list"),
    path("<int:advice_id>/", views.advice_detail, name="detail"),
    path("<int:advice_id>/send/", views.advice_submit, name="submit"),
    path("<int:advice_id>/reuse/", views.advice_reuse, name="reuse"),
    path(
        "<int:advice_id>/documents/<int:document_id>/",
        views.advice_document,
        name="document",
    ),
]
