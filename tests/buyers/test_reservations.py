"""Unpaid card orders release their stock after the reservation time; paid ones are kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from buyers.reservations import reservations_expire
from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order
from payouts.services.orders import order_payment_intent_ensure
from tests.conftest import client_for
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import Offer

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "E", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def card_order(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, stock=3)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    order = checkout_place(buyer=buyer, idempotency_key="card", payment_method="card", shipping_address=ADDRESS)
    assert order.status == Order.Status.PENDING_PAYMENT
    assert Offer.objects.get(id=offer.id).stock == 1  # reserved
    return order, offer


def age(order, minutes):
    Order.objects.filter(id=order.id).update(created_at=timezone.now() - timedelta(minutes=minutes))


def test_abandoned_card_order_is_cancelled_and_its_stock_released(card_order, settings):
    order, offer = card_order
    order_payment_intent_ensure(order_id=order.id)  # the intent exists on Stripe (stripe-mock)
    age(order, settings.MARKETPLACE_RESERVATION_MINUTES - 1)
    assert reservations_expire() == []  # still within the reservation time
    age(order, settings.MARKETPLACE_RESERVATION_MINUTES + 1)
    assert reservations_expire() == [order.number]
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert Offer.objects.get(id=offer.id).stock == 3
    assert reservations_expire() == []  # nothing twice


def test_paid_orders_keep_their_stock(card_order, settings):
    order, offer = card_order
    Order.objects.filter(id=order.id).update(payment_status=Order.PaymentStatus.PAID, status=Order.Status.PLACED)
    age(order, settings.MARKETPLACE_RESERVATION_MINUTES + 60)
    assert reservations_expire() == []
    assert Offer.objects.get(id=offer.id).stock == 1


@pytest.mark.django_db(transaction=True)
def test_card_checkout_returns_the_client_secret_for_stripe_js(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    response = client_for(buyer).post(
        "/api/checkout/",
        {"payment_method": "card", "shipping_address": ADDRESS},
        format="json",
        HTTP_IDEMPOTENCY_KEY="c1",
    )
    assert response.status_code == 201, response.data
    assert response.data["status"] == "pending_payment" and response.data["payment_client_secret"]
