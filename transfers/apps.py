from importlib import import_module

from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = "Transfers"

    def import_models(self):
        super().import_models()
        # Moves between councils and reassessments keep their models in their own subpackage.
        import_module("transfers.moves.models")

    def ready(self):
        from . import extensions
        from .moves import extensions as moves

        extensions.register()
        moves.register()
