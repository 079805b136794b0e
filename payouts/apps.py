from django.apps import AppConfig


class PayoutsConfig(AppConfig):
    name = "payouts"

    def ready(self) -> None:
        from marketplace.outbox import outbox_register
        from payouts.services import refunds

        # Stripe calls that follow a committed change (refund, transfer reversal).
        outbox_register(refunds.REFUND_SEND, refunds.handle_refund_send)
        outbox_register(refunds.REVERSAL_SEND, refunds.handle_reversal_send)
