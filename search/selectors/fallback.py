"""The storefront's listing from the database, for when the search engine cannot be reached.

Plain and modest on purpose (title/brand contains, category subtree, newest or price order, no
facets): it keeps the shop browsable, the engine does the real searching.
"""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce

from marketplace.db_router import reads_from_replica
from search.selectors.catalog import SORTS, ProductHit, SearchResult, category_path_for
from vendors.buy_box import featured_entry
from vendors.models import Offer, Product
from vendors.selectors import LIVE_OFFER, buy_box_for_products

FALLBACK_ORDER = {
    "price_asc": ["min_price", "id"],
    "price_desc": ["-min_price", "id"],
    "newest": ["-created_at", "-id"],
}


@reads_from_replica()
def product_listing_from_database(
    *, query: str = "", category: int | None = None, page: int = 1, size: int = 24, sort: str = "newest"
) -> SearchResult:
    offers = Offer.objects.filter(LIVE_OFFER)
    products = Product.objects.filter(status=Product.Status.ACTIVE, id__in=offers.values("product_id"))
    path = category_path_for(category)
    if path:
        products = products.filter(Q(category__path=path) | Q(category__path__startswith=f"{path}/"))
    for word in query.split():
        products = products.filter(Q(title__icontains=word) | Q(title_en__icontains=word) | Q(brand__icontains=word))
    products = products.annotate(
        # As in the index: the offers in stock set the price, sold-out ones only when nothing else is left.
        min_price=Coalesce(
            Min("offers__price_amount", filter=Q(offers__in=offers, offers__stock__gt=0)),
            Min("offers__price_amount", filter=Q(offers__in=offers)),
        ),
        offer_count=Count("offers", filter=Q(offers__in=offers)),
    ).select_related("category")
    total = products.count()
    order = FALLBACK_ORDER.get(sort if sort in SORTS else "newest", FALLBACK_ORDER["newest"])
    rows = list(products.order_by(*order)[(page - 1) * size : page * size])
    best = {}
    for offer in (
        offers.filter(product_id__in=[p.id for p in rows]).select_related("vendor").order_by("price_amount", "id")
    ):
        best.setdefault(offer.product_id, []).append(offer)
    hits = database_hits(rows, best)
    return SearchResult(total=total, page=page, size=size, hits=hits, facets={}, degraded=True)


def database_hits(products, offers_by_product: dict[int, list]) -> list[ProductHit]:
    """Cards of ``products`` (with ``category``) from their live offers read from the database
    (each with ``vendor``), by the index's rules (search.build): the buy box's featured offer is the
    best offer; the offers in stock set the prices, sold-out ones only when nothing else is left."""
    all_offers = [o for offers in offers_by_product.values() for o in offers]
    boxes: dict[int, dict] = {}
    for key, box in buy_box_for_products(offers=all_offers).items():
        boxes.setdefault(key[0], {})[key] = box
    hits = []
    for product in products:
        product_offers = sorted(offers_by_product.get(product.id, []), key=lambda o: (o.price_amount, o.id))
        if not product_offers:
            continue
        buyable = [o for o in product_offers if o.stock > 0]
        cheapest = (buyable or product_offers)[0]
        featured = featured_entry(boxes.get(product.id, {}))
        hits.append(
            ProductHit(
                id=product.id,
                title=product.title,
                title_en=product.title_en,
                brand=product.brand,
                category_path=product.category.path,
                min_price=cheapest.price_amount,
                currency=cheapest.currency,
                min_item_price=cheapest.price_amount,
                buyable_offer_count=len(buyable),
                offer_count=len(product_offers),
                best_offer_id=featured.offer_id if featured else cheapest.id,
                in_stock=bool(buyable),
                vendor_names=sorted({o.vendor.name for o in product_offers}),
                conditions=sorted({o.condition for o in product_offers}),
                fastest_handling_days=min(o.handling_days for o in product_offers),
            )
        )
    return hits
