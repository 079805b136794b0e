"""Card processing fees: the configured tariff at payment, then Stripe's actual fee once it reports it.

At payment the fee is booked from the tariff (``MARKETPLACE_CARD_FEE_BPS`` + ``_FIXED``, half up to
the cent), because the payment entry must not wait for a network call. After commit an outbox
job asks Stripe for the fee on the charge's balance transaction and books the difference as one
more balanced entry, borne by whoever bears card fees (``MARKETPLACE_FEE_POLICY``).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F, Sum

from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from payouts import stripe_gateway
from payouts.ledger import (
    CARD_FEE_KINDS,
    PLATFORM_CASH,
    PROCESSING_FEES,
    Posting,
    credit,
    debit,
    ledger_post,
    vendor_payable,
)
from payouts.models import JournalEntry, JournalLine

logger = logging.getLogger(__name__)

PROCESSING_FEE_SYNC = "payouts.processing_fee_sync"
POLICIES = ("platform", "vendors")
SOURCES = ("stripe", "tariff")


def fee_policy(setting: str = "MARKETPLACE_FEE_POLICY") -> str:
    """Who bears a fee: "platform" (an expense) or "vendors" (taken from their payables)."""
    policy = getattr(settings, setting)
    if policy not in POLICIES:
        raise ImproperlyConfigured(f"{setting} must be one of {', '.join(POLICIES)}, not {policy!r}.")
    return policy


def fee_postings(
    *, fee: Money, vendor_orders: list[VendorOrder], weights: list[int], policy: str, expense: str = PROCESSING_FEES
) -> list[Posting]:
    """The debit side of a fee; the caller adds the credit. Vendors' shares by largest remainder."""
    if policy == "platform":
        return [debit(expense, fee)]
    shares = fee.allocate(weights)
    return [
        debit(vendor_payable(vo.vendor_id), share, vendor_order_id=vo.id) for vo, share in zip(vendor_orders, shares)
    ]


def _fee_booked(order: Order) -> Money:
    """The fee booked for an order so far (tariff plus earlier corrections): cash that left."""
    total = JournalLine.objects.filter(
        entry__kind__in=CARD_FEE_KINDS,
        entry__reference=order.number,
        account__code=PLATFORM_CASH,
        currency=order.currency,
    ).aggregate(total=Sum("amount"))["total"]
    return Money(-(total or 0), order.currency)


@transaction.atomic
def processing_fee_settle(*, order_id: int, actual: Money) -> JournalEntry | None:
    """Make the order's booked card fee equal to ``actual`` (what Stripe took), once.

    Books the difference to the tariff estimate as one entry; nothing when they agree. A second
    call finds the first correction (same key) and changes nothing.
    """
    order = Order.objects.select_for_update().get(id=order_id)
    key = f"processing_fee_adjusted:{order.pk}"
    existing = JournalEntry.objects.filter(idempotency_key=key).first()
    if existing is not None or order.payment_status != Order.PaymentStatus.PAID:
        return existing
    difference = actual - _fee_booked(order)
    if not difference:
        return None
    policy = fee_policy()
    vendor_orders = list(order.vendor_orders.order_by("id"))
    postings = fee_postings(
        fee=difference, vendor_orders=vendor_orders, weights=[vo.total_amount for vo in vendor_orders], policy=policy
    )
    if policy == "vendors":
        for posting, vo in zip(postings, vendor_orders):
            VendorOrder.objects.filter(id=vo.id).update(fee_amount=F("fee_amount") + posting.amount.amount)
    return ledger_post(
        kind="processing_fee_adjusted",
        reference=order.number,
        idempotency_key=key,
        postings=[*postings, credit(PLATFORM_CASH, difference)],
        memo=f"Card fee reported by Stripe: {actual} ({policy})",
    )


def processing_fee_sync(*, order_id: int) -> None:
    """Outbox handler: ask Stripe what it took (no transaction open) and settle the difference.

    Stripe unreachable: raised, so the outbox retries. Refused, not settled yet, or settled in
    another currency than the order's (a platform balance in a different currency): the tariff
    stays and the reconciliation report shows the gap.
    """
    if settings.MARKETPLACE_CARD_FEE_SOURCE != "stripe":
        return
    order = Order.objects.get(id=order_id)
    if not order.payment_intent_id:
        return
    try:
        reported = stripe_gateway.payment_fee_get(payment_intent_id=order.payment_intent_id)
    except stripe_gateway.PaymentGatewayUnavailable:
        raise  # outcome unknown: the outbox asks again later
    except stripe_gateway.PaymentGatewayError as exc:
        # Refused for good (asking again would not change the answer): the tariff stays.
        logger.warning("card fee of %s stays at the tariff: %s", order.number, exc.message)
        return
    if reported is None or reported.fee.currency != order.currency:
        logger.info("card fee of %s stays at the tariff (Stripe reported %s)", order.number, reported)
        return
    processing_fee_settle(order_id=order.id, actual=reported.fee)


def handle_processing_fee_sync(events) -> None:
    for event in events:
        processing_fee_sync(order_id=event.payload["order_id"])
