"""The council's family portal screen, under /staff/family-portal/."""

from django.urls import path

from . import staff

app_name = "family_access"

urlpatterns = [path("<str:reference>/", staff.family_access, name="case")]
