"""A product's live offers as a buyer sees them: the buy box's featured offer first, with landed
price, delivery date and seller rating. The product page (frontend.storefront) and the headless
product API (integrations.api_products) both read it, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from buyers.reviews.selectors import seller_rating_sums
from marketplace.money import Money
from vendors.buy_box import featured_entry
from vendors.delivery import delivery_date
from vendors.models import Offer, Product
from vendors.selectors import buy_box_for_products, shipping_rules_for_offers
from vendors.shipping import DEFAULT_DESTINATION


@dataclass
class OfferView:
    """One live offer as the product page shows it (vendors/buy_box.py decides the order)."""

    offer: Offer
    featured: bool
    shipping: Money | None  # one item to the buyer's country; None: not shipped there
    landed_price: Money | None
    delivery_date: date | None
    seller_rating: Decimal | None  # average stars, one decimal
    seller_rating_count: int
    unit_price: Money | None = None  # Grundpreis, set by the page when the product has a quantity


def product_offers(
    *, product: Product, country: str = DEFAULT_DESTINATION, today: date | None = None, variant_id: int | None = None
) -> list[OfferView]:
    """The product's live offers for a buyer in ``country``: the buy box's featured offer first
    (``vendors.buy_box.featured_entry``, the offer the cards and the index name too), then the
    others that can be bought by landed price (item + shipping to ``country``), then condition,
    then seller rating; offers that cannot be bought (sold out, not shipped there) last.
    With ``variant_id`` only that variant's offers (the featured one among them)."""
    offers = [o for o in product.live_offers if variant_id is None or o.variant_id == variant_id]
    if not offers:
        return []
    rules = shipping_rules_for_offers(offers=offers)
    boxes = buy_box_for_products(offers=offers, country=country, rules=rules)
    entries = {offer_id: entry for box in boxes.values() for offer_id, entry in box.entries.items()}
    featured = featured_entry(boxes)
    ratings = seller_rating_sums({o.vendor_id for o in offers})
    rows = []
    for offer in offers:
        entry = entries[offer.id]
        stars, count = ratings.get(offer.vendor_id, (0, 0))
        rows.append(
            OfferView(
                offer=offer,
                featured=featured is not None and featured.offer_id == offer.id,
                shipping=entry.shipping,
                landed_price=entry.landed_price,
                delivery_date=delivery_date(offer.handling_days, rules.get(offer.id), country, today=today)
                if entry.shipping is not None
                else None,
                seller_rating=(Decimal(stars) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                if count
                else None,
                seller_rating_count=count,
            )
        )
    condition_rank = {value: rank for rank, value in enumerate(Offer.Condition.values)}

    def order(row: OfferView):
        buyable = entries[row.offer.id].eligible
        return (
            not row.featured,
            not buyable,
            row.landed_price.amount if row.landed_price else row.offer.price_amount,
            condition_rank.get(row.offer.condition, 99),
            -(row.seller_rating or 0),
            row.offer.id,
        )

    return sorted(rows, key=order)


def product_for_sale(*, product_id: int) -> Product:
    """An active product with its live offers prefetched as ``live_offers`` (what the product page
    shows); missing and blocked products are both NotFound."""
    from django.db.models import Prefetch
    from django.utils.translation import gettext as _

    from marketplace.errors import NotFound
    from vendors.selectors import LIVE_OFFER

    live = Offer.objects.filter(LIVE_OFFER).select_related("vendor").order_by("price_amount", "handling_days", "id")
    product = (
        Product.objects.filter(id=product_id, status=Product.Status.ACTIVE)
        .select_related("category")
        .prefetch_related(Prefetch("offers", queryset=live, to_attr="live_offers"), "images", "variants")
        .first()
    )
    if product is None:
        raise NotFound(_("No such product."), field="product")
    return product
