from django.apps import AppConfig


class LocalOfferConfig(AppConfig):
    name = "local_offer"
    verbose_name = "Local offer"

    def ready(self):
        from . import extensions

        extensions.register()
