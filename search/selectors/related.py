"""Recommendations for product pages: similar products and products bought together."""
from __future__ import annotations

from django.db.models import Count
from opensearchpy import Q, Search

from marketplace.errors import NotFound
from marketplace.models import Order, OrderLine
from search.engine import client, products_alias
from search.selectors.catalog import ProductHit, hit_from_source
from vendors.selectors import products_with_live_offers

SOURCE_EXCLUDES = ["description", "description_en", "attributes", "attributes_text", "content_hash"]


def _for_sale_or_404(product_id: int) -> None:
    found = products_with_live_offers(product_ids=[product_id])
    if not found or not getattr(found[0], "live_offers", None) or found[0].status != "active":
        # Missing, blocked, or sold by nobody right now: the same answer.
        raise NotFound("No such product.", field="product")


def similar_products(*, product_id: int, size: int = 8) -> list[ProductHit]:
    """Products whose texts resemble this one's (more_like_this over title, brand, attributes)."""
    _for_sale_or_404(product_id)
    engine = client()
    index = next(iter(engine.indices.get_alias(name=products_alias())))
    like = Q("more_like_this", fields=["title", "title_en", "brand", "attributes_text", "description"],
             like=[{"_index": index, "_id": str(product_id)}], min_term_freq=1, min_doc_freq=1, max_query_terms=25,
             minimum_should_match="20%")
    search = Search(using=engine, index=products_alias()).query(like).source(excludes=SOURCE_EXCLUDES).extra(size=size)
    return [hit_from_source(hit.to_dict()) for hit in search.execute()]


def bought_together(*, product_id: int, size: int = 8) -> list[ProductHit]:
    """Products most often in the same (not cancelled) orders as this one, that are for sale now."""
    _for_sale_or_404(product_id)
    orders = (OrderLine.objects.filter(offer__product_id=product_id)
              .exclude(vendor_order__order__status=Order.Status.CANCELLED)
              .values("vendor_order__order_id"))
    ranked = list(
        OrderLine.objects.filter(vendor_order__order_id__in=orders)
        .exclude(offer__product_id=product_id)
        .values("offer__product_id")
        .annotate(orders=Count("vendor_order__order_id", distinct=True))
        .order_by("-orders", "offer__product_id")
        .values_list("offer__product_id", flat=True)[: size * 3]
    )
    if not ranked:
        return []
    found = client().mget(index=products_alias(), body={"ids": [str(pid) for pid in ranked]}, _source_excludes=SOURCE_EXCLUDES)
    hits = [hit_from_source(doc["_source"]) for doc in found["docs"] if doc.get("found")]
    return hits[:size]
