"""Search benchmarks on the real services (`make bench-search`).

1. Generates BENCH_SEARCH_PRODUCTS products (default 100,000) with 1-3 live offers each, written
   with bulk_create (this measures search, not the listing services).
2. Reindex throughput: our pipeline (`search_reindex`: database reads, document building, bulk
   writes, count check, alias swap) against a plain `helpers.bulk` of the same, pre-built
   documents into an index with the same mapping. Ratio = ours / plain.
3. Search latency: a mixed query set (text, facets, filters, sorting, cursor) through the HTTP
   API stack (Django test client: URL routing, DRF, serializers, selectors) at a fixed
   concurrency, against the raw engine latency of the very same request bodies at the same
   concurrency. Ratio = our p95 / engine p95.

Prints `name: value` lines; paste them with the command into bench/RESULTS.md.
"""

import os
import platform
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings_test")
# Persistent database connections, as production runs them; otherwise every API request pays
# for a new PostgreSQL connection and the comparison measures connection setup.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
# The search route's rate limit (THROTTLE_SEARCH, per client) would refuse a benchmark's burst
# from one address; the throttle's own check still runs on every request.
os.environ.setdefault("THROTTLE_SEARCH", "1000000/min")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from opensearchpy import helpers  # noqa: E402

from bench.common import RUN, machine_load  # noqa: E402
from marketplace.models import Category  # noqa: E402
from search.documents import product_index  # noqa: E402
from search.engine import client, products_alias  # noqa: E402
from search.indexing import BULK_TIMEOUT, product_documents, search_reindex, synonym_rules  # noqa: E402
from search.selectors import SearchFilters, build_search  # noqa: E402
from vendors.models import Offer, Product, Vendor  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_SEARCH_PRODUCTS", "100000"))
REQUESTS = int(os.environ.get("BENCH_SEARCH_REQUESTS", "600"))
CONCURRENCY = int(os.environ.get("BENCH_SEARCH_CONCURRENCY", "4"))
VENDORS = 50

NOUNS = [
    "helm",
    "lampe",
    "mühle",
    "maschine",
    "schuhe",
    "rucksack",
    "jacke",
    "hose",
    "tasche",
    "flasche",
    "uhr",
    "kopfhörer",
    "pfanne",
    "messer",
    "stuhl",
    "tisch",
    "kissen",
    "decke",
    "bohrer",
    "säge",
]
PREFIXES = ["fahrrad", "kaffee", "lauf", "wander", "ski", "kinder", "küchen", "garten", "büro", "reise", "sport", ""]
ADJECTIVES = ["robust", "leicht", "kompakt", "elegant", "praktisch", "klassisch", "modern", "stark", "leise", "smart"]
BRANDS = [f"Marke{n}" for n in range(40)] + ["Uvex", "Deuter", "Graef", "Bosch", "Asics", "Tefal"]
COLOURS = ["rot", "blau", "grün", "schwarz", "weiß", "grau"]
TEXT_QUERIES = [
    "fahrradhelm",
    "kaffeemühle",
    "helm",
    "rucksak",
    "laufschuhe",
    "kinder jacke",
    "lampe",
    "uvex helm",
    "küchenmesser",
    "elegant tisch",
    "bohrer",
    "reisetasche",
]


def generate() -> None:
    rng = random.Random(42)
    roots = [
        Category.objects.create(slug=f"bench-{RUN}-{n}", name_de=f"Bereich {n}", name_en=f"Area {n}") for n in range(5)
    ]
    leaves = [
        Category.objects.create(slug=f"bench-{RUN}-{r.id}-{n}", name_de=f"Gruppe {n}", name_en=f"Group {n}", parent=r)
        for r in roots
        for n in range(4)
    ]
    vendors = Vendor.objects.bulk_create(
        [
            Vendor(
                name=f"Bench Vendor {RUN} {n}",
                slug=f"bench-vendor-{RUN}-{n}",
                legal_name=f"Bench {n} GmbH",
                country="DE",
                email=f"v{n}@bench.test",
                status=Vendor.Status.APPROVED,
                payouts_enabled=True,
                charges_enabled=True,
                trader_ok=True,
            )  # as if the trader check (DSA Art. 30) passed: the bench measures search, not onboarding
            for n in range(VENDORS)
        ]
    )
    batch = 5000
    for start in range(0, PRODUCTS, batch):
        products = []
        for n in range(start, min(start + batch, PRODUCTS)):
            noun = rng.choice(NOUNS)
            title = f"{(rng.choice(PREFIXES) + noun).capitalize()} {rng.choice(ADJECTIVES).capitalize()} {n}"
            products.append(
                Product(
                    category=rng.choice(leaves),
                    title=title,
                    title_en=f"{noun} {n}",
                    brand=rng.choice(BRANDS),
                    description=f"{title}: {rng.choice(ADJECTIVES)} und {rng.choice(ADJECTIVES)}, ideal für jeden Tag.",
                    attributes={"farbe": rng.choice(COLOURS)},
                    status=Product.Status.ACTIVE,
                )
            )
        products = Product.objects.bulk_create(products)
        offers = []
        for product in products:
            for vendor in rng.sample(vendors, rng.randint(1, 3)):
                offers.append(
                    Offer(
                        vendor=vendor,
                        product=product,
                        sku=f"B{product.id}",  # product ids are new in every run
                        currency="EUR",
                        price_amount=rng.randint(199, 99999),
                        stock=rng.choice([0, 3, 10, 50]),
                        handling_days=rng.randint(1, 7),
                        condition=rng.choice(["new", "new", "new", "used", "refurbished"]),
                        status=Offer.Status.LIVE,
                    )
                )
        Offer.objects.bulk_create(offers)


def percentile(samples: list[float], q: float) -> float:
    samples = sorted(samples)
    return samples[min(len(samples) - 1, int(q * len(samples)))]


def query_set(categories: list[int]) -> list[dict]:
    """API parameter sets; each has an equivalent engine body via build_search."""
    rng = random.Random(7)
    sets = []
    for n in range(40):
        params = {"size": 24}
        if n % 4 != 3:
            params["q"] = TEXT_QUERIES[n % len(TEXT_QUERIES)]
        if n % 3 == 0:
            params["category"] = rng.choice(categories)
        if n % 5 == 0:
            params["brand"] = rng.choice(BRANDS)
        if n % 4 == 1:
            params["price_min"], params["price_max"] = 1000, 20000
        if n % 6 == 2:
            params["in_stock"] = "true"
        if n % 7 == 3:
            params["condition"] = "new"
        params["sort"] = ["relevance", "price_asc", "newest", "relevance", "price_desc"][n % 5]
        sets.append(params)
    return sets


def engine_body(params: dict) -> dict:
    filters = SearchFilters(
        category=params.get("category"),
        brands=[params["brand"]] if "brand" in params else [],
        price_min=params.get("price_min"),
        price_max=params.get("price_max"),
        conditions=[params["condition"]] if "condition" in params else [],
        in_stock=True if params.get("in_stock") == "true" else None,
    )
    search, _ = build_search(query=params.get("q", ""), filters=filters, size=params["size"], sort=params["sort"])
    return search.to_dict()


def timed_run(call, items: list, concurrency: int) -> list[float]:
    def one(item):
        t0 = time.perf_counter()
        call(item)
        return (time.perf_counter() - t0) * 1000

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, items))


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    generate()
    products = Product.objects.count()
    print(
        f"# generated {products} products, {Offer.objects.count()} offers in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )

    # Documents for the plain bulk load, built beforehand (not timed).
    ids = list(Product.objects.order_by("id").values_list("id", flat=True))
    docs = []
    for start in range(0, len(ids), 2000):
        docs += [d for d in product_documents(ids[start : start + 2000]).values() if d]

    def plain_bulk() -> float:
        name = f"{products_alias()}-plainbulk-{RUN}"
        product_index(name, synonym_rules=synonym_rules()).create(using=client())
        client().indices.put_settings(index=name, body={"index": {"refresh_interval": "-1"}})
        t0 = time.perf_counter()
        helpers.bulk(
            client(),
            ({"_index": name, "_id": d["product_id"], "_source": d} for d in docs),
            chunk_size=1000,
            request_timeout=BULK_TIMEOUT,
        )
        client().indices.put_settings(
            index=name, body={"index": {"refresh_interval": None}}, request_timeout=BULK_TIMEOUT
        )
        client().indices.refresh(index=name, request_timeout=BULK_TIMEOUT)  # as search_reindex does
        elapsed = time.perf_counter() - t0
        assert client().count(index=name, request_timeout=BULK_TIMEOUT)["count"] == len(docs)
        client().indices.delete(index=name)
        return len(docs) / elapsed

    # Plain, ours, plain: a warming engine or a neighbour's load does not favour one side.
    plain_rates = [plain_bulk()]
    t0 = time.perf_counter()
    report = search_reindex()
    ours_rate = report.documents / (time.perf_counter() - t0)
    plain_rates.append(plain_bulk())
    plain_rate = statistics.mean(plain_rates)
    assert report.documents == len(docs)
    docs.clear()  # frees the documents before the latency part
    print(f"# reindex: ours {ours_rate:.0f} docs/s, plain bulk {plain_rates} docs/s", file=sys.stderr)

    # 3. Search latency: API vs raw engine, same queries, same concurrency.
    categories = list(Category.objects.filter(slug__startswith=f"bench-{RUN}-").values_list("id", flat=True))
    params = query_set(categories)
    bodies = [engine_body(p) for p in params]
    connection.close()  # each worker thread opens its own connection
    workload = [i % len(params) for i in range(REQUESTS)]
    local = threading.local()

    def api_call(i):
        if not hasattr(local, "http"):
            local.http = Client(HTTP_HOST="localhost")  # one per thread: the test client keeps state
        response = local.http.get("/api/search/products/", params[i])
        assert response.status_code == 200, response.content[:300]

    def engine_call(i):
        client().search(index=products_alias(), body=bodies[i])

    timed_run(api_call, list(range(len(params))), CONCURRENCY)  # warm-up both paths
    timed_run(engine_call, list(range(len(params))), CONCURRENCY)
    # API and engine requests interleaved in one run (api, engine, api, engine ...), so a change
    # of the machine's load during the run falls on both sides alike.
    mixed = [(side, i) for i in workload for side in ("api", "engine")]
    samples = timed_run(lambda item: (api_call if item[0] == "api" else engine_call)(item[1]), mixed, CONCURRENCY)
    api_ms = [ms for (side, _i), ms in zip(mixed, samples) if side == "api"]
    engine_ms = [ms for (side, _i), ms in zip(mixed, samples) if side == "engine"]

    lines = {
        "reindex_docs_per_s": f"{ours_rate:.0f}",
        "reindex_plain_bulk_docs_per_s": f"{plain_rate:.0f}",
        "reindex_ratio_vs_bulk": f"{ours_rate / plain_rate:.2f}",
        "search_api_p50_ms": f"{percentile(api_ms, 0.5):.1f}",
        "search_api_p95_ms": f"{percentile(api_ms, 0.95):.1f}",
        "search_engine_p50_ms": f"{percentile(engine_ms, 0.5):.1f}",
        "search_engine_p95_ms": f"{percentile(engine_ms, 0.95):.1f}",
        "search_p95_ratio": f"{percentile(api_ms, 0.95) / percentile(engine_ms, 0.95):.2f}",
    }
    print(
        f"### {time.strftime('%Y-%m-%d')} on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})"
    )
    print(f"- run {RUN}; machine load at the end: {machine_load()}")
    print(
        f"- {report.documents} products indexed; {REQUESTS} searches per side, interleaved, at concurrency {CONCURRENCY}; "
        f"api mean {statistics.mean(api_ms):.1f} ms, engine mean {statistics.mean(engine_ms):.1f} ms; "
        f"total run {time.perf_counter() - started:.0f} s"
    )
    for name, value in lines.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
