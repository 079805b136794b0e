"""Writes of wishlists: items, the price-drop / back-in-stock alert check, recently viewed.

The alert check compares each wishlisted product's current state (cheapest live offer in stock,
whether one exists) with what the item last saw, and stores the new state in the same
transaction as the alert, under a row lock: however often it runs (after each offer change,
from the periodic task, twice at once), one drop gives one alert. A price rise only moves the
remembered price up, so the next drop from there is a new drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.wishlists.models import RecentlyViewed, WishlistAlert, WishlistItem
from marketplace.errors import NotFound
from marketplace.outbox import outbox_publish, outbox_publish_many
from vendors.models import Offer, Product
from vendors.selectors import LIVE_OFFER

ALERT_MAIL = "wishlists.alert_mail"
PRODUCT_CHANGED = "wishlists.product_changed"
RECENTLY_VIEWED_MAX = 20
SESSION_KEY = "recently_viewed"  # a guest's views: product ids in the session, oldest first
CHECK_CHUNK = 500


@dataclass(frozen=True)
class ProductState:
    price_amount: int | None  # cheapest live offer in stock, in the shop currency
    currency: str
    available: bool


def product_states(*, product_ids) -> dict[int, ProductState]:
    """Current buyable state per product; products nobody sells right now are unavailable."""
    currency = settings.MARKETPLACE_CURRENCY
    rows = (
        Offer.objects.filter(LIVE_OFFER, product_id__in=list(product_ids), stock__gt=0, currency=currency)
        .values("product_id")
        .annotate(price=Min("price_amount"))
    )
    found = {row["product_id"]: ProductState(row["price"], currency, True) for row in rows}
    return {pid: found.get(pid, ProductState(None, currency, False)) for pid in product_ids}


def _product_or_404(product_id: int) -> Product:
    product = Product.objects.filter(id=product_id, status=Product.Status.ACTIVE).first()
    if product is None:
        raise NotFound(_("No such product."), field="product")
    return product


@transaction.atomic
def wishlist_item_add(*, user, product_id: int) -> WishlistItem:
    """Put a product on the user's wishlist (again: nothing changes). Alerts count from now."""
    product = _product_or_404(product_id)
    existing = WishlistItem.objects.filter(user=user, product=product).first()
    if existing is not None:
        return existing
    state = product_states(product_ids=[product.id])[product.id]
    try:
        with transaction.atomic():
            return WishlistItem.objects.create(
                user=user,
                product=product,
                seen_price_amount=state.price_amount,
                currency=state.currency,
                seen_available=state.available,
            )
    except IntegrityError:  # the same add twice at once
        return WishlistItem.objects.get(user=user, product=product)


@transaction.atomic
def wishlist_item_remove(*, user, product_id: int) -> None:
    deleted, _counts = WishlistItem.objects.filter(user=user, product_id=product_id).delete()
    if not deleted:
        raise NotFound(_("This product is not on your wishlist."), field="product")


def _check_chunk(product_ids: list[int]) -> int:
    created = 0
    with transaction.atomic():
        items = list(WishlistItem.objects.select_for_update().filter(product_id__in=product_ids).order_by("id"))
        if not items:
            return 0
        # Read the state after the lock: a check that waited sees what the one before it wrote.
        states = product_states(product_ids={item.product_id for item in items})
        alerts: list[WishlistAlert] = []
        for item in items:
            state = states[item.product_id]
            if state.available and not item.seen_available:
                alerts.append(
                    WishlistAlert(
                        item=item,
                        kind=WishlistAlert.Kind.BACK_IN_STOCK,
                        price_amount=state.price_amount,
                        previous_price_amount=item.seen_price_amount,
                        currency=state.currency,
                    )
                )
            elif (
                state.available
                and item.seen_price_amount is not None
                and item.currency == state.currency
                and state.price_amount < item.seen_price_amount
            ):
                alerts.append(
                    WishlistAlert(
                        item=item,
                        kind=WishlistAlert.Kind.PRICE_DROP,
                        price_amount=state.price_amount,
                        previous_price_amount=item.seen_price_amount,
                        currency=state.currency,
                    )
                )
            # Unavailable keeps the last price: a product back at a lower price is "back in stock".
            item.seen_available = state.available
            if state.available:
                item.seen_price_amount, item.currency = state.price_amount, state.currency
        WishlistItem.objects.bulk_update(items, ["seen_available", "seen_price_amount", "currency"])
        for alert in WishlistAlert.objects.bulk_create(alerts):
            outbox_publish(topic=ALERT_MAIL, key=f"wishlist-alert:{alert.id}", payload={"alert_id": alert.id})
            created += 1
    return created


def wishlist_alerts_check(*, product_ids=None) -> int:
    """Compare wishlisted products with what their items last saw; returns the alerts created."""
    if product_ids is None:
        product_ids = WishlistItem.objects.values_list("product_id", flat=True).distinct()
    ids = sorted(set(product_ids))
    return sum(_check_chunk(ids[start : start + CHECK_CHUNK]) for start in range(0, len(ids), CHECK_CHUNK))


def wishlist_listing_changed(*, offer) -> None:
    """Listing listener (inside the vendor's transaction): a wishlisted product's offer changed,
    so its items are checked once this commits. Products on nobody's wishlist cost one query."""
    if WishlistItem.objects.filter(product_id=offer.product_id).exists():
        outbox_publish(
            topic=PRODUCT_CHANGED, key=f"product:{offer.product_id}", payload={"product_id": offer.product_id}
        )


def wishlist_listings_created(*, offers) -> None:
    """``wishlist_listing_changed`` for many new offers: one query, one INSERT."""
    product_ids = sorted(
        set(
            WishlistItem.objects.filter(product_id__in={o.product_id for o in offers}).values_list(
                "product_id", flat=True
            )
        )
    )
    outbox_publish_many([(PRODUCT_CHANGED, f"product:{pid}", {"product_id": pid}) for pid in product_ids])


def recently_viewed_record(*, user, product_ids: list[int]) -> None:
    """Remember that ``user`` viewed these products (latest last); keep the newest RECENTLY_VIEWED_MAX."""
    now = timezone.now()
    with transaction.atomic():
        for offset, product_id in enumerate(product_ids[-RECENTLY_VIEWED_MAX:]):
            # Later in the list = viewed later; microseconds apart keep the order stable.
            RecentlyViewed.objects.update_or_create(
                user=user, product_id=product_id, defaults={"viewed_at": now + timedelta(microseconds=offset)}
            )
        stale = (
            RecentlyViewed.objects.filter(user=user)
            .order_by("-viewed_at", "-id")
            .values_list("id", flat=True)[RECENTLY_VIEWED_MAX:]
        )
        RecentlyViewed.objects.filter(id__in=list(stale)).delete()


def session_views_add(ids: list, product_id: int) -> list[int]:
    """A guest's viewed ids with ``product_id`` moved to the end, capped at RECENTLY_VIEWED_MAX."""
    kept = [pid for pid in ids if isinstance(pid, int) and pid != product_id]
    return (kept + [product_id])[-RECENTLY_VIEWED_MAX:]
