"""Facets of a catalog search: the aggregations asked of the engine and their answer as FacetValues.

The answer is read from the engine's raw JSON (plain dicts): wrapping every bucket in the
DSL's response objects cost more than building the facets themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from opensearchpy import Q, Search

PRICE_RANGES = [(None, 2000), (2000, 5000), (5000, 10000), (10000, 25000), (25000, None)]  # minor units
RATING_STEPS = (4, 3, 2, 1)
DELIVERY_STEPS = (1, 3, 7)  # "dispatched within N days"
CONDITIONS = ("new", "refurbished", "used")
# Vendor names label the vendor facet. Cached briefly: a rename shows in the facet within a
# minute, and a search does not pay a database query for a label.
VENDOR_NAME_TTL = 60
# Values per terms facet (brand, vendor, attribute values); a page asks for up to MAX_FACET_SIZE
# of one facet ("more") with ``facet_sizes``.
FACET_SIZE = 30
ATTRIBUTE_VALUE_SIZE = 50
MAX_FACET_SIZE = 500


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""


def _size(facet_sizes: dict[str, int] | None, name: str, default: int) -> int:
    return max(1, min(MAX_FACET_SIZE, (facet_sizes or {}).get(name, default)))


def add_aggregations(search: Search, codes: list[str], facet_sizes: dict[str, int] | None = None) -> None:
    """``facet_sizes``: values wanted per facet name ("brand", "vendor", "attr:<code>") instead of
    the default (FACET_SIZE; ATTRIBUTE_VALUE_SIZE per attribute), at most MAX_FACET_SIZE."""
    search.aggs.bucket("category", "terms", field="category_paths", size=100)
    search.aggs.bucket("brand", "terms", field="brand.raw", size=_size(facet_sizes, "brand", FACET_SIZE))
    search.aggs.bucket("vendor", "terms", field="vendor_ids", size=_size(facet_sizes, "vendor", FACET_SIZE))
    search.aggs.bucket("condition", "terms", field="conditions", size=len(CONDITIONS))
    search.aggs.bucket(
        "price",
        "range",
        field="min_price",
        keyed=False,
        ranges=[{k: v for k, v in (("from", lo), ("to", hi)) if v is not None} for lo, hi in PRICE_RANGES],
    )
    search.aggs.bucket("rating", "range", field="rating", ranges=[{"from": step} for step in RATING_STEPS])
    search.aggs.bucket(
        "delivery", "range", field="fastest_handling_days", ranges=[{"to": days + 1} for days in DELIVERY_STEPS]
    )
    search.aggs.bucket("in_stock", "filter", Q("term", in_stock=True))
    search.aggs.bucket("free_shipping", "filter", Q("term", free_shipping=True))
    if codes:
        attributes = search.aggs.bucket("attributes", "nested", path="attributes")
        wanted = attributes.bucket("wanted", "filter", Q("terms", attributes__code=codes))
        value_size = max(_size(facet_sizes, f"attr:{code}", ATTRIBUTE_VALUE_SIZE) for code in codes)
        wanted.bucket("code", "terms", field="attributes.code", size=len(codes)).bucket(
            "value", "terms", field="attributes.value", size=value_size
        )


def vendor_names(vendor_ids: list[int]) -> dict[int, str]:
    """Names by vendor id: from the cache, the rest in one query."""
    from vendors.models import Vendor  # search reads vendors; only here, for labels

    keys = {vendor_id: f"search:vendor-name:{vendor_id}" for vendor_id in vendor_ids}
    cached = cache.get_many(keys.values())
    names = {vendor_id: cached[key] for vendor_id, key in keys.items() if key in cached}
    missing = [vendor_id for vendor_id in vendor_ids if vendor_id not in names]
    if missing:
        found = dict(Vendor.objects.filter(id__in=missing).values_list("id", "name"))
        cache.set_many({keys[vendor_id]: name for vendor_id, name in found.items()}, VENDOR_NAME_TTL)
        names.update(found)
    return names


def _range_label(lo, hi) -> str:
    return f"{'' if lo is None else lo}-{'' if hi is None else hi}"


def _buckets(aggs: dict, name: str) -> list[dict]:
    return aggs[name]["buckets"]


def facets_from_aggregations(aggs: dict, codes: list[str]) -> dict[str, list[FacetValue]]:
    """FacetValues from the engine's raw ``aggregations`` of a search built with add_aggregations."""
    facets = {
        name: [FacetValue(str(b["key"]), b["doc_count"]) for b in _buckets(aggs, name)]
        for name in ("category", "brand", "condition")
    }
    vendors = _buckets(aggs, "vendor")
    names = vendor_names([int(b["key"]) for b in vendors])
    facets["vendor"] = [FacetValue(str(b["key"]), b["doc_count"], names.get(int(b["key"]), "")) for b in vendors]
    facets["price"] = [
        FacetValue(_range_label(lo, hi), b["doc_count"]) for (lo, hi), b in zip(PRICE_RANGES, _buckets(aggs, "price"))
    ]
    facets["rating"] = [
        FacetValue(str(step), b["doc_count"]) for step, b in zip(RATING_STEPS, _buckets(aggs, "rating"))
    ]
    facets["delivery"] = [
        FacetValue(str(days), b["doc_count"]) for days, b in zip(DELIVERY_STEPS, _buckets(aggs, "delivery"))
    ]
    facets["in_stock"] = [FacetValue("true", aggs["in_stock"]["doc_count"])]
    facets["free_shipping"] = [FacetValue("true", aggs["free_shipping"]["doc_count"])]
    if codes:
        by_code = {b["key"]: b for b in aggs["attributes"]["wanted"]["code"]["buckets"]}
        for code in codes:
            if code in by_code:
                facets[f"attr:{code}"] = [
                    FacetValue(str(v["key"]), v["doc_count"]) for v in by_code[code]["value"]["buckets"]
                ]
    return facets


def facets_with_more(aggs: dict, codes: list[str]) -> list[str]:
    """Names of the terms facets whose answer left values out (the engine counted other values)."""
    names = [name for name in ("brand", "vendor") if aggs[name].get("sum_other_doc_count")]
    if codes:
        for bucket in aggs["attributes"]["wanted"]["code"]["buckets"]:
            if bucket["value"].get("sum_other_doc_count"):
                names.append(f"attr:{bucket['key']}")
    return names
