"""Statutory returns, under /staff/returns/ (namespace "returns"): SEN managers only."""

from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [path("sen2/", views.sen2_return, name="sen2")]
