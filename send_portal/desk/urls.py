"""The officer's desk, under /staff/my-work/ (namespace "desk")."""

from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.my_work, name="my_work"),
]
