from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases and the statutory clock"

    def ready(self):
        from . import extensions
        from . import family_extensions

        extensions.register()
        family_extensions.register()
