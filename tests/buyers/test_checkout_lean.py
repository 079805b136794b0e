"""The lean checkout (issue 20): everything priced before any lock, stock taken with one conditional
UPDATE per offer, lines inserted in bulk; the loser of a race for the last unit gets a 409 naming
the offer; mail, documents and search run after commit (outbox), not in the request."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order
from tests.conftest import client_for
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.models import Offer

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
BODY = {"payment_method": "invoice", "shipping_address": ADDRESS}

# Statements of one two-seller invoice order, as sent to PostgreSQL in the request (savepoints
# of nested atomic blocks not counted; the outbox's deliveries run after commit in the worker).
# Before issue 20: 29.
STATEMENTS_TWO_SELLER_ORDER = 14


def statements(captured) -> list[str]:
    return [q["sql"] for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


@pytest.mark.django_db
def test_statement_count_of_a_two_seller_order(django_capture_on_commit_callbacks):
    category = CategoryFactory()
    offers = []
    for name in ("Alpha", "Beta"):
        vendor, owner = make_vendor(name=name)
        offers.append(make_offer(vendor=vendor, owner=owner, category=category, price=2500, stock=5))
    buyer = UserFactory()
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    # The first order creates the sellers' ledger accounts and fills the cache (commission rules)
    # after its commit; measure the second, steady-state one.
    with django_capture_on_commit_callbacks(execute=True):
        checkout_place(buyer=buyer, idempotency_key="first", payment_method="invoice", shipping_address=ADDRESS)
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    with CaptureQueriesContext(connection) as captured:
        order = checkout_place(
            buyer=buyer, idempotency_key="second", payment_method="invoice", shipping_address=ADDRESS
        )
    sent = statements(captured.captured_queries)
    print(f"checkout_statements_per_order: {len(sent)}")
    print("\n".join(s[:160] for s in sent))
    assert order.vendor_orders.count() == 2
    assert len(sent) <= STATEMENTS_TWO_SELLER_ORDER, "\n".join(sent)


def wait_until_blocked_on_a_lock(pid: int, timeout: float = 30) -> None:
    """Until the PostgreSQL backend ``pid`` waits for a row lock (seen from another connection)."""
    import time

    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.05)
    raise AssertionError("the second checkout never waited for the first one's row lock")


@pytest.mark.django_db(transaction=True)
def test_a_checkout_that_loses_the_race_for_the_last_unit_gets_a_409_naming_the_offer():
    """Two buyers, one unit left, two connections. The first checkout has taken the unit but not
    committed yet; the second has read "1 left", priced its order and waits on the offer's row at
    its conditional UPDATE. When the first commits, the second's UPDATE finds no unit: 409 naming
    the offer, and nothing of its order is left."""
    from django.db import transaction

    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Letzte Lampe", stock=1)
    winner, loser = UserFactory(), UserFactory()
    for buyer in (winner, loser):
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)

    took_unit, commit_now = threading.Event(), threading.Event()
    loser_pid, answers, errors = [], [], []

    def first():
        try:
            with transaction.atomic():
                checkout_place(buyer=winner, idempotency_key="w", payment_method="invoice", shipping_address=ADDRESS)
                took_unit.set()
                assert commit_now.wait(60)
        except Exception as exc:  # reported below; a thread's exception would be lost
            errors.append(exc)
            took_unit.set()
        finally:
            connection.close()

    def second():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                loser_pid.append(cursor.fetchone()[0])
            answers.append(client_for(loser).post("/api/checkout/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="l"))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    a = threading.Thread(target=first)
    a.start()
    assert took_unit.wait(60)
    b = threading.Thread(target=second)
    b.start()
    while not loser_pid and b.is_alive():
        threading.Event().wait(0.01)
    wait_until_blocked_on_a_lock(loser_pid[0])
    commit_now.set()
    a.join(60)
    b.join(60)
    assert not errors, errors

    response = answers[0]
    assert response.status_code == 409, response.data
    assert response.data["error_code"] == "sold_out"
    message = str(response.data["cart"][0])
    assert "Letzte Lampe" in message and str(offer.id) in message
    assert Offer.objects.get(id=offer.id).stock == 0
    assert list(Order.objects.values_list("buyer_id", flat=True)) == [winner.id]
    assert loser.cart.items.count() == 1  # the loser's cart is kept for another try
