from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "buyers.loyalty"
    label = "loyalty"

    def ready(self) -> None:
        from buyers import gdpr
        from buyers.loyalty import gdpr as loyalty_gdpr

        # The person's data export and erasure (buyers.gdpr) include this app's rows.
        gdpr.exporter_register("loyalty", loyalty_gdpr.loyalty_export)
