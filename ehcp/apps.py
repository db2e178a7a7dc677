from django.apps import AppConfig


class EhcpConfig(AppConfig):
    name = "ehcp"
    verbose_name = "EHC plans"

    def ready(self):
        from . import extensions

        extensions.register()
