from django.apps import AppConfig


class BuyersConfig(AppConfig):
    name = "buyers"

    def ready(self) -> None:
        from buyers.emails import order_confirmation_send, shipment_notification_send
        from marketplace.events import ORDER_CONFIRMED, SHIPMENT_CREATED
        from marketplace.outbox import outbox_register

        outbox_register(ORDER_CONFIRMED, order_confirmation_send)
        outbox_register(SHIPMENT_CREATED, shipment_notification_send)

        from buyers.withdrawal import WITHDRAWAL_RECEIVED, withdrawal_acknowledgement_send

        outbox_register(WITHDRAWAL_RECEIVED, withdrawal_acknowledgement_send)

        from buyers.emails import guest_order_link_send
        from buyers.guests import GUEST_ORDER_LINK_REQUESTED

        outbox_register(GUEST_ORDER_LINK_REQUESTED, guest_order_link_send)
