from django.apps import AppConfig


class AddonsConfig(AppConfig):
    name = "buyers.addons"
    label = "addons"
