"""Shop fixtures for money tests: sellers with connected accounts on stripe-mock, orders, webhooks."""

import itertools
import json
import time
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order, VendorOrder
from marketplace.outbox import outbox_deliver
from payouts.services.receipts import bank_receipt_record, invoice_amount_owed
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.test_stripe_gateway import sign

ADDRESS = {"name": "Erika Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
_keys = itertools.count(1)
_events = itertools.count(1)


@pytest.fixture
def shop(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    return {
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "category": category,
        "alpha_offer": make_offer(
            vendor=alpha, owner=alpha_owner, category=category, title="Helm", price=3999, stock=100
        ),
        "beta_offer": make_offer(
            vendor=beta, owner=beta_owner, category=category, title="Lampe", price=5995, stock=100
        ),
        "buyer": UserFactory(),
    }


def place(buyer, items, *, method="invoice", capture=None) -> Order:
    """Put ``items`` ((offer, quantity) pairs) into the cart and check out."""
    for offer, quantity in items:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=quantity)
    key = f"key-{next(_keys)}"
    if method == "card":
        # Non-transactional tests never commit: run the after-commit PaymentIntent creation.
        with capture(execute=True):
            order = checkout_place(buyer=buyer, idempotency_key=key, payment_method="card", shipping_address=ADDRESS)
        return order
    return checkout_place(buyer=buyer, idempotency_key=key, payment_method=method, shipping_address=ADDRESS)


def deliver(order: Order, *, days_ago: int = 30, settle: bool = True) -> None:
    """Mark the order's seller parts delivered long enough ago for the payout hold to have passed;
    an unpaid invoice order is paid by a bank receipt first (payouts wait for the buyer's money)."""
    order.refresh_from_db()
    if (
        settle
        and order.payment_method == Order.PaymentMethod.INVOICE
        and order.payment_status != Order.PaymentStatus.PAID
    ):
        bank_receipt_record(
            actor=None,
            reference=order.number,
            amount=invoice_amount_owed(order=order),
            received_on=date.today(),
            bank_reference=f"bank-{order.number}",
        )
    VendorOrder.objects.filter(order=order).update(
        status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=days_ago)
    )


def webhook(settings, event_type: str, obj: dict, *, event_id: str | None = None, created: int | None = None):
    """POST a signed event to the webhook endpoint, as Stripe does."""
    payload = json.dumps(
        {
            "id": event_id or f"evt_test_{next(_events)}_{time.time_ns()}",
            "object": "event",
            "type": event_type,
            "created": created or int(time.time()),
            "data": {"object": obj},
        }
    ).encode()
    return APIClient().post(
        "/api/payouts/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, settings.STRIPE_WEBHOOK_SECRET),
    )


def pay(settings, order: Order, **kwargs):
    order.refresh_from_db()
    return webhook(
        settings,
        "payment_intent.succeeded",
        {
            "id": order.payment_intent_id,
            "object": "payment_intent",
            "amount": order.total_amount,
            "amount_received": order.total_amount,
            "currency": order.currency.lower(),
            "metadata": {"order_number": order.number},
            "status": "succeeded",
        },
        **kwargs,
    )


def drain():
    """Deliver outbox rows (refund and reversal calls to stripe-mock) in this test's transaction."""
    return outbox_deliver()
