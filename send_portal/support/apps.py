from django.contrib.admin.apps import AdminConfig


class SupportAdminConfig(AdminConfig):
    """django.contrib.admin, with `admin.site` being the support site (every app's admin.py,
    the libraries' included, registers on it)."""

    default_site = "send_portal.support.site.SupportAdminSite"
