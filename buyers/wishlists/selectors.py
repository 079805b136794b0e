"""Reads of wishlists: the wishlist with current prices, recently viewed, the "for you" stream.

The stream is built from the database, so it is there even when the search engine is not:
categories and brands of what the buyer viewed (weight 1), wishlisted (2) and bought (3) pick
live products of the same categories and brands, best match first, newest within a match; the
search engine's similar products of the latest product the buyer looked at are mixed in when the
engine answers. New visitors (and the rest of a short personal stream) get the best sellers of
the last 30 days, then the newest products.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone

from buyers.wishlists.models import RecentlyViewed, WishlistAlert, WishlistItem
from buyers.wishlists.services import product_states
from marketplace.models import OrderLine
from search.selectors import ProductHit
from search.selectors.fallback import database_hits
from vendors.models import Offer, Product
from vendors.selectors import LIVE_OFFER

logger = logging.getLogger(__name__)

STREAM_SIZE = 12
BEST_SELLER_DAYS = 30
WEIGHT_VIEWED, WEIGHT_WISHED, WEIGHT_BOUGHT = 1, 2, 3
SIMILAR_BONUS = 2
SIGNAL_PRODUCTS = 50


@dataclass
class WishlistRow:
    item: WishlistItem
    product: Product
    price_amount: int | None
    currency: str
    available: bool
    dropped_from: int | None  # the price of the last price-drop alert's "before", if that drop still holds


def wishlist_rows(*, user) -> list[WishlistRow]:
    items = list(WishlistItem.objects.filter(user_id=user.pk).select_related("product").order_by("-created_at", "-id"))
    states = product_states(product_ids=[item.product_id for item in items])
    last_drop = {}
    for alert in WishlistAlert.objects.filter(item__in=items, kind=WishlistAlert.Kind.PRICE_DROP).order_by(
        "created_at", "id"
    ):
        last_drop[alert.item_id] = alert
    rows = []
    for item in items:
        state = states[item.product_id]
        drop = last_drop.get(item.id)
        dropped_from = drop.previous_price_amount if drop and state.price_amount == drop.price_amount else None
        rows.append(WishlistRow(item, item.product, state.price_amount, state.currency, state.available, dropped_from))
    return rows


def wishlist_product_ids(*, user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(WishlistItem.objects.filter(user_id=user.pk).values_list("product_id", flat=True))


def product_hits(product_ids: list[int]) -> list[ProductHit]:
    """Search-card summaries of the given products that are for sale now, in the given order."""
    offers = {}
    for offer in (
        Offer.objects.filter(LIVE_OFFER, product_id__in=product_ids)
        .select_related("vendor", "product__category")
        .order_by("price_amount", "id")
    ):
        offers.setdefault(offer.product_id, []).append(offer)
    products = [offers[pid][0].product for pid in product_ids if offers.get(pid)]
    return database_hits(products, offers)


def recently_viewed_ids(*, user, session_ids: list[int] | None = None) -> list[int]:
    """Newest first: the stored views of a signed-in user, else the guest session's."""
    if user.is_authenticated:
        return list(
            RecentlyViewed.objects.filter(user_id=user.pk)
            .order_by("-viewed_at", "-id")
            .values_list("product_id", flat=True)
        )
    return list(reversed(session_ids or []))


def recently_viewed(*, user, session_ids: list[int] | None = None, limit: int = 8) -> list[ProductHit]:
    return product_hits(recently_viewed_ids(user=user, session_ids=session_ids))[:limit]


def _live_products():
    return Product.objects.filter(
        status=Product.Status.ACTIVE, id__in=Offer.objects.filter(LIVE_OFFER).values("product_id")
    )


POPULAR_CACHE_SECONDS = 300


def popular_product_ids(*, limit: int, exclude: set[int] = frozenset()) -> list[int]:
    """Best sellers of the last BEST_SELLER_DAYS (items sold), then the newest products. The
    newcomers' list is the same for everyone, so it is cached for a few minutes (the home page
    would otherwise sum a month of order lines on every visit)."""
    if exclude:
        return _popular_product_ids(limit=limit, exclude=exclude)
    return cache.get_or_set(
        f"wishlists:popular:{limit}",
        lambda: _popular_product_ids(limit=limit, exclude=frozenset()),
        POPULAR_CACHE_SECONDS,
    )


def _popular_product_ids(*, limit: int, exclude) -> list[int]:
    since = timezone.now() - timedelta(days=BEST_SELLER_DAYS)
    sold = (
        OrderLine.objects.filter(vendor_order__order__created_at__gte=since, vendor_order__order__status="placed")
        .exclude(offer__product_id__in=exclude)
        .filter(offer__product__in=_live_products())
        .values("offer__product_id")
        .annotate(n=Sum("quantity"))
        .order_by("-n", "-offer__product_id")
    )
    ids = [row["offer__product_id"] for row in sold[:limit]]
    if len(ids) < limit:
        newest = _live_products().exclude(id__in=set(ids) | set(exclude)).order_by("-created_at", "-id")
        ids += list(newest.values_list("id", flat=True)[: limit - len(ids)])
    return ids


@dataclass
class Stream:
    hits: list[ProductHit]
    personal: bool  # False: the new-visitor stream (best sellers, newest)
    because: list[str] = field(default_factory=list)  # category paths the personal part is built on


def _signals(*, user, session_ids: list[int] | None) -> tuple[Counter, set[int], set[int]]:
    """(weight per product, products bought, products wished) from the buyer's history."""
    weights: Counter = Counter()
    bought: set[int] = set()
    wished: set[int] = set()
    for product_id in recently_viewed_ids(user=user, session_ids=session_ids)[:SIGNAL_PRODUCTS]:
        weights[product_id] += WEIGHT_VIEWED
    if user.is_authenticated:
        wished = set(
            WishlistItem.objects.filter(user_id=user.pk).values_list("product_id", flat=True)[:SIGNAL_PRODUCTS]
        )
        bought = set(
            OrderLine.objects.filter(vendor_order__order__buyer_id=user.pk)
            .order_by("-id")
            .values_list("offer__product_id", flat=True)[:SIGNAL_PRODUCTS]
        )
        for product_id in wished:
            weights[product_id] += WEIGHT_WISHED
        for product_id in bought:
            weights[product_id] += WEIGHT_BOUGHT
    return weights, bought, wished


def _similar_ids(product_id: int, limit: int) -> list[int]:
    from opensearchpy.exceptions import ConnectionError as SearchConnectionError
    from opensearchpy.exceptions import TransportError as SearchTransportError

    from marketplace.errors import NotFound
    from search.selectors import similar_products

    try:
        return [hit.id for hit in similar_products(product_id=product_id, limit=limit)]
    except (NotFound, SearchConnectionError, SearchTransportError):
        # Not for sale any more, not indexed yet, or the engine is away: the database part stands alone.
        logger.info("No similar products for the stream (product %s)", product_id, exc_info=True)
        return []


def _brand_match(brand_weight: Counter) -> Q:
    """Any of the brands, case-insensitively ("ACME" and "Acme" are one brand)."""
    match = Q(pk__in=[])
    for brand in list(brand_weight)[:20]:
        match |= Q(brand__iexact=brand)
    return match


NEW_VISITOR_STREAM_SECONDS = 300


def _new_visitor_stream(size: int) -> Stream:
    """Best sellers and newest products: the same for every visitor without history, so it is
    computed once per language and catalogue version (marketplace.page_versions) and cached."""
    from django.conf import settings
    from django.utils.translation import get_language

    from marketplace.page_versions import CATALOG, versions_get

    if not settings.STOREFRONT_PAGE_CACHE:
        return Stream(hits=product_hits(popular_product_ids(limit=size)), personal=False)
    key = f"wishlists:new_visitor_stream:{size}:{get_language()}:{versions_get([CATALOG])}"
    return cache.get_or_set(
        key,
        lambda: Stream(hits=product_hits(popular_product_ids(limit=size)), personal=False),
        NEW_VISITOR_STREAM_SECONDS,
    )


def for_you_stream(
    *, user, session_ids: list[int] | None = None, size: int = STREAM_SIZE, use_search: bool = True
) -> Stream:
    weights, bought, wished = _signals(user=user, session_ids=session_ids)
    if not weights:
        return _new_visitor_stream(size)
    signal_products = Product.objects.filter(id__in=list(weights)).values(
        "id", "category_id", "category__path", "brand"
    )
    category_weight: Counter = Counter()
    brand_weight: Counter = Counter()
    paths: Counter = Counter()
    for row in signal_products:
        category_weight[row["category_id"]] += weights[row["id"]]
        paths[row["category__path"]] += weights[row["id"]]
        if row["brand"]:
            brand_weight[row["brand"].casefold()] += weights[row["id"]]
    # Already bought or wished for: the stream shows what the buyer has not found yet.
    exclude = bought | wished
    scores: Counter = Counter()
    candidates = (
        _live_products()
        .exclude(id__in=exclude)
        .filter(Q(category_id__in=list(category_weight)) | _brand_match(brand_weight))
        .values("id", "category_id", "brand")
        .order_by("-created_at", "-id")[:200]
    )
    newest_rank = {}
    for position, row in enumerate(candidates):
        scores[row["id"]] += category_weight.get(row["category_id"], 0) + brand_weight.get(
            (row["brand"] or "").casefold(), 0
        )
        newest_rank[row["id"]] = position
    latest_viewed = recently_viewed_ids(user=user, session_ids=session_ids)[:1]
    if use_search and latest_viewed:
        for position, product_id in enumerate(_similar_ids(latest_viewed[0], size)):
            if product_id not in exclude:
                scores[product_id] += SIMILAR_BONUS
                newest_rank.setdefault(product_id, len(newest_rank) + position)
    ranked = sorted(scores, key=lambda pid: (-scores[pid], newest_rank.get(pid, 10**9)))
    hits = product_hits(ranked)[:size]
    if len(hits) < size:
        shown = {hit.id for hit in hits}
        hits += product_hits(popular_product_ids(limit=size - len(hits), exclude=shown | exclude))
    return Stream(hits=hits[:size], personal=True, because=[path for path, _n in paths.most_common(3)])
