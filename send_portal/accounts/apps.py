from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "send_portal.accounts"
    label = "accounts"
    verbose_name = "Sign-in security"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cases.audit_events import register_audit_events

        from . import services
        from .audit_actions import EVENTS

        register_audit_events(*EVENTS)

        # Session bookkeeping at sign-in, the same hook django-otp and django-axes use:
        # whether the person has an authenticator app (so no request has to ask the database),
        # and the start of the idle clock.
        user_logged_in.connect(services.note_sign_in, dispatch_uid="accounts.note_sign_in")
