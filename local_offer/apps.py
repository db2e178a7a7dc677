from django.apps import AppConfig


class LocalOfferConfig(AppConfig):
    name = "local_offer"
    verbose_name = "Local offer"
