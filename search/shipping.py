"""Shipping figures for the index: landed price (price + shipping of one item to the home
market) and whether an offer ships free, computed by the vendors app's own shipping rules
(``vendors.shipping.shipping_cost``) so search, buy box and checkout agree.

Read defensively: on a catalog without shipping profiles the landed price is the item price.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfferShipping:
    cost: int | None  # minor units for one item to the home market; None: not shipped there
    free: bool


def shipping_for_offers(offers: list) -> dict[int, OfferShipping]:
    try:
        from vendors.selectors import shipping_rules_for_offers
        from vendors.shipping import DEFAULT_DESTINATION, ShippingLine, ShippingUnavailable, shipping_cost
    except ImportError:  # shipping profiles not in this version of the vendors app
        return {}
    if not offers:
        return {}
    rules = shipping_rules_for_offers(offers=offers)
    result = {}
    for offer in offers:
        line = ShippingLine(unit_price=offer.price, quantity=1, profile=rules.get(offer.id),
                            weight_g=getattr(offer, "weight_g", None))
        try:
            cost = shipping_cost(lines=[line], country=DEFAULT_DESTINATION, currency=offer.currency).amount
        except ShippingUnavailable:
            result[offer.id] = OfferShipping(cost=None, free=False)
        else:
            result[offer.id] = OfferShipping(cost=cost, free=cost == 0)
    return result
