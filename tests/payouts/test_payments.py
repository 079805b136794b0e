"""Card checkout, the webhook endpoint and its event store, on stripe-mock with signed events."""

import json

import pytest

from marketplace.models import Order
from payouts.ledger import BUYER_RECEIVABLE, PLATFORM_CASH, PROCESSING_FEES, account_balance
from payouts.models import JournalEntry, StripeEvent
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory
from tests.payouts.conftest import pay, place, webhook

pytestmark = pytest.mark.django_db


def entries_balance():
    for entry in JournalEntry.objects.prefetch_related("lines"):
        assert sum(line.amount for line in entry.lines.all()) == 0, entry.kind


def test_card_checkout_creates_a_pending_order_and_one_payment_intent(shop, django_capture_on_commit_callbacks):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)], method="card", capture=django_capture_on_commit_callbacks)
    assert order.payment_client_secret
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    assert order.payment_status == Order.PaymentStatus.PENDING
    assert order.payment_intent_id.startswith("pi_")
    assert order.payment_due_date is None
    # Nothing is booked until Stripe confirms the payment.
    assert not JournalEntry.objects.exists()
    response = client_for(shop["buyer"]).get(f"/api/payouts/orders/{order.number}/payment/")
    assert response.status_code == 200, response.data
    assert response.data["client_secret"]
    assert response.data["amount"]["amount"] == 3999


def test_card_checkout_without_stripe_keys_is_refused_and_changes_nothing(shop, settings):
    settings.STRIPE_SECRET_KEY = ""
    from buyers.services import cart_item_add, checkout_place
    from marketplace.errors import DomainError

    cart_item_add(buyer=shop["buyer"], offer_id=shop["alpha_offer"].id, quantity=1)
    before = row_counts()
    with pytest.raises(DomainError) as error:
        checkout_place(buyer=shop["buyer"], idempotency_key="k", payment_method="card", shipping_address={})
    assert error.value.field == "payment_method"
    assert row_counts() == before


def test_payment_succeeded_books_sale_payment_and_fee_once(shop, settings, django_capture_on_commit_callbacks):
    settings.MARKETPLACE_FEE_POLICY = "platform"
    order = place(
        shop["buyer"],
        [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)],
        method="card",
        capture=django_capture_on_commit_callbacks,
    )
    response = pay(settings, order, event_id="evt_paid_1")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "processed"
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID and order.status == Order.Status.PLACED and order.paid_at
    kinds = sorted(JournalEntry.objects.filter(reference=order.number).values_list("kind", flat=True))
    assert kinds == ["order_placed", "payment_received", "processing_fee"]
    fee = 175  # 1.5 % of 99.94 EUR = 1.4991 -> 1.50, + 0.25 EUR (default tariff)
    assert account_balance(PROCESSING_FEES, "EUR").amount == fee
    assert account_balance(PLATFORM_CASH, "EUR").amount == 9994 - fee
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    entries_balance()

    # Stripe delivers the same event again, and a second event for the same payment.
    before = row_counts()
    assert pay(settings, order, event_id="evt_paid_1").status_code == 200
    assert row_counts() == before
    assert pay(settings, order, event_id="evt_paid_2").status_code == 200
    assert StripeEvent.objects.count() == 2
    assert JournalEntry.objects.filter(reference=order.number).count() == 3


def test_fee_passed_to_vendors_is_split_pro_rata(shop, settings, django_capture_on_commit_callbacks):
    settings.MARKETPLACE_FEE_POLICY = "vendors"
    order = place(
        shop["buyer"],
        [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)],
        method="card",
        capture=django_capture_on_commit_callbacks,
    )
    pay(settings, order)
    fees = {vo.vendor_id: vo.fee_amount for vo in order.vendor_orders.all()}
    assert sum(fees.values()) == 175  # 1.5 % of 99.94 = 1.4991 -> 1.50, + 0.25
    assert fees[shop["alpha"].id] == 70 and fees[shop["beta"].id] == 105  # 3999 : 5995, largest remainder
    assert account_balance(PROCESSING_FEES, "EUR").amount == 0


def test_bad_signature_is_refused_and_nothing_is_stored(shop, settings):
    from rest_framework.test import APIClient

    payload = json.dumps({"id": "evt_x", "type": "payment_intent.succeeded", "data": {"object": {}}}).encode()
    before = row_counts()
    response = APIClient().post(
        "/api/payouts/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=bad"
    )
    assert response.status_code == 400
    assert response.data["error_code"] == "invalid_signature"
    assert row_counts() == before


def test_events_arriving_before_the_payment_wait_and_apply_after_it(shop, settings, django_capture_on_commit_callbacks):
    order = place(shop["buyer"], [(shop["alpha_offer"], 2)], method="card", capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": order.payment_intent_id,
        "amount": 7998,
        "amount_refunded": 3999,
    }
    response = webhook(settings, "charge.refunded", charge)
    assert response.data["status"] == "deferred"
    failed_late = webhook(
        settings,
        "payment_intent.payment_failed",
        {"id": order.payment_intent_id, "object": "payment_intent"},
        created=1,
    )
    assert failed_late.status_code == 200
    pay(settings, order)
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    assert StripeEvent.objects.get(type="charge.refunded").status == "processed"
    assert JournalEntry.objects.filter(reference=order.number, kind="refund").count() == 1
    # A failure event that shows up after the success changes nothing.
    webhook(settings, "payment_intent.payment_failed", {"id": order.payment_intent_id, "object": "payment_intent"})
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    entries_balance()


def test_account_updated_reaches_the_vendor(shop, settings):
    vendor = shop["alpha"]
    response = webhook(
        settings,
        "account.updated",
        {"id": vendor.stripe_account_id, "object": "account", "charges_enabled": True, "payouts_enabled": False},
        created=int(__import__("time").time()) + 60,
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "processed"
    vendor.refresh_from_db()
    assert vendor.payouts_enabled is False


def test_payment_details_of_another_buyers_order_are_not_found(shop, django_capture_on_commit_callbacks):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)], method="card", capture=django_capture_on_commit_callbacks)
    response = client_for(UserFactory()).get(f"/api/payouts/orders/{order.number}/payment/")
    assert response.status_code == 404
