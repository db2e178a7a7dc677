from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases and the statutory clock"

    def ready(self):
        # The steps of the request and the assessment register themselves with the workflow.
        from . import steps  # noqa: F401
