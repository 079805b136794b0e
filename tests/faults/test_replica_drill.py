"""A streaming replica that stops replaying (lags) and then stops altogether: the public pages
that read from it are served from the primary meanwhile, with the current data, never an error;
once it is back and caught up, they read from it again.

Real processes: a private PostgreSQL primary with this test's shop, a hot standby made with
``pg_basebackup -R``, gunicorn with the router on (DATABASE_REPLICA_URL, max lag 2 s). Slow:
``make test-deep`` (or MARKETPLACE_DRILLS=1) runs it.
"""

import time

import psycopg
import pytest
import requests

from tests.factories import make_offer, make_vendor
from tests.faults.processes import services, wait_for
from tests.faults.scale import Web
from tests.faults.test_database_restart import copy_database

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.deep]

REPLICA_READS = (
    "SELECT COALESCE(SUM(seq_scan + COALESCE(idx_scan, 0)), 0) FROM pg_stat_user_tables"
    " WHERE relname IN ('vendors_product', 'vendors_offer')"
)


@pytest.fixture
def databases():
    primary = services.PostgreSQL().start(60)
    holder = {"primary": primary}
    yield holder
    if "replica" in holder:
        holder["replica"].stop()
    primary.stop()


def scans_on(replica) -> int:
    """Table scans the replica served for the catalogue tables (its own statistics)."""
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{replica.port}/shop", autocommit=True) as db:
        db.execute("SELECT pg_stat_clear_snapshot()")
        return int(db.execute(REPLICA_READS).fetchone()[0])


def pages(url: str, count: int, expect: str) -> int:
    served = 0
    for _ in range(count):
        response = requests.get(url, headers={"Accept-Language": "de"}, timeout=30)
        assert response.status_code == 200, response.status_code
        assert expect in response.text, f"{expect} not on the page"
        served += 1
    return served


def test_pages_are_served_from_the_primary_while_the_replica_lags_or_is_down(category, databases):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm Blitz", price=3999, stock=10)
    primary = databases["primary"]
    target = copy_database(primary)
    replica = databases["replica"] = services.PostgreSQLReplica(primary).start(120)
    web = Web(
        DATABASE_URL=target,
        DATABASE_REPLICA_URL=f"postgresql://postgres@127.0.0.1:{replica.port}/shop",
        DATABASE_REPLICA_ROUTING="1",
        DATABASE_REPLICA_MAX_LAG="2",
        DATABASE_REPLICA_CHECK_SECONDS="0.5",
    )
    page = f"{web.url}/p/{offer.product_id}/"
    try:
        before = scans_on(replica)
        served = {"replica up": pages(page, 10, "39,99")}
        time.sleep(1)  # the servers' statistics reach the replica's view
        from_replica = scans_on(replica) - before
        assert from_replica > 0, "the product page did not read from the replica"

        replica.pause_replay()
        with psycopg.connect(target, autocommit=True) as db:
            db.execute("UPDATE vendors_offer SET price_amount = 2999 WHERE id = %s", [offer.id])
        wait_for(lambda: replica.lag_seconds() > 3, timeout=30, what="the replica to lag")
        time.sleep(1)  # the router's next check (every 0.5 s) sees the lag
        served["replica lagging"] = pages(page, 10, "29,99")  # the new price: from the primary

        replica.stop_server()
        served["replica down"] = pages(page, 10, "29,99")

        replica.start_server()
        replica.resume_replay()
        wait_for(lambda: replica.lag_seconds() < 1, timeout=60, what="the replica to catch up")
        time.sleep(1)
        before = scans_on(replica)
        served["replica back"] = pages(page, 10, "29,99")
        time.sleep(1)
        back = scans_on(replica) - before
    finally:
        web.stop()
    print(f"\nproduct pages served: {served}; catalogue scans on the replica: {from_replica} before, {back} after")
    assert back > 0, "the replica was not used again after catching up"
