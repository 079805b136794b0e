"""Recommendations for product pages: similar products and products bought together.

Both answer only with products for sale right now: the engine's view is checked against the
database (one query), so a product whose last offer went away a moment ago is not recommended
while the outbox catches up.
"""

from __future__ import annotations

from django.db.models import Count
from opensearchpy import Q, Search

from marketplace.errors import NotFound
from marketplace.models import Order, OrderLine, VendorOrder
from search.engine import client, products_alias
from search.selectors.catalog import ProductHit, hit_from_source
from vendors.models import Offer
from vendors.selectors import LIVE_OFFER

SOURCE_EXCLUDES = [
    "description",
    "description_en",
    "attributes",
    "attributes_text",
    "content_hash",
    "category_ancestor_names",
]
LIKE_FIELDS = ["title", "title_en", "brand", "attributes_text"]
MAX_RELATED = 24
# Fetch a few more than asked: some may turn out not to be for sale any more.
OVERFETCH = 2


def _for_sale(product_ids) -> set[int]:
    return set(Offer.objects.filter(LIVE_OFFER, product_id__in=list(product_ids)).values_list("product_id", flat=True))


def _for_sale_or_404(product_id: int) -> None:
    if not _for_sale([product_id]):
        # Missing, pending, blocked, or sold by nobody right now: the same answer.
        raise NotFound("No such product.", field="product")


def _only_for_sale(hits: list[ProductHit], limit: int) -> list[ProductHit]:
    live = _for_sale(hit.id for hit in hits)
    return [hit for hit in hits if hit.id in live][:limit]


def similar_products(*, product_id: int, limit: int = 8) -> list[ProductHit]:
    """Products whose texts resemble this one's (more_like_this over the titles in both
    languages, brand and attribute values), same category first; never the product itself."""
    _for_sale_or_404(product_id)
    limit = min(limit, MAX_RELATED)
    found = client().get(index=products_alias(), id=str(product_id), _source_includes=["category_path"], ignore=[404])
    if not found.get("found"):
        return []  # for sale, not indexed yet (the outbox is on its way): nothing to compare with
    source = found["_source"]
    # The indexed product as the "like" document, by id: its terms of exactly these fields. (An
    # artificial document of the same texts would also bring the terms of every sub-field and
    # copy_to target, e.g. the endings in title.head, and crowd the field's own words out.)
    like = Q(
        "more_like_this",
        fields=LIKE_FIELDS,
        like=[{"_index": products_alias(), "_id": str(product_id)}],
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
        minimum_should_match="20%",
    )
    should = (
        [Q("term", category_paths={"value": source["category_path"], "boost": 2})]
        if source.get("category_path")
        else []
    )
    query = Q("bool", must=[like], should=should, must_not=[Q("ids", values=[str(product_id)])])
    search = Search(using=client(), index=products_alias()).query(query).source(excludes=SOURCE_EXCLUDES)
    hits = [
        hit_from_source(hit.to_dict()) for hit in search.extra(size=limit * OVERFETCH, track_total_hits=False).execute()
    ]
    return _only_for_sale(hits, limit)


def bought_together(*, product_id: int, limit: int = 8) -> list[ProductHit]:
    """Products most often in the same placed orders as this one (PostgreSQL: order lines),
    ranked by the number of such orders, then by id; only products for sale now."""
    _for_sale_or_404(product_id)
    limit = min(limit, MAX_RELATED)
    # Lines of placed orders, without seller parts cancelled before shipping (not bought after all).
    placed = OrderLine.objects.filter(vendor_order__order__status=Order.Status.PLACED).exclude(
        vendor_order__status=VendorOrder.Status.CANCELLED
    )
    orders = placed.filter(offer__product_id=product_id).values("vendor_order__order_id")
    ranked = list(
        placed.filter(
            vendor_order__order_id__in=orders,
            offer__product_id__in=Offer.objects.filter(LIVE_OFFER).values("product_id"),
        )
        .exclude(offer__product_id=product_id)
        .values("offer__product_id")
        .annotate(orders=Count("vendor_order__order_id", distinct=True))
        .order_by("-orders", "offer__product_id")
        .values_list("offer__product_id", flat=True)[:limit]
    )
    if not ranked:
        return []
    # The index holds what a hit shows (landed price, offers); a product not indexed yet is left out.
    found = client().mget(
        index=products_alias(), body={"ids": [str(pid) for pid in ranked]}, _source_excludes=SOURCE_EXCLUDES
    )
    return [hit_from_source(doc["_source"]) for doc in found["docs"] if doc.get("found")]
