"""Races with real concurrency: threads on their own PostgreSQL connections, released together
by a barrier, against the real services (stripe-mock for Stripe).

- a coupon with a usage limit is never redeemed more often than the limit;
- two payout runs at once pay each seller's balance once (one transfer, ledger balanced);
- a payment success racing the reservation expiry ends consistently: a paid order keeps its
  stock, or the order is cancelled with its stock back and the payment not booked as a sale
  (an anomaly for operators); never paid without stock.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from buyers.coupons import cart_coupon_apply, coupon_create
from buyers.models import CouponRedemption
from buyers.reservations import reservations_expire
from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError
from marketplace.models import Order, VendorOrder
from payouts.ledger import account_balance, vendor_payable
from payouts.models import JournalEntry, PaymentAnomaly, Payout, PayoutRun
from payouts.services.orders import order_payment_intent_ensure
from payouts.services.payout_runs import payout_run_start
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import deliver, pay
from vendors.models import Offer

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = {"name": "E", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def together(*calls):
    """Run the calls in threads released at the same moment; returns each one's result or error."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each side got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_ledger_balanced():
    from django.db.models import Sum

    from payouts.models import JournalLine

    assert JournalLine.objects.aggregate(total=Sum("amount"))["total"] in (0, None)


def test_a_coupon_usage_limit_holds_under_a_race(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, stock=100, price=5000)
    coupon = coupon_create(code="RACE5", kind="fixed", currency="EUR", amount=500, max_uses=2)
    buyers = [UserFactory() for _ in range(6)]
    for buyer in buyers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
        cart_coupon_apply(buyer=buyer, code="RACE5")

    def checkout(buyer):
        return lambda: checkout_place(
            buyer=buyer, idempotency_key="c", payment_method="invoice", shipping_address=ADDRESS
        )

    results = together(*(checkout(buyer) for buyer in buyers))
    discounted = [r for r in results if isinstance(r, Order) and r.discount_amount]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)], results
    assert CouponRedemption.objects.filter(coupon=coupon).count() == 2
    assert len(discounted) == 2
    assert {r.code for r in refused} <= {"coupon_used_up"} and len(refused) == 4


def test_two_payout_runs_at_once_pay_each_seller_once(category, settings):
    settings.MARKETPLACE_PAYOUT_HOLD_DAYS = 0
    sellers = [make_vendor(name=name) for name in ("Alpha", "Beta", "Gamma")]
    buyer = UserFactory()
    for i, (vendor, owner) in enumerate(sellers):
        offer = make_offer(vendor=vendor, owner=owner, category=category, stock=10, price=2500 + i)
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    order = checkout_place(buyer=buyer, idempotency_key="p", payment_method="invoice", shipping_address=ADDRESS)
    deliver(order)
    owed = {vendor.id: -account_balance(vendor_payable(vendor.id), "EUR").amount for vendor, _o in sellers}
    assert all(amount >= settings.MARKETPLACE_PAYOUT_MINIMUM for amount in owed.values()), owed

    runs = together(
        lambda: payout_run_start(trigger=PayoutRun.Trigger.OPERATOR),
        lambda: payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE),
    )
    assert all(isinstance(run, PayoutRun) for run in runs), runs
    payouts = list(Payout.objects.all())
    assert sorted(p.vendor_id for p in payouts) == sorted(owed)  # one payout per seller, not two
    assert {p.vendor_id: p.amount for p in payouts} == owed
    assert all(p.status == Payout.Status.PAID and p.stripe_transfer_id for p in payouts)
    assert len({p.stripe_transfer_id for p in payouts}) == len(payouts)
    assert all(account_balance(vendor_payable(v), "EUR").amount == 0 for v in owed)
    assert JournalEntry.objects.filter(kind="payout").count() == len(owed)
    assert_ledger_balanced()


@pytest.fixture
def expiring_card_order(category, settings):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, stock=3)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    order = checkout_place(buyer=buyer, idempotency_key="card", payment_method="card", shipping_address=ADDRESS)
    order_payment_intent_ensure(order_id=order.id)
    Order.objects.filter(id=order.id).update(
        created_at=timezone.now() - timedelta(minutes=settings.MARKETPLACE_RESERVATION_MINUTES + 1)
    )
    assert Offer.objects.get(id=offer.id).stock == 1
    return order, offer


def _consistent(order, offer):
    """Paid with its stock held, or cancelled with the stock back and no sale booked."""
    order.refresh_from_db()
    stock = Offer.objects.get(id=offer.id).stock
    sale_booked = JournalEntry.objects.filter(kind="payment_received", reference=order.number).exists()
    if order.payment_status == Order.PaymentStatus.PAID and order.status != Order.Status.CANCELLED:
        assert stock == 1 and sale_booked
        assert not VendorOrder.objects.filter(order=order, status=VendorOrder.Status.CANCELLED).exists()
        return "paid"
    assert order.status == Order.Status.CANCELLED
    assert stock == 3
    assert order.payment_status != Order.PaymentStatus.PAID, "a cancelled order without stock was booked as paid"
    assert not sale_booked
    return "cancelled"


def test_a_payment_after_the_reservation_expired_is_an_anomaly_not_a_paid_order_without_stock(
    expiring_card_order, settings
):
    """The expiry wins (Stripe had the cancel before the payment landed, or the success event
    comes late): the order stays cancelled with its stock back; the money is an anomaly."""
    order, offer = expiring_card_order
    assert reservations_expire() == [order.number]
    response = pay(settings, order)
    assert response.status_code == 200
    assert _consistent(order, offer) == "cancelled"
    anomaly = PaymentAnomaly.objects.get(order=order)
    assert anomaly.kind == PaymentAnomaly.Kind.PAID_AFTER_CANCELLATION
    assert anomaly.received_amount == order.total_amount
    assert_ledger_balanced()


def test_a_payment_success_racing_the_reservation_expiry_ends_consistently(category, settings):
    outcomes = set()
    for attempt in range(6):
        vendor, owner = make_vendor(name=f"Race {attempt}")
        offer = make_offer(vendor=vendor, owner=owner, category=category, stock=3)
        buyer = UserFactory()
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
        order = checkout_place(
            buyer=buyer, idempotency_key=f"r{attempt}", payment_method="card", shipping_address=ADDRESS
        )
        order_payment_intent_ensure(order_id=order.id)
        Order.objects.filter(id=order.id).update(
            created_at=timezone.now() - timedelta(minutes=settings.MARKETPLACE_RESERVATION_MINUTES + 1)
        )
        results = together(lambda: reservations_expire(), lambda o=order: pay(settings, o))
        assert not [r for r in results if isinstance(r, Exception)], results
        assert results[1].status_code == 200
        outcomes.add(_consistent(order, offer))
    assert outcomes  # each attempt ended in one of the two consistent states
