from importlib import import_module

from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = "Transfers"

    def import_models(self):
        super().import_models()
        # Moves between councils and reassessments keep their models in their own subpackage.
        module = import_module("transfers.moves.models")
        # Content types and permissions are made for an app with a models module.
        self.models_module = self.models_module or module

    def ready(self):
        from .moves import extensions

        extensions.register()
