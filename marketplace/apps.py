from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Marketplace kernel"

    def ready(self):
        from marketplace.security.two_factor import connect_signals

        connect_signals()
