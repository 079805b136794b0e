"""Idempotency-Key at checkout: a repeat of the same request gets the same order; a changed request
under a used key gets 422 and writes nothing; two checkouts with one key at once give one order."""

import threading

import pytest
from django.db import connection

from buyers.models import CartItem
from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError
from marketplace.models import Order
from tests.conftest import client_for, row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.models import Offer

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
BODY = {"payment_method": "invoice", "shipping_address": ADDRESS}


@pytest.fixture
def offers(category):
    vendor, owner = make_vendor(name="Alpha")
    return [
        make_offer(vendor=vendor, owner=owner, category=category, title=t, price=p, stock=10)
        for t, p in (("Helm", 3999), ("Lampe", 1500))
    ]


@pytest.mark.django_db
def test_the_same_request_again_gets_the_same_order(offers):
    buyer = UserFactory()
    api = client_for(buyer)
    api.post("/api/cart/items/", {"offer": offers[0].id, "quantity": 1}, format="json")
    first = api.post("/api/checkout/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert first.status_code == 201, first.data
    # The client lost the answer and retries: the cart is empty now, the request the same.
    again = api.post("/api/checkout/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert again.status_code == 201 and again.data["number"] == first.data["number"]
    assert Order.objects.filter(buyer=buyer).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["other cart", "more of the same", "other payment method", "other address"])
def test_a_changed_request_under_a_used_key_is_refused_and_writes_nothing(offers, change):
    buyer = UserFactory()
    api = client_for(buyer)
    api.post("/api/cart/items/", {"offer": offers[0].id, "quantity": 1}, format="json")
    first = api.post("/api/checkout/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="used")
    assert first.status_code == 201, first.data
    body = dict(BODY)
    if change == "other cart":
        api.post("/api/cart/items/", {"offer": offers[1].id, "quantity": 2}, format="json")
    elif change == "more of the same":
        api.post("/api/cart/items/", {"offer": offers[0].id, "quantity": 2}, format="json")
    elif change == "other payment method":
        body["payment_method"] = "card"
    else:
        body["shipping_address"] = {**ADDRESS, "street": "Andere Str. 5"}
    before, stock = row_counts(), list(Offer.objects.order_by("id").values_list("stock", flat=True))
    response = api.post("/api/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="used")
    assert response.status_code == 422, response.data
    assert (
        response.data["error_code"] == "idempotency_key_reused"
        and first.data["number"] in response.data["idempotency_key"][0]
    )
    assert row_counts() == before
    assert list(Offer.objects.order_by("id").values_list("stock", flat=True)) == stock
    # The cart is left as it was; a new key orders it.
    if change in ("other cart", "more of the same"):
        assert CartItem.objects.filter(cart__buyer=buyer).exists()
        assert api.post("/api/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="new").status_code == 201


@pytest.mark.django_db(transaction=True)
def test_two_checkouts_with_one_key_at_once_give_one_order():
    """Two threads, two PostgreSQL connections, one buyer and one key, released together. The
    stock covers one order only: had both placed, the second would fail on stock (or make a
    second order); both must answer with the one order."""
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), stock=2)
    for attempt in range(3):  # a few rounds: the race should not be won by luck
        buyer = UserFactory()
        Offer.objects.filter(id=offer.id).update(stock=2)
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
        barrier = threading.Barrier(2)
        outcomes = []

        def buy():
            try:
                barrier.wait()
                order = checkout_place(
                    buyer=buyer, idempotency_key=f"twice-{attempt}", payment_method="invoice", shipping_address=ADDRESS
                )
                outcomes.append(order.number)
            except DomainError as exc:
                outcomes.append(exc.code)
            finally:
                connection.close()

        threads = [threading.Thread(target=buy) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        orders = list(Order.objects.filter(buyer=buyer).values_list("number", flat=True))
        assert len(orders) == 1
        assert outcomes == orders * 2
        assert Offer.objects.get(id=offer.id).stock == 0
