from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Sellers' and operators' systems: API keys, outgoing webhooks, carrier tracking events."""

    name = "integrations"

    def ready(self) -> None:
        from integrations.delivery_rate import on_time_delivery_counts
        from integrations.webhooks import WEBHOOK_DELIVERY, handle_webhook_delivery, handle_webhook_event
        from marketplace.outbox import outbox_register
        from marketplace.webhook_events import WEBHOOK_EVENT
        from moderation.scorecards import rate_source_register

        outbox_register(WEBHOOK_EVENT, handle_webhook_event)
        outbox_register(WEBHOOK_DELIVERY, handle_webhook_delivery)
        # The scorecard's on-time delivery rate comes from the carriers' events.
        rate_source_register("on_time_delivery_rate", on_time_delivery_counts)
