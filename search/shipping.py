"""Shipping figures for the index: landed price (price + shipping of one item to the home
market) and whether an offer ships free, computed by the vendors app's own shipping rules
(``vendors.shipping.shipping_cost``) so search, buy box and checkout agree.

"Free" is exactly "shipping_cost of this one item to the home country is 0": no shipping
profile (the vendor prices shipping in; the checkout charges nothing either), a free-shipping
threshold the item's price reaches (a threshold of 0 always), or a rate of 0. An offer not
shipped home is not free, and its landed price is its price.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.money import Money
from vendors.selectors import shipping_rules_for_offers
from vendors.shipping import DEFAULT_DESTINATION, ShippingLine, ShippingUnavailable, shipping_cost


@dataclass(frozen=True)
class OfferShipping:
    cost: int | None  # minor units for one item to the home market; None: not shipped there
    free: bool


def shipping_for_offers(offers: list, *, rules: dict | None = None) -> dict[int, OfferShipping]:
    """By offer id. ``offers``: anything with id, vendor_id, shipping_profile_id, price_amount,
    currency and weight_g (Offer instances or search.build.OfferRow tuples); ``rules``: their
    shipping rules when already read (``vendors.selectors.shipping_rules_for_offers``)."""
    if not offers:
        return {}
    rules = shipping_rules_for_offers(offers=offers) if rules is None else rules
    result = {}
    for offer in offers:
        line = ShippingLine(
            unit_price=Money(offer.price_amount, offer.currency),
            quantity=1,
            profile=rules.get(offer.id),
            weight_g=offer.weight_g,
        )
        try:
            cost = shipping_cost(lines=[line], country=DEFAULT_DESTINATION, currency=offer.currency).amount
        except ShippingUnavailable:
            result[offer.id] = OfferShipping(cost=None, free=False)
        else:
            result[offer.id] = OfferShipping(cost=cost, free=cost == 0)
    return result
