"""Events for outgoing webhooks (issue 22), written to the outbox with the change that causes them.

Services of any app call ``webhook_event_publish`` inside their transaction; the integrations app
handles the topic after commit: it finds the subscriptions of the event's vendor and of operators,
and delivers to each, signed per Standard Webhooks, with retries (integrations/webhooks.py). The
payload names objects by id and number; a subscriber reads details through the seller API.
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from marketplace.outbox import outbox_publish

WEBHOOK_EVENT = "webhooks.event"

ORDER_CREATED = "order.created"
ORDER_CANCELLED = "order.cancelled"
ORDER_SHIPPED = "order.shipped"
ORDER_DELIVERED = "order.delivered"
RETURN_REQUESTED = "return.requested"
OFFER_SUPPRESSED = "offer.suppressed"
MESSAGE_RECEIVED = "message.received"
PAYOUT_PAID = "payout.paid"
EVENT_TYPES = (
    ORDER_CREATED,
    ORDER_CANCELLED,
    ORDER_SHIPPED,
    ORDER_DELIVERED,
    RETURN_REQUESTED,
    OFFER_SUPPRESSED,
    MESSAGE_RECEIVED,
    PAYOUT_PAID,
)


def webhook_event_publish(*, event_type: str, vendor_id: int | None, data: dict, event_id: str = "") -> None:
    """One event for the vendor's subscriptions (and operators'); call inside the transaction.
    ``event_id``: a stable id when the caller may run twice for the same fact (an outbox handler),
    so receivers see the same ``webhook-id`` and drop the repeat."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    event_id = event_id or f"msg_{uuid.uuid4().hex}"
    outbox_publish(
        topic=WEBHOOK_EVENT,
        key=event_id,
        payload={
            "id": event_id,
            "type": event_type,
            "vendor_id": vendor_id,
            "timestamp": timezone.now().isoformat(),
            "data": data,
        },
    )


def vendor_order_data(vendor_order) -> dict:
    return {
        "vendor_order_id": vendor_order.id,
        "order_number": vendor_order.order.number,
        "status": vendor_order.status,
        "currency": vendor_order.currency,
        "items_amount": vendor_order.items_amount,
        "shipping_amount": vendor_order.shipping_amount,
        "lines": [
            {
                "order_line_id": line.id,
                "offer_id": line.offer_id,
                "quantity": line.quantity,
                "unit_price": line.unit_price_amount,
            }
            for line in vendor_order.lines.all()
        ],
    }


def order_created_publish(order) -> None:
    """``order.created`` for every seller's part of an order that became binding (placed on
    invoice, or paid by card)."""
    for vendor_order in order.vendor_orders.select_related("order").prefetch_related("lines"):
        webhook_event_publish(
            event_type=ORDER_CREATED,
            vendor_id=vendor_order.vendor_id,
            data=vendor_order_data(vendor_order),
            event_id=f"msg_order_created_{vendor_order.id}",
        )


def vendor_order_event_publish(vendor_order, event_type: str) -> None:
    webhook_event_publish(event_type=event_type, vendor_id=vendor_order.vendor_id, data=vendor_order_data(vendor_order))
