"""The seller's buy box simulator: "at this price and handling time you would win".

It weighs the seller's offer against the live offers it competes with (same product, variant and
condition) with the very rule of the product page (``vendors.buy_box.buy_box``, the same shipping
rules and seller scores as ``vendors.selectors.buy_box_for_products``), only with the price and
handling time the seller tries. Nothing is written; setting the price is ``offer_update``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import Money
from vendors.buy_box import Entry, buy_box
from vendors.models import Offer, Vendor
from vendors.selectors import (
    LIVE_OFFER,
    buy_box_candidate,
    offer_get,
    shipping_rules_for_offers,
)
from vendors.seller_score import seller_scores
from vendors.services.checks import check_handling_days, check_price
from vendors.shipping import DEFAULT_DESTINATION


@dataclass
class Simulation:
    offer: Offer
    price: Money
    handling_days: int
    wins: bool
    entry: Entry  # the seller's offer as the buy box weighed it (reasons when it loses)
    winner: Entry | None  # the winning offer (the seller's own when ``wins``)
    competitors: int  # other live offers in the same box
    # The highest price (at this handling time) that still wins; None when no price wins
    # (e.g. the seller does not ship to the destination) or the offer has no competitor.
    best_winning_price: Money | None
    is_live: bool


def _competitors(offer: Offer) -> list[Offer]:
    return list(
        Offer.objects.filter(
            LIVE_OFFER, product_id=offer.product_id, variant_id=offer.variant_id, condition=offer.condition
        )
        .exclude(id=offer.id)
        .order_by("id")
    )


def offer_buy_box_simulate(
    *, vendor: Vendor, offer_id: int, price: Money, handling_days: int, country: str = DEFAULT_DESTINATION
) -> Simulation:
    """Would ``vendor``'s offer win its buy box at ``price`` and ``handling_days``? Another
    vendor's offer is NotFound; a price or handling time the offer could not have is a
    DomainError naming the field (the same checks as ``offer_update``)."""
    offer = offer_get(vendor=vendor, offer_id=offer_id)
    check_price(price)
    if price.currency != offer.currency:
        raise DomainError(
            _("This offer is priced in %(currency)s; the currency cannot change.") % {"currency": offer.currency},
            field="price",
        )
    check_handling_days(handling_days)
    others = _competitors(offer)
    everyone = [*others, offer]
    rules = shipping_rules_for_offers(offers=everyone)
    scores = seller_scores({o.vendor_id for o in everyone})
    fixed = [buy_box_candidate(o, rules.get(o.id), scores[o.vendor_id]) for o in others]

    def weigh(amount: int):
        trial = Offer(
            id=offer.id,
            vendor_id=offer.vendor_id,
            price_amount=amount,
            currency=offer.currency,
            stock=offer.stock,
            handling_days=handling_days,
        )
        box = buy_box([*fixed, buy_box_candidate(trial, rules.get(offer.id), scores[offer.vendor_id])], country=country)
        return box, box.entries[offer.id]

    box, entry = weigh(price.amount)
    wins = box.winner is not None and box.winner.offer_id == offer.id
    return Simulation(
        offer=offer,
        price=price,
        handling_days=handling_days,
        wins=wins,
        entry=entry,
        winner=box.winner,
        competitors=len(others),
        best_winning_price=_best_winning_price(weigh, offer, start=price.amount) if others else None,
        is_live=offer.status == Offer.Status.LIVE,
    )


def _best_winning_price(weigh, offer: Offer, *, start: int) -> Money | None:
    """The highest whole price (minor units) that wins, searched by halving between 1 and a bound
    above which the offer surely loses. Winning is monotonic in the price for a fixed handling
    time except where a free-shipping threshold is crossed; the search settles on one winning
    price and the caller checks it with ``weigh`` again before saying so."""

    def wins(amount: int) -> bool:
        box, _entry = weigh(amount)
        return box.winner is not None and box.winner.offer_id == offer.id

    if not wins(1):
        return None
    low, high = 1, max(start, 1)
    while wins(high):
        if high > 10**9:
            return Money(high, offer.currency)
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if wins(middle):
            low = middle
        else:
            high = middle
    return Money(low, offer.currency)
