from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = "Mediation and appeals"

    def ready(self):
        from . import extensions

        extensions.register()
