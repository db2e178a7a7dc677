from django.apps import AppConfig


class SendPortalConfig(AppConfig):
    name = "send_portal"
    verbose_name = "SEND portal"

    def ready(self):
        # Data protection's and the support admin's audit events (cases.audit_events).
        from cases.audit_events import register_audit_events

        from .audit_actions import EVENTS

        register_audit_events(*EVENTS)
