from django.apps import AppConfig


class HelpcentreConfig(AppConfig):
    name = "buyers.helpcentre"
    label = "helpcentre"
