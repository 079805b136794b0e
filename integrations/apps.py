from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Sellers' and operators' systems: API keys, outgoing webhooks, carrier tracking events."""

    name = "integrations"

    def ready(self) -> None:
        pass
