"""Checkout under contention: 50 concurrent buyers, 20 % of traffic on 5 hot offers with small stock.

Reports orders per second, p95 checkout latency and the oversell count (must be 0), and pgbench's
rate for a comparable bare transaction (row lock on the offer, stock update, order insert) on the
same PostgreSQL, as a ratio. Outbox delivery is queued to Redis as in production (the worker, not
the checkout request, updates the search index). The buyers run in BENCH_PROCESSES processes
(default 2, as a server with one worker process per core), their threads split between them.
Also counts the statements of one two-seller order (``checkout_statements_per_order``). Every run
creates its own catalog and buyers (bench/common.py), so it can run again on the same database.

Run: make bench-checkout   (BENCH_BUYERS, BENCH_SECONDS, BENCH_PROCESSES tune it)
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

from bench.common import RUN, fresh_factories, machine_load  # noqa: E402
from buyers.models import CartItem  # noqa: E402
from buyers.services import cart_item_add, checkout_place  # noqa: E402
from marketplace.celery import app as celery_app  # noqa: E402
from marketplace.errors import DomainError  # noqa: E402
from marketplace.models import OrderLine  # noqa: E402
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor  # noqa: E402
from vendors.models import Offer  # noqa: E402

BUYERS = int(os.environ.get("BENCH_BUYERS", "50"))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "2"))
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


def configure() -> None:
    """Outbox rows go to the worker through Redis, as in production (parent and each process)."""
    settings.OUTBOX_DELIVERY = "celery"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = os.environ["REDIS_URL"]


def setup_catalog():
    call_command("migrate", verbosity=0)
    configure()
    fresh_factories()
    category = CategoryFactory(slug=f"bench-{RUN}", name_de=f"Bench {RUN}", name_en=f"Bench {RUN}")
    vendors = [make_vendor(name=f"Bench Vendor {RUN} {i}") for i in range(10)]
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


def shop_in_process(buyer_ids, hot_ids, cold_ids, ready, go, deadline, results) -> None:
    """One process's buyers (threads): set up, say ``ready``, wait for ``go``, shop until the
    shared ``deadline`` (wall clock); puts (latencies, refused) on ``results``."""
    configure()
    from django.contrib.auth import get_user_model

    buyers = list(get_user_model().objects.filter(id__in=buyer_ids))
    hot = list(Offer.objects.filter(id__in=hot_ids))
    cold = list(Offer.objects.filter(id__in=cold_ids))
    connection.close()
    ready.put(os.getpid())
    go.wait()
    deadline_wall = deadline.value
    latencies, refused = [], []
    lock = threading.Lock()
    start = threading.Barrier(len(buyers))

    def shop(buyer, seed):
        rng = random.Random(seed)
        n = 0
        start.wait()
        try:
            while time.time() < deadline_wall:
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
                        idempotency_key=f"{RUN}-{buyer.pk}-{n}",
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

    threads = [threading.Thread(target=shop, args=(b, b.pk)) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((latencies, refused))


def run_buyers(hot, cold):
    import multiprocessing

    buyer_ids = [UserFactory().pk for _ in range(BUYERS)]
    connection.close()
    context = multiprocessing.get_context("spawn")
    results, ready, go, deadline = context.Queue(), context.Queue(), context.Event(), context.Value("d", 0.0)
    shares = [buyer_ids[i::PROCESSES] for i in range(PROCESSES)]
    workers = [
        context.Process(
            target=shop_in_process,
            args=(share, [o.id for o in hot], [o.id for o in cold], ready, go, deadline, results),
        )
        for share in shares
        if share
    ]
    for worker in workers:
        worker.start()
    for _ in workers:  # every process has set Django up before the window opens
        ready.get(timeout=300)
    deadline.value = time.time() + SECONDS
    go.set()
    latencies, refused = [], []
    for _ in workers:
        part_latencies, part_refused = results.get(timeout=SECONDS + 300)
        latencies += part_latencies
        refused += part_refused
    for worker in workers:
        worker.join(timeout=60)
    return latencies, refused, SECONDS


def statements_per_order(cold) -> int:
    """Statements one two-seller invoice order sends in its request (savepoints not counted),
    after a first order of the same buyer (its sellers' ledger accounts exist, caches are warm)."""
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    first, second = cold[0], next(o for o in cold if o.vendor_id != cold[0].vendor_id)
    buyer = UserFactory()
    for key in ("warm", "measured"):
        for offer in (first, second):
            cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            checkout_place(
                buyer=buyer, idempotency_key=f"{RUN}-{key}", payment_method="invoice", shipping_address=ADDRESS
            )
    return len([q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))])


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
    load_before = machine_load()
    hot, cold = setup_catalog()
    statements = statements_per_order(cold)
    latencies, refused, elapsed = run_buyers(hot, cold)
    orders_per_s = len(latencies) / elapsed
    p95 = statistics.quantiles(latencies, n=20)[-1]
    over = oversold(hot + cold)
    tps = pgbench_tps()
    print(
        f"# make bench-checkout: {BUYERS} buyers in {PROCESSES} processes, {SECONDS:.0f} s, {HOT} hot offers x "
        f"{HOT_STOCK} units, {COLD} cold offers; run {RUN}; load before: {load_before}; after: {machine_load()}"
    )
    print(f"checkout_statements_per_order: {statements}")
    print(f"checkout_orders_per_s: {orders_per_s:.1f}")
    print(f"checkout_p95_ms: {p95:.1f}")
    print(f"checkout_oversold: {over}")
    print(f"checkout_refused_sold_out: {refused.count('checkout') + refused.count('cart')}")
    print(f"pgbench_bare_tps: {tps:.1f}")
    print(f"checkout_ratio_vs_pgbench: {orders_per_s / tps:.3f}")


if __name__ == "__main__":
    main()
