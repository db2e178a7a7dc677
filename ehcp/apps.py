from django.apps import AppConfig


class EhcpConfig(AppConfig):
    name = "ehcp"
    verbose_name = "EHC plans"

    def ready(self):
        # The steps of reviews, amendments and ceasing register themselves with the workflow.
        from . import review_steps  # noqa: F401
