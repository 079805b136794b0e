"""PostgreSQL is restarted (crash-like, ``pg_ctl stop -m immediate``) while buyers check out.

The product runs as it does in production — gunicorn processes on a private PostgreSQL cluster —
and buyers' clients retry every failed checkout with the same Idempotency-Key, as the API asks.
Afterwards: one order per key, no order without its seller parts and lines, no stock lost or
doubled, every journal entry balanced.
"""

import os
import subprocess
import sys
import threading
import time

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection

from buyers.services import cart_item_add
from tests.factories import PASSWORD, UserFactory, make_offer, make_vendor
from tests.faults.processes import database_url, services, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

BUYERS, QUANTITY, STOCK = 16, 2, 100
ADDRESS = {"name": "Erika Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def cluster():
    server = services.PostgreSQL().start(60)
    yield server
    server.stop()


def copy_database(cluster) -> str:
    """This test's committed database (schema and the seeded shop) into the private cluster."""
    bindir = services.pg_bindir()
    dump = subprocess.run(
        [str(bindir / "pg_dump"), "--no-owner", "--no-privileges", "-d", database_url()],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    target = f"postgresql://postgres@127.0.0.1:{cluster.port}/shop"
    subprocess.run(
        [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "shop"],
        check=True,
        timeout=60,
    )
    subprocess.run(
        [str(bindir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", target],
        input=dump,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return target


@pytest.fixture
def web(cluster, tmp_path):
    """gunicorn serving the product on the private cluster; yields (base URL, database URL)."""
    connection.close()
    holder = {}

    def start(target: str):
        port = services.free_port()
        env = {
            **os.environ,
            "DATABASE_URL": target,
            "DJANGO_SETTINGS_MODULE": "marketplace.settings_test",
            "ALLOWED_HOSTS": "127.0.0.1",
            "THROTTLE_CHECKOUT": "1000/min",
        }
        holder["process"] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "marketplace.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        wait_for(
            lambda: services.http_get(f"{url}/robots.txt")[0] == 200 if _listening(port) else False,
            timeout=60,
            what="gunicorn",
            process=holder["process"],
        )
        return url

    yield start
    if "process" in holder:
        holder["process"].terminate()
        holder["process"].wait(timeout=30)


def _listening(port: int) -> bool:
    return not services.port_is_free(port)


def checkout(url: str, user, key: str, attempts: list) -> dict:
    """POST the checkout until it succeeds, always with the same key; count the failures seen."""
    session = requests.Session()
    session.auth = (user.username, PASSWORD)
    deadline = time.monotonic() + 120
    while True:
        try:
            response = session.post(
                f"{url}/api/checkout/",
                json={"payment_method": "invoice", "shipping_address": ADDRESS},
                headers={"Idempotency-Key": key, "Accept-Language": "en"},
                timeout=30,
            )
            if response.status_code in (200, 201):
                return response.json()
            assert response.status_code >= 500, response.text  # only the outage may refuse
            attempts.append(response.status_code)
        except requests.RequestException as exc:
            attempts.append(type(exc).__name__)
        assert time.monotonic() < deadline, f"checkout {key} never succeeded"
        time.sleep(0.3)


def test_orders_survive_a_database_restart_during_checkouts(category, cluster, web):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=3999, stock=STOCK)
    buyers = [UserFactory() for _ in range(BUYERS)]
    for buyer in buyers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=QUANTITY)
    target = copy_database(cluster)
    url = web(target)

    results, failures, errors = {}, [], []
    first, second = threading.Event(), threading.Event()

    def buyer_checks_out(buyer, start):
        start.wait()
        try:
            results[buyer.username] = checkout(url, buyer, f"key-{buyer.pk}", failures)
        except Exception as exc:  # reported below, with the others
            errors.append(repr(exc))

    # Half the buyers check out as the database goes down (in flight, or just done); the other
    # half start while it is down, so their first tries surely fail and are retried.
    half = BUYERS // 2
    threads = [
        threading.Thread(target=buyer_checks_out, args=(buyer, first if i < half else second))
        for i, buyer in enumerate(buyers)
    ]
    for thread in threads:
        thread.start()
    first.set()
    cluster.restart(mode="immediate", while_down=lambda: (second.set(), time.sleep(2)))
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    assert len(results) == BUYERS
    assert failures, "the restart hit no request: the test proved nothing"

    with psycopg.connect(target) as db:
        rows = db.execute("SELECT buyer_id, idempotency_key, COUNT(*) FROM marketplace_order GROUP BY 1, 2").fetchall()
        assert sorted((buyer, key) for buyer, key, _ in rows) == sorted((b.pk, f"key-{b.pk}") for b in buyers)
        assert {count for *_, count in rows} == {1}  # one order per key
        assert {r["number"] for r in results.values()} == {
            n for (n,) in db.execute("SELECT number FROM marketplace_order")
        }
        partial = db.execute(
            "SELECT o.id FROM marketplace_order o WHERE NOT EXISTS (SELECT 1 FROM marketplace_vendororder v WHERE v.order_id = o.id)"
            " OR (SELECT COALESCE(SUM(l.quantity), 0) FROM marketplace_orderline l JOIN marketplace_vendororder v ON l.vendor_order_id = v.id"
            " WHERE v.order_id = o.id) <> %s",
            [QUANTITY],
        ).fetchall()
        assert partial == []
        (stock,) = db.execute("SELECT stock FROM vendors_offer WHERE id = %s", [offer.id]).fetchone()
        assert stock == STOCK - BUYERS * QUANTITY  # nothing lost, nothing sold twice
        unbalanced = db.execute(
            "SELECT entry_id FROM payouts_journalline GROUP BY entry_id, currency HAVING SUM(amount) <> 0"
        ).fetchall()
        assert unbalanced == []
        (carts,) = db.execute("SELECT COUNT(*) FROM buyers_cartitem").fetchone()
        assert carts == 0  # every cart became its order
