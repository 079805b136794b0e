"""Benchmarks on the real services that `make bench` starts (throwaway PostgreSQL, OpenSearch).

Measures search latency over the demo catalog and the time to place a two-vendor invoice
order (locks, stock, ledger, outbox). Prints a Markdown block to paste into bench/RESULTS.md.
Run: make bench  (BENCH_PRODUCTS, BENCH_QUERIES, BENCH_ORDERS tune the sizes)
"""

import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.common import RUN  # noqa: E402
from buyers.services import cart_item_add, checkout_place  # noqa: E402
from search.selectors import product_search  # noqa: E402
from vendors.models import Offer  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "300"))
ORDERS = int(os.environ.get("BENCH_ORDERS", "200"))
TERMS = ["helm", "kopfhörer", "kaffee", "jacke", "werkzeug", "notizbuch", "fahrrad", "pfanne", "smartphone", "baustein"]
ADDRESS = {"name": "Bench", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def percentiles(samples_ms: list[float]) -> str:
    samples_ms = sorted(samples_ms)
    pick = lambda q: samples_ms[min(len(samples_ms) - 1, int(q * len(samples_ms)))]  # noqa: E731
    return f"p50 {pick(0.5):.1f} ms, p95 {pick(0.95):.1f} ms, max {samples_ms[-1]:.1f} ms"


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", products=PRODUCTS, skip_outbox=True, verbosity=0, stdout=open(os.devnull, "w"))
    seed_s = time.perf_counter() - started
    started = time.perf_counter()
    call_command("search_reindex", verbosity=0)
    reindex_s = time.perf_counter() - started

    samples = []
    for i in range(QUERIES):
        t0 = time.perf_counter()
        product_search(query=TERMS[i % len(TERMS)], size=24)
        samples.append((time.perf_counter() - t0) * 1000)

    email = f"bench-{RUN}@example.test"  # a new buyer in every run: it can run again on the same database
    buyer = get_user_model().objects.create_user(email, email, "x")
    offers = list(Offer.objects.filter(stock__gte=ORDERS).order_by("vendor_id", "id"))
    first, second = offers[0], next(o for o in offers if o.vendor_id != offers[0].vendor_id)
    order_samples = []
    for i in range(ORDERS):
        cart_item_add(buyer=buyer, offer_id=first.id, quantity=1)
        cart_item_add(buyer=buyer, offer_id=second.id, quantity=1)
        t0 = time.perf_counter()
        checkout_place(
            buyer=buyer, idempotency_key=f"bench-{RUN}-{i}", payment_method="invoice", shipping_address=ADDRESS
        )
        order_samples.append((time.perf_counter() - t0) * 1000)

    print(
        f"### {time.strftime('%Y-%m-%d')} on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})"
    )
    print(f"- seed {PRODUCTS} products through the services: {seed_s:.1f} s")
    print(f"- full reindex into a new index + alias swap: {reindex_s:.1f} s")
    print(f"- search (full text, facets, 24 hits) x{QUERIES}: {percentiles(samples)}")
    print(
        f"- place a two-vendor invoice order (locks, stock, ledger, outbox, inline indexing) x{ORDERS}: {percentiles(order_samples)}"
    )


if __name__ == "__main__":
    main()
