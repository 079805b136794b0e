from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "buyers.surveys"
    label = "surveys"
