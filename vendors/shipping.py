"""Shipping cost of one vendor's cart group: a pure function over plain rule objects.

The rules are loaded from the database once (``vendors.selectors.shipping_rules_for_offers``)
and handed in, so the cart, the checkout and the buy box compute the same figure without a
query per line, and tests can state a case without a database.

How a group is charged:
1. Lines are grouped by their shipping profile; each profile is one parcel, charged on its own
   (a vendor may ship bulky goods by freight and small ones as a letter), the group pays the sum.
2. A profile's parcel is free when the items' subtotal reaches its free-shipping threshold.
3. Otherwise the first zone (by position) listing the destination country decides:
   flat = one amount per parcel; per item = first item's amount + each further item's
   ``additional_item_amount``; by weight = the lightest bracket whose ``max_weight_g`` holds the
   parcel's weight (sum of weight x quantity). A line without a weight counts as the heaviest
   bracket, so a missing weight never undercharges the vendor's real cost.
4. A line whose offer has no profile (and its vendor no default one) ships free: the vendor
   included shipping in the price.
A country no zone serves, or a parcel heavier than every bracket, raises ShippingUnavailable.

Click and collect (``delivery=PICKUP``) costs nothing: the buyer fetches the parcel. It is possible
only when every line's profile has a pickup location (and, when the buyer chose one, that very
location), otherwise ShippingUnavailable on field ``pickup_location``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import Money

FLAT, PER_ITEM, WEIGHT = "flat", "per_item", "weight"
SHIP, PICKUP = "ship", "pickup"  # delivery choices
DEFAULT_DESTINATION = "DE"  # the market's home country: buy box and "shipping from" figures


class ShippingUnavailable(DomainError):
    default_code = "shipping_unavailable"


@dataclass(frozen=True)
class RateRule:
    amount: int
    additional_item_amount: int = 0
    max_weight_g: int | None = None


@dataclass(frozen=True)
class ZoneRule:
    name: str
    countries: frozenset[str]
    rate_kind: str
    rates: tuple[RateRule, ...]  # by weight: ordered by max_weight_g, None (any weight) last
    transit_days: int | None = None  # business days in transit; None: vendors.delivery's default


@dataclass(frozen=True)
class ProfileRules:
    profile_id: int
    name: str
    currency: str
    handling_days: int
    free_shipping_threshold: Money | None
    zones: tuple[ZoneRule, ...]
    pickup_location_ids: frozenset[int] = frozenset()  # click and collect; empty: shipping only

    def zone_for(self, country: str) -> ZoneRule | None:
        return next((zone for zone in self.zones if country in zone.countries), None)


@dataclass(frozen=True)
class ShippingLine:
    unit_price: Money
    quantity: int
    profile: ProfileRules | None
    weight_g: int | None = None


def _zone_cost(zone: ZoneRule, lines: Sequence[ShippingLine], currency: str) -> Money:
    if not zone.rates:
        raise ShippingUnavailable(_("Shipping zone %(name)r has no rates.") % {"name": zone.name}, field="country")
    if zone.rate_kind == FLAT:
        return Money(zone.rates[0].amount, currency)
    if zone.rate_kind == PER_ITEM:
        items = sum(line.quantity for line in lines)
        rate = zone.rates[0]
        return Money(rate.amount + rate.additional_item_amount * (items - 1), currency)
    if zone.rate_kind == WEIGHT:
        if any(line.weight_g is None for line in lines):
            return Money(zone.rates[-1].amount, currency)
        weight = sum(line.weight_g * line.quantity for line in lines)
        for rate in zone.rates:
            if rate.max_weight_g is None or weight <= rate.max_weight_g:
                return Money(rate.amount, currency)
        raise ShippingUnavailable(
            _("The parcel weighs %(weight)s g, more than the %(max_weight_g)s g this seller ships to %(name)s.")
            % {"weight": weight, "max_weight_g": zone.rates[-1].max_weight_g, "name": zone.name},
            field="weight",
        )
    raise ValueError(f"unknown rate kind {zone.rate_kind!r}")


def _check_pickup(lines: Sequence[ShippingLine], pickup_location_id: int | None) -> None:
    for line in lines:
        profile = line.profile
        if profile is None or not profile.pickup_location_ids:
            raise ShippingUnavailable(
                _("This seller offers no pickup for these items; choose shipping."), field="pickup_location"
            )
        if pickup_location_id is not None and pickup_location_id not in profile.pickup_location_ids:
            raise ShippingUnavailable(
                _("These items cannot be collected at the chosen pickup location; choose another one or shipping."),
                field="pickup_location",
            )


def shipping_cost(
    *,
    lines: Sequence[ShippingLine],
    country: str,
    currency: str,
    delivery: str = SHIP,
    pickup_location_id: int | None = None,
) -> Money:
    """What one vendor charges to ship ``lines`` to ``country`` (ISO alpha-2), in ``currency``;
    zero for click and collect (``delivery=PICKUP``, optionally at ``pickup_location_id``)."""
    if any(line.quantity < 1 for line in lines):
        raise ValueError("shipping lines need a quantity of at least 1")
    if delivery == PICKUP:
        _check_pickup(lines, pickup_location_id)
        return Money.zero(currency)
    if delivery != SHIP:
        raise DomainError(
            _("Unknown delivery %(delivery)r; allowed: %(allowed)s.")
            % {"delivery": delivery, "allowed": f"{SHIP}, {PICKUP}"},
            field="delivery",
        )
    by_profile: dict[int, list[ShippingLine]] = defaultdict(list)
    profiles: dict[int, ProfileRules] = {}
    for line in lines:
        if line.profile is not None:
            by_profile[line.profile.profile_id].append(line)
            profiles[line.profile.profile_id] = line.profile
    total = Money.zero(currency)
    for profile_id in sorted(by_profile):
        profile, parcel = profiles[profile_id], by_profile[profile_id]
        subtotal = Money.zero(currency)
        for line in parcel:
            subtotal += line.unit_price * line.quantity
        threshold = profile.free_shipping_threshold
        if threshold is not None and subtotal >= threshold:
            continue
        zone = profile.zone_for(country)
        if zone is None:
            raise ShippingUnavailable(
                _("This seller does not ship to %(country)s.") % {"country": country}, field="country"
            )
        total += _zone_cost(zone, parcel, profile.currency)
    return total
