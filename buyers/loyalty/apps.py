from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "buyers.loyalty"
    label = "loyalty"
