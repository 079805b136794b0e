from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Sellers' and operators' systems: API keys, outgoing webhooks, carrier tracking events."""

    name = "integrations"

    def ready(self) -> None:
        from integrations.webhooks import WEBHOOK_DELIVERY, handle_webhook_delivery, handle_webhook_event
        from marketplace.outbox import outbox_register
        from marketplace.webhook_events import WEBHOOK_EVENT

        outbox_register(WEBHOOK_EVENT, handle_webhook_event)
        outbox_register(WEBHOOK_DELIVERY, handle_webhook_delivery)
