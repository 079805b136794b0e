"""The database router: lag-tolerant selectors read from the replica, writes never do.

The test "replica" is a mirror of the test database (settings_test), so what the replica answers
is what the primary holds; the routing is what is checked: the queries each connection ran.
The drill in tests/faults/test_scale_drills.py does the same against a real streaming standby.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from marketplace import db_router
from marketplace.db_router import reads_from_replica
from marketplace.money import Money
from search.selectors import product_listing_from_database
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import place
from vendors.models import Offer
from vendors.services import offer_update

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def routing(settings):
    settings.DATABASE_REPLICA_ROUTING = True
    settings.DATABASE_REPLICA_MAX_LAG = 10
    db_router.state.reset()
    yield settings
    db_router.state.reset()


@pytest.fixture
def shop(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm Blitz", price=3999, stock=50)
    return vendor, owner, offer


class Queries:
    """Queries run on the primary and on the replica inside the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def on_replica(self) -> list[str]:
        # The router's lag check is not a read of the data.
        return [q["sql"] for q in self.replica.captured_queries if "pg_is_in_recovery" not in q["sql"]]


def test_a_lag_tolerant_selector_reads_from_the_replica(routing, shop):
    with Queries() as queries:
        result = product_listing_from_database(query="Helm")
    assert [hit.title for hit in result.hits] == ["Helm Blitz"]
    assert queries.on_replica(), "the search fallback did not read from the replica"
    assert not [q for q in queries.primary.captured_queries if "vendors_product" in q["sql"]]


def test_a_write_path_never_reads_from_the_replica(routing, shop):
    """Even called inside a replica block: the checkout and a price change read and write only
    on the primary (their transactions must see their own writes)."""
    vendor, owner, offer = shop
    buyer = UserFactory()
    with Queries() as queries, reads_from_replica():
        order = place(buyer, [(offer, 2)])
        offer_update(vendor=vendor, actor=owner, offer_id=offer.id, price=Money(3499, "EUR"))
    assert queries.on_replica() == []
    assert queries.primary.captured_queries
    assert order.vendor_orders.get().lines.get().quantity == 2
    offer.refresh_from_db()
    assert (offer.price_amount, offer.stock) == (3499, 48)
    print(f"write path: {len(queries.primary.captured_queries)} queries on the primary, 0 on the replica")


def test_reads_outside_reads_from_replica_and_inside_transactions_stay_on_the_primary(routing, shop):
    from django.db import transaction

    with Queries() as queries:
        Offer.objects.count()
        with transaction.atomic():
            product_listing_from_database(query="Helm")
    assert queries.on_replica() == []


def test_routing_off_a_lagging_or_a_dead_replica_sends_the_readers_to_the_primary(routing, shop):
    routing.DATABASE_REPLICA_ROUTING = False
    with Queries() as queries:
        product_listing_from_database(query="Helm")
    assert queries.on_replica() == []

    routing.DATABASE_REPLICA_ROUTING = True
    routing.DATABASE_REPLICA_MAX_LAG = -1  # any lag is too much
    db_router.state.reset()
    with Queries() as queries:
        assert product_listing_from_database(query="Helm").total == 1
    assert queries.on_replica() == []

    routing.DATABASE_REPLICA_MAX_LAG = 10
    db_router.state.reset()
    replica = connections["replica"]
    replica.close()
    saved_port = replica.settings_dict["PORT"]
    replica.settings_dict["PORT"] = "9"  # nothing listens there
    try:
        # (No capture on the replica connection here: capturing opens it.)
        with CaptureQueriesContext(connections["default"]) as primary:
            assert product_listing_from_database(query="Helm").total == 1
        assert db_router.state.usable is False
        assert [q for q in primary.captured_queries if "vendors_product" in q["sql"]]
    finally:
        replica.close()
        replica.settings_dict["PORT"] = saved_port


def test_a_replica_failing_during_a_selector_falls_back_to_the_primary(routing, shop):
    assert db_router.state.is_usable()  # checked now: good for DATABASE_REPLICA_CHECK_SECONDS
    replica = connections["replica"]
    replica.close()
    saved_port = replica.settings_dict["PORT"]
    replica.settings_dict["PORT"] = "9"  # the replica goes away between the check and the read
    try:
        result = product_listing_from_database(query="Helm")
    finally:
        replica.close()
        replica.settings_dict["PORT"] = saved_port
    assert result.total == 1
    assert db_router.state.usable is False  # skipped until the next check


def test_decorated_functions_run_in_many_threads_at_once(routing, shop):
    """The decorators keep no state between calls: concurrent calls (gunicorn threads, the
    reindex's bulk threads) each enter and leave their own context."""
    import threading

    from django.db import connection

    from marketplace.db_router import reads_from_primary

    @reads_from_primary()
    def on_primary():
        return db_router.replica_in_use()

    results, errors = [], []

    def call():
        try:
            for _ in range(50):
                results.append((on_primary(), product_listing_from_database(query="Helm").total))
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connection.close()
            connections["replica"].close()

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(results) == {(False, 1)} and len(results) == 200
