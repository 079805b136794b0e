"""Concurrent buyers of the last units: row locks make exactly the available quantity sell."""

import threading

import pytest
from django.db import connection

from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError
from marketplace.models import Order
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.models import Offer

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = {"name": "E", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def race(buyers, offer_id):
    """Every buyer checks out at the same moment; returns how many orders were placed."""
    barrier = threading.Barrier(len(buyers))
    outcomes = []

    def buy(buyer):
        try:
            barrier.wait()
            checkout_place(buyer=buyer, idempotency_key="race", payment_method="invoice", shipping_address=ADDRESS)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(buyer,)) for buyer in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("stock", [1, 3])
def test_concurrent_checkouts_never_oversell(stock):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), stock=stock)
    buyers = [UserFactory() for _ in range(8)]
    for buyer in buyers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    outcomes = race(buyers, offer.id)
    assert outcomes.count("ok") == stock
    # Refused at reading ("insufficient_stock": the winner had committed) or at the conditional
    # stock UPDATE ("sold_out": it committed while this checkout was pricing).
    assert set(outcomes) - {"ok"} <= {"insufficient_stock", "sold_out"} and len(outcomes) == 8
    assert Offer.objects.get(id=offer.id).stock == 0
    assert Order.objects.count() == stock
