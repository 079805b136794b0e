"""Stock held by unpaid card orders is given back when the buyer does not finish paying.

Checkout reserves stock for a card order while it waits for Stripe. A failed attempt keeps the
reservation (the buyer may try again with the same PaymentIntent); an order still unpaid after
MARKETPLACE_RESERVATION_MINUTES is cancelled and its stock released. Its PaymentIntent is
cancelled on Stripe first, outside any lock: if Stripe says it was paid meanwhile, the order is
left alone and the payment webhook completes it. The cancellation itself runs under the order's
lock and re-checks it, so it never races a payment into a paid order without stock.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.models import Order
from payouts import stripe_gateway
from vendors.services.fulfilment import vendor_order_cancel

logger = logging.getLogger(__name__)


def reservations_expire(*, now=None) -> list[str]:
    """Cancel abandoned unpaid card orders; returns their numbers."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.MARKETPLACE_RESERVATION_MINUTES)
    expired = []
    candidates = Order.objects.filter(
        status=Order.Status.PENDING_PAYMENT, payment_method=Order.PaymentMethod.CARD, created_at__lt=cutoff
    ).exclude(payment_status=Order.PaymentStatus.PAID)
    for order in candidates.order_by("id"):
        if order.payment_intent_id:
            try:
                intent = stripe_gateway.payment_intent_cancel(payment_intent_id=order.payment_intent_id)
            except stripe_gateway.PaymentGatewayUnavailable:
                logger.warning("Stripe unreachable; order %s stays reserved until the next run", order.number)
                continue
            if intent.status in ("succeeded", "processing"):
                continue  # paid after all: the webhook places it
        # All parts in one transaction under the order's lock, checked again: a payment that
        # landed meanwhile keeps the order; one that lands later finds it cancelled (an anomaly
        # for operators, payouts.services.webhooks), never half of it cancelled without a refund.
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(id=order.id)
            if locked.payment_status == Order.PaymentStatus.PAID or locked.status != Order.Status.PENDING_PAYMENT:
                continue
            for vendor_order in order.vendor_orders.all():
                vendor_order_cancel(
                    actor=None, vendor_order_id=vendor_order.id, by="system", reason="Payment not completed in time"
                )
        expired.append(order.number)
    return expired
