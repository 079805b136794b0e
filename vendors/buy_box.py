"""The buy box: which offer a product page shows first, and why the others lost.

Offers compete per product, variant and condition (a used item does not take the box of new
ones). Only live offers take part, and only those in stock that ship to the default destination
(the market's home country, ``vendors.shipping.DEFAULT_DESTINATION``).

Score (lower wins), all integers:

    landed price   = price + shipping of one item to the destination (minor units)
    delivery days  = the offer's handling days + the transit days of the zone serving the
                     destination (vendors/delivery.py: the same figures as "Lieferung bis")
    seller score   = 0..100 from the seller's ratings and scorecard (vendors/seller_score.py)
    score          = landed price x (100 + DAY_PENALTY_PCT x delivery days)
                                  x (100 + (100 - seller score) x SELLER_PENALTY_PCT / 100)

so each day of delivery costs as much as 2 % of the price, and a seller score 10 points lower as
much as 1 %. Ties go to the offer with more stock, then to the older offer. A losing offer gets
reasons in concrete terms: "landed price 2.30 EUR above the winning offer", "delivery 2 days slower".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from marketplace.money import Money
from vendors.delivery import delivery_days
from vendors.seller_score import NEUTRAL_RATING_POINTS
from vendors.shipping import DEFAULT_DESTINATION, ProfileRules, ShippingLine, ShippingUnavailable, shipping_cost

DAY_PENALTY_PCT = 2
SELLER_PENALTY_PCT = 10


@dataclass(frozen=True)
class Candidate:
    offer_id: int
    vendor_id: int
    price: Money
    stock: int
    handling_days: int
    rules: ProfileRules | None
    seller_score: int = NEUTRAL_RATING_POINTS


@dataclass
class Entry:
    offer_id: int
    vendor_id: int
    eligible: bool
    landed_price: Money | None = None
    shipping: Money | None = None  # of one item to the destination
    delivery_days: int | None = None
    seller_score: int = NEUTRAL_RATING_POINTS
    score: int | None = None
    stock: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass
class BuyBox:
    winner: Entry | None
    entries: dict[int, Entry]  # by offer id


def _entry(candidate: Candidate, country: str) -> Entry:
    entry = Entry(
        candidate.offer_id,
        candidate.vendor_id,
        eligible=True,
        stock=candidate.stock,
        seller_score=candidate.seller_score,
        delivery_days=delivery_days(candidate.handling_days, candidate.rules, country),
    )
    if candidate.stock <= 0:
        entry.eligible = False
        entry.reasons.append(_("out of stock"))
    try:
        line = ShippingLine(candidate.price, 1, candidate.rules)
        entry.shipping = shipping_cost(lines=[line], country=country, currency=candidate.price.currency)
        entry.landed_price = candidate.price + entry.shipping
    except ShippingUnavailable:
        entry.eligible = False
        entry.reasons.append(_("does not ship to %(country)s") % {"country": country})
    if entry.eligible:
        entry.score = (
            entry.landed_price.amount
            * (100 + DAY_PENALTY_PCT * entry.delivery_days)
            * (100 * 100 + (100 - entry.seller_score) * SELLER_PENALTY_PCT)
        )
    return entry


def _explain(entry: Entry, winner: Entry) -> list[str]:
    reasons = []
    if entry.landed_price.currency != winner.landed_price.currency:
        return [
            _("priced in %(currency)s; the winning offer is in %(other)s")
            % {"currency": entry.landed_price.currency, "other": winner.landed_price.currency}
        ]
    if entry.landed_price > winner.landed_price:
        reasons.append(
            _("landed price %(difference)s above the winning offer")
            % {"difference": entry.landed_price - winner.landed_price}
        )
    if entry.delivery_days > winner.delivery_days:
        days = entry.delivery_days - winner.delivery_days
        reasons.append(_("delivery %(days)s days slower") % {"days": days} if days != 1 else _("delivery 1 day slower"))
    if entry.seller_score < winner.seller_score:
        reasons.append(
            _("seller score %(score)s below the winner's %(best)s")
            % {"score": entry.seller_score, "best": winner.seller_score}
        )
    if not reasons:
        if entry.score > winner.score:
            reasons.append(_("lower overall score (price, delivery and seller score weighed together)"))
        elif entry.stock < winner.stock:
            reasons.append(_("same score; the offer with more stock (%(stock)s) wins") % {"stock": winner.stock})
        else:
            reasons.append(_("same score and stock; the older offer wins"))
    return reasons


def buy_box(candidates: list[Candidate], *, country: str = DEFAULT_DESTINATION) -> BuyBox:
    """Rank one product's (variant's, condition's) live offers; pure, no database."""
    entries = {c.offer_id: _entry(c, country) for c in candidates}
    eligible = sorted((e for e in entries.values() if e.eligible), key=lambda e: (e.score, -e.stock, e.offer_id))
    winner = eligible[0] if eligible else None
    for entry in eligible[1:]:
        entry.reasons = _explain(entry, winner)
    return BuyBox(winner=winner, entries=entries)


def featured_entry(boxes) -> Entry | None:
    """The one offer a product shows first (product page, cards, search index) among the winners
    of its buy boxes (one per variant and condition): a new item's box before a used one's, then
    the best score. None when nothing of the product can be bought."""
    winners = [box.winner for key, box in sorted(boxes.items(), key=lambda kv: str(kv[0])) if box.winner is not None]
    if not winners:
        return None
    conditions = {id(box.winner): key[-1] for key, box in boxes.items() if box.winner is not None}
    return min(
        winners, key=lambda e: (conditions[id(e)] != "new", e.landed_price.currency, e.score, -e.stock, e.offer_id)
    )
