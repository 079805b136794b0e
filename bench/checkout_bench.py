"""Checkout under contention: 50 concurrent buyers, 20 % of traffic on 5 hot offers with small stock.

Reports orders per second, p95 checkout latency and the oversell count (must be 0), and pgbench's
rate for a comparable bare transaction (row lock on the offer, stock update, order insert) on the
same PostgreSQL, as a ratio. Outbox delivery is queued to Redis as in production (the worker, not
the checkout request, updates the search index).

Run: make bench-checkout   (BENCH_BUYERS, BENCH_SECONDS tune it)
"""

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings_test")
os.environ["OUTBOX_DELIVERY"] = "celery"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

from buyers.models import CartItem  # noqa: E402
from buyers.services import cart_item_add, checkout_place  # noqa: E402
from marketplace.celery import app as celery_app  # noqa: E402
from marketplace.errors import DomainError  # noqa: E402
from marketplace.models import OrderLine  # noqa: E402
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor  # noqa: E402
from vendors.models import Offer  # noqa: E402

BUYERS = int(os.environ.get("BENCH_BUYERS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
HOT, HOT_STOCK, COLD = 5, 5, 200
ADDRESS = {"name": "Bench", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}

PGBENCH_SCRIPT = """\\set id random(1, 200)
BEGIN;
SELECT stock FROM bench_offer WHERE id = :id FOR UPDATE;
UPDATE bench_offer SET stock = stock - 1 WHERE id = :id;
INSERT INTO bench_order (offer_id, created_at) VALUES (:id, now());
COMMIT;
"""


def setup_catalog():
    call_command("migrate", verbosity=0)
    settings.OUTBOX_DELIVERY = "celery"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = os.environ["REDIS_URL"]
    category = CategoryFactory(slug="bench", name_de="Bench", name_en="Bench")
    vendors = [make_vendor(name=f"Bench Vendor {i}") for i in range(10)]
    hot = [
        make_offer(vendor=v, owner=o, category=category, title=f"Hot {i}", stock=HOT_STOCK)
        for i, (v, o) in enumerate(vendors[:HOT])
    ]
    cold = [
        make_offer(
            vendor=vendors[i % 10][0], owner=vendors[i % 10][1], category=category, title=f"Cold {i}", stock=100_000
        )
        for i in range(COLD)
    ]
    return hot, cold


def run_buyers(hot, cold):
    buyers = [UserFactory() for _ in range(BUYERS)]
    latencies, refused = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS
    start = threading.Barrier(BUYERS)

    def shop(buyer, seed):
        rng = random.Random(seed)
        n = 0
        start.wait()
        try:
            while time.monotonic() < deadline:
                offer = rng.choice(hot) if rng.random() < 0.2 else rng.choice(cold)
                try:
                    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
                except DomainError:
                    with lock:
                        refused.append("cart")
                    continue
                t0 = time.perf_counter()
                try:
                    checkout_place(
                        buyer=buyer,
                        idempotency_key=f"{buyer.pk}-{n}",
                        payment_method="invoice",
                        shipping_address=ADDRESS,
                    )
                    with lock:
                        latencies.append((time.perf_counter() - t0) * 1000)
                except DomainError:
                    with lock:
                        refused.append("checkout")
                    CartItem.objects.filter(cart__buyer=buyer).delete()  # sold out: start a new cart
                n += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=shop, args=(b, i)) for i, b in enumerate(buyers)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, refused, time.monotonic() - began


def oversold(offers) -> int:
    """Units sold beyond the initial stock, plus offers whose stock does not match their sales."""
    problems = 0
    for offer in offers:  # each object still holds the stock it was created with
        sold = OrderLine.objects.filter(offer=offer).aggregate(n=Sum("quantity"))["n"] or 0
        current = Offer.objects.get(id=offer.id).stock
        problems += max(0, sold - offer.stock) + (current != offer.stock - sold)
    return problems


def pgbench_tps() -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_order, bench_offer")
        cursor.execute("CREATE TABLE bench_offer (id int PRIMARY KEY, stock int NOT NULL)")
        cursor.execute("INSERT INTO bench_offer SELECT g, 1000000 FROM generate_series(1, 200) g")
        cursor.execute(
            "CREATE TABLE bench_order (id bigserial PRIMARY KEY, offer_id int NOT NULL, created_at timestamptz NOT NULL)"
        )
    db = settings.DATABASES["default"]
    url = urlparse(os.environ["DATABASE_URL"])
    pgbench = next(
        (p for p in ("/usr/lib/postgresql/15/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench") if Path(p).exists()),
        "pgbench",
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT)
    out = subprocess.run(
        [
            pgbench,
            "-n",
            "-c",
            str(BUYERS),
            "-j",
            "2",
            "-T",
            str(int(SECONDS)),
            "-f",
            script.name,
            "-h",
            url.hostname,
            "-p",
            str(url.port),
            "-U",
            url.username or "postgres",
            db["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def main():
    hot, cold = setup_catalog()
    latencies, refused, elapsed = run_buyers(hot, cold)
    orders_per_s = len(latencies) / elapsed
    p95 = statistics.quantiles(latencies, n=20)[-1]
    over = oversold(hot + cold)
    tps = pgbench_tps()
    print(
        f"# make bench-checkout: {BUYERS} buyers, {SECONDS:.0f} s, {HOT} hot offers x {HOT_STOCK} units, {COLD} cold offers"
    )
    print(f"checkout_orders_per_s: {orders_per_s:.1f}")
    print(f"checkout_p95_ms: {p95:.1f}")
    print(f"checkout_oversold: {over}")
    print(f"checkout_refused_sold_out: {refused.count('checkout') + refused.count('cart')}")
    print(f"pgbench_bare_tps: {tps:.1f}")
    print(f"checkout_ratio_vs_pgbench: {orders_per_s / tps:.3f}")


if __name__ == "__main__":
    main()
