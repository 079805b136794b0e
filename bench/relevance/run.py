"""Judged relevance benchmark (`make bench-relevance`), issue 21.

1. Loads the generated catalog (``catalog.py``: about 2,200 products, accessories and related
   items included) into the database (bulk_create, as the search benchmark does) and builds the
   index through the real path (``search_reindex``: documents, analysis, alias swap).
2. Runs every judged query (``queries.py``) twice on the same index of the same node:
   - project: ``search.selectors.product_search`` (the storefront's and API's query);
   - baseline: a plain ``multi_match`` over titles, brand and descriptions, no boosts.
3. Prints ``name: value`` lines: top-3 success (a hit of the query's best grade among the
   first three), nDCG@10 (gain 2^grade - 1), their ratio to the baseline, per class too.

``--reuse``: keep the catalog already in the database (same prefix), only reindex.
``--no-reindex``: with --reuse, not even that (query-only changes). ``--failures``: list the
project's failed queries with its first three titles.
"""

import math
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from opensearchpy import Q, Search  # noqa: E402

from bench.relevance.catalog import TREE, generate  # noqa: E402
from bench.relevance.queries import HOLDOUT, QUERIES, Query, gtin_queries, judge  # noqa: E402
from marketplace.models import Category  # noqa: E402
from search.engine import client, products_alias  # noqa: E402
from search.indexing import search_reindex  # noqa: E402
from search.selectors import product_search  # noqa: E402
from vendors.models import Offer, Product, Vendor  # noqa: E402

BASELINE_FIELDS = ["title", "title_en", "brand", "description", "description_en"]
VENDORS = 12


def unload() -> None:
    """Remove an earlier run's catalog (a rerun inside the same services)."""
    Offer.objects.filter(product__category__slug__startswith="rel-").delete()
    Product.objects.filter(category__slug__startswith="rel-").delete()
    for category in sorted(Category.objects.filter(slug__startswith="rel-"), key=lambda c: -len(c.path)):
        category.delete()
    Vendor.objects.filter(slug__startswith="relevance-vendor-").delete()


def load(items) -> dict[int, str]:
    """Categories, vendors, products and one or two live offers each; product id -> item key."""
    unload()
    categories = {}
    for slug, parent, name_de, name_en in TREE:
        categories[slug] = Category.objects.create(
            slug=f"rel-{slug}", name_de=name_de, name_en=name_en, parent=categories[parent] if parent else None
        )
    vendors = Vendor.objects.bulk_create(
        [
            Vendor(
                name=f"Relevance Vendor {n}",
                slug=f"relevance-vendor-{n}",
                legal_name=f"Relevance {n} GmbH",
                country="DE",
                email=f"r{n}@bench.test",
                status=Vendor.Status.APPROVED,
                payouts_enabled=True,
                charges_enabled=True,
                trader_ok=True,
            )
            for n in range(VENDORS)
        ]
    )
    products = Product.objects.bulk_create(
        [
            Product(
                category=categories[i.category],
                title=i.title,
                title_en=i.title_en,
                brand=i.brand,
                gtin=i.gtin,
                description=i.description,
                description_en=i.description_en,
                attributes={},
                status=Product.Status.ACTIVE,
            )
            for i in items
        ]
    )
    offers = []
    for n, product in enumerate(products):
        for k in range(1 + n % 2):
            offers.append(
                Offer(
                    vendor=vendors[(n + k * 5) % VENDORS],
                    product=product,
                    sku=f"R{product.id}-{k}",
                    currency="EUR",
                    price_amount=999 + (n * 7919) % 50000,
                    stock=5,
                    handling_days=1 + n % 4,
                    condition="new",
                    status=Offer.Status.LIVE,
                )
            )
    Offer.objects.bulk_create(offers)
    return {p.id: i.key for p, i in zip(products, items)}


def ndcg(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** judged.get(key, 0) - 1) / math.log2(n + 2) for n, key in enumerate(ranked[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(n + 2) for n, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def top3_success(ranked: list[str], judged: dict[str, int]) -> bool:
    best = max(judged.values())
    return any(judged.get(key, 0) == best for key in ranked[:3])


def project_ranking(query: Query, keys: dict[int, str]) -> list[str]:
    return [keys.get(hit.id, "?") for hit in product_search(query=query.text, size=10).hits]


def baseline_ranking(query: Query, keys: dict[int, str]) -> list[str]:
    search = Search(using=client(), index=products_alias()).query(
        Q("multi_match", query=query.text, fields=BASELINE_FIELDS)
    )
    body = search.source(["product_id"]).extra(size=10, track_total_hits=False).to_dict()
    return [keys.get(int(h["_id"]), "?") for h in client().search(index=products_alias(), body=body)["hits"]["hits"]]


def main() -> None:
    args = set(sys.argv[1:])
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    items = generate()
    by_key = {i.key: i for i in items}
    if "--reuse" in args and Product.objects.filter(category__slug__startswith="rel-").count() == len(items):
        ids = Product.objects.filter(category__slug__startswith="rel-").order_by("id").values_list("id", flat=True)
        keys = dict(zip(ids, (i.key for i in items)))
    else:
        keys = load(items)
    if "--no-reindex" not in args:
        t0 = time.perf_counter()
        report = search_reindex()
        print(f"# reindex of {report.documents} products: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    queries = [judge(query, items) for query in QUERIES + HOLDOUT + gtin_queries(items)]
    queries = [query for query in queries if query.judged]  # a brand/variant the generator did not produce
    scores = {"project": defaultdict(list), "baseline": defaultdict(list)}
    failures = []
    timings = []
    for query in queries:
        for side, rank in (("project", project_ranking), ("baseline", baseline_ranking)):
            t0 = time.perf_counter()
            ranked = rank(query, keys)
            if side == "project":
                timings.append((time.perf_counter() - t0) * 1000)
            success, gain = top3_success(ranked, query.judged), ndcg(ranked, query.judged)
            for bucket in ("all", query.kind):
                scores[side][bucket].append((success, gain))
            if side == "project" and not success:
                failures.append((query, ranked))

    def summary(side: str, bucket: str) -> tuple[float, float]:
        rows = scores[side][bucket]
        return sum(s for s, _ in rows) / len(rows), sum(g for _, g in rows) / len(rows)

    top3, gain = summary("project", "all")
    base_top3, base_gain = summary("baseline", "all")
    print(
        f"### {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} ({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})"
    )
    print(
        f"- {len(items)} products, {len(queries)} judged queries; project p50 {statistics.median(timings):.0f} ms per search; "
        f"run {time.perf_counter() - started:.0f} s"
    )
    print(f"relevance_top3_success: {top3:.3f}")
    print(f"relevance_ndcg10: {gain:.3f}")
    print(f"relevance_baseline_top3_success: {base_top3:.3f}")
    print(f"relevance_baseline_ndcg10: {base_gain:.3f}")
    print(f"relevance_ndcg10_ratio_vs_baseline: {gain / base_gain:.2f}")
    print("per class (queries: project top3 / nDCG@10 | baseline top3 / nDCG@10):")
    for bucket in sorted(b for b in scores["project"] if b != "all"):
        p3, pg = summary("project", bucket)
        b3, bg = summary("baseline", bucket)
        print(f"  {bucket:9} {len(scores['project'][bucket]):3}: {p3:.2f} / {pg:.2f} | {b3:.2f} / {bg:.2f}")
    if "--failures" in args:
        for query, ranked in failures:
            titles = " | ".join(by_key[k].title if k in by_key else k for k in ranked[:3])
            print(f"  FAIL [{query.kind}] {query.text!r}: {titles}")


if __name__ == "__main__":
    main()
