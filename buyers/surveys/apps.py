"""Satisfaction surveys after delivery."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "buyers.surveys"
    label = "surveys"

    def ready(self):
        from buyers.surveys.emails import handle_survey_mail
        from buyers.surveys.services import SURVEY_MAIL
        from marketplace.outbox import outbox_register

        outbox_register(SURVEY_MAIL, handle_survey_mail)

        from buyers import gdpr
        from buyers.surveys import gdpr as surveys_gdpr

        # The person's data export and erasure (buyers.gdpr) include this app's rows.
        gdpr.exporter_register("surveys", surveys_gdpr.surveys_export)
        gdpr.eraser_register("surveys", surveys_gdpr.surveys_erase)
