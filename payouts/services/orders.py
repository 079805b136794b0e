"""Order money events: placing (sale), card payment, processing fee. One entry per event."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import Conflict, DomainError
from marketplace.events import ORDER_CONFIRMED, ORDER_REACHED_SELLERS
from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from marketplace.outbox import outbox_publish_many
from payouts import stripe_gateway
from payouts.ledger import (
    BUYER_RECEIVABLE,
    COMMISSION_REVENUE,
    PLATFORM_CASH,
    PLATFORM_DISCOUNTS,
    TAX_PAYABLE,
    credit,
    debit,
    ledger_post,
    vendor_payable,
)
from payouts.services.addons import addon_postings
from payouts.services.fees import fee_policy, fee_postings


def ledger_record_order_placed(*, order: Order, vendor_orders: list[VendorOrder] | None = None, new: bool = False):
    """The sale: the buyer owes the total; each seller is owed its payable; the platform earns
    commission and owes VAT on it. Invoice orders post it at checkout, card orders once paid.

    The checkout passes the seller parts it has just created (``vendor_orders``) and ``new``
    (the order was created in this transaction, so it has no entry yet)."""
    vendor_orders = list(order.vendor_orders.all()) if vendor_orders is None else vendor_orders
    currency = order.currency
    postings = [debit(BUYER_RECEIVABLE, order.total)]
    platform_discount = sum(vo.platform_discount_amount for vo in vendor_orders)
    if platform_discount:
        # The buyer pays less; the seller is still owed its full price: the platform bears it.
        postings.append(debit(PLATFORM_DISCOUNTS, Money(platform_discount, currency)))
    for vo in vendor_orders:
        # The payable includes the seller's shipping charge (the buyer's total does too), so the
        # shipping the buyer owes is credited to the seller and the entry balances.
        postings += [
            credit(vendor_payable(vo.vendor_id), Money(vo.payable_amount, currency), vendor_order_id=vo.id),
            credit(COMMISSION_REVENUE, Money(vo.commission_amount, currency), vendor_order_id=vo.id),
            credit(TAX_PAYABLE, Money(vo.commission_vat_amount, currency), vendor_order_id=vo.id),
        ]
    postings += addon_postings(order=order)  # the CO2 contribution the buyer's total includes
    return ledger_post(
        kind="order_placed",
        reference=order.number,
        idempotency_key=f"order_placed:{order.pk}",
        postings=postings,
        memo=f"Order {order.number} placed ({order.payment_method})",
        key_is_new=new,
    )


def card_payment_check_available() -> None:
    """Refuse card checkout before anything is written when Stripe is not configured."""
    if not settings.STRIPE_SECRET_KEY:
        raise stripe_gateway.PaymentsNotConfigured(
            _("Card payment is not available (no Stripe keys configured); choose invoice."), field="payment_method"
        )


def order_payment_intent_ensure(*, order_id: int) -> stripe_gateway.PaymentIntentResult:
    """The order's PaymentIntent, created once (idempotency key from the order) after commit.

    Called outside any transaction: a network call never holds row locks. A second caller
    gets the same intent from Stripe (same key) and the conditional update keeps the first id.
    """
    order = Order.objects.get(id=order_id)
    if order.payment_intent_id:
        return stripe_gateway.payment_intent_retrieve(payment_intent_id=order.payment_intent_id)
    result = stripe_gateway.payment_intent_create(
        amount=order.total, order_number=order.number, idempotency_key=f"order-{order.pk}-payment-intent"
    )
    Order.objects.filter(id=order.id, payment_intent_id="").update(payment_intent_id=result.id)
    return result


def card_fee(total: Money) -> Money:
    fee = total.percent(settings.MARKETPLACE_CARD_FEE_BPS) + Money(settings.MARKETPLACE_CARD_FEE_FIXED, total.currency)
    return min(fee, total)


def _record_fee(*, order: Order, vendor_orders: list[VendorOrder]) -> None:
    fee = card_fee(order.total)
    if not fee:
        return
    policy = fee_policy()
    postings = fee_postings(
        fee=fee, vendor_orders=vendor_orders, weights=[vo.total_amount for vo in vendor_orders], policy=policy
    )
    if policy == "vendors":
        for vo, posting in zip(vendor_orders, postings):
            vo.fee_amount = posting.amount.amount
        VendorOrder.objects.bulk_update(vendor_orders, ["fee_amount"])
    ledger_post(
        kind="processing_fee",
        reference=order.number,
        idempotency_key=f"processing_fee:{order.pk}",
        postings=[*postings, credit(PLATFORM_CASH, fee)],
        memo=f"Card fee for {order.number} ({policy})",
    )


@transaction.atomic
def order_payment_succeeded(*, order_id: int, amount: Money) -> Order:
    """Stripe confirmed the card payment: the sale, the cash received and the fee are booked.

    Idempotent: a paid order is returned as is (a duplicate or late event changes nothing).
    """
    order = Order.objects.select_for_update().get(id=order_id)
    if order.payment_status == Order.PaymentStatus.PAID:
        return order
    if order.status == Order.Status.CANCELLED:
        # The reservation expired (stock released) before the payment landed: booking it as a
        # sale would leave a paid order without stock. The caller keeps it as an anomaly.
        raise Conflict(
            _("Order %(number)s was cancelled before its payment arrived.") % {"number": order.number},
            field="order",
            code="order_cancelled",
        )
    if amount != order.total:
        raise DomainError(
            f"Payment of {amount} does not match order total {order.total}.", field="amount", code="amount_mismatch"
        )
    vendor_orders = list(order.vendor_orders.all())
    ledger_record_order_placed(order=order)
    ledger_post(
        kind="payment_received",
        reference=order.number,
        idempotency_key=f"payment_received:{order.pk}",
        postings=[debit(PLATFORM_CASH, amount), credit(BUYER_RECEIVABLE, amount)],
        memo=f"Card payment {order.payment_intent_id}",
    )
    _record_fee(order=order, vendor_orders=vendor_orders)
    order.payment_status = Order.PaymentStatus.PAID
    order.paid_at = timezone.now()
    if order.status == Order.Status.PENDING_PAYMENT:
        order.status = Order.Status.PLACED
    order.save(update_fields=["payment_status", "paid_at", "status"])
    key, payload = f"order:{order.id}", {"order_id": order.id}
    outbox_publish_many([(ORDER_CONFIRMED, key, payload), (ORDER_REACHED_SELLERS, key, payload)])
    return order


@transaction.atomic
def order_payment_failed(*, order_id: int) -> Order:
    """A card attempt failed; the buyer may try again with the same intent. A late failure
    event after success changes nothing."""
    order = Order.objects.select_for_update().get(id=order_id)
    if order.payment_status == Order.PaymentStatus.PENDING:
        order.payment_status = Order.PaymentStatus.FAILED
        order.save(update_fields=["payment_status"])
    return order
