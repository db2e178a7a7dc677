from django.apps import AppConfig


class SendPortalConfig(AppConfig):
    name = "send_portal"
    verbose_name = "SEND portal"
