"""Shipping per vendor group of a cart: what each seller charges to the destination country,
how far the group is from free shipping, and click-and-collect at the seller's pickup locations.

The cart page and the checkout both call ``cart_shipping`` so the figure the buyer sees is the
figure charged. The rules come from ``vendors.selectors.shipping_rules_for_offers`` (a fixed
number of queries whatever the cart's size) and the arithmetic from ``vendors.shipping.shipping_cost``;
pickup locations through ``vendors.selectors.pickup_location_get`` and ``pickup_locations_for_vendor``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import Money, money_sum
from vendors.models import Offer
from vendors.selectors import PickupPoint, pickup_location_get, pickup_locations_for_vendor, shipping_rules_for_offers
from vendors.shipping import PICKUP, ShippingLine, ShippingUnavailable, shipping_cost


@dataclass(frozen=True)
class FreeShippingProgress:
    """One parcel (shipping profile) of a group and its free-shipping threshold."""

    profile_name: str
    threshold: Money
    subtotal: Money
    missing: Money  # zero once the threshold is reached

    @property
    def reached(self) -> bool:
        return not self.missing


def pickup_snapshot(point: PickupPoint) -> dict:
    """The pickup address as an order keeps it (a copy: the location may change later)."""
    return {
        "pickup_location_id": point.id,
        "name": point.name,
        "street": point.street,
        "postal_code": point.postal_code,
        "city": point.city,
        "country": point.country,
    }


@dataclass
class GroupShipping:
    vendor_id: int
    cost: Money
    pickup: PickupPoint | None = None
    # Set when the seller cannot ship these lines to the destination: the cart says why and
    # checkout refuses.
    unavailable: str = ""
    free_shipping: list[FreeShippingProgress] = field(default_factory=list)
    # Pickup locations where every line of the group may be collected (empty: shipping only).
    pickup_location_ids: frozenset[int] = frozenset()


def pickup_options(*, groups: dict[int, GroupShipping]) -> dict[int, list[PickupPoint]]:
    """Each group's pickup locations where all its lines may be collected (one query a seller
    that offers pickup at all; a cart holds few sellers)."""
    return {
        vendor_id: [point for point in pickup_locations_for_vendor(vendor_id) if point.id in group.pickup_location_ids]
        for vendor_id, group in groups.items()
        if group.pickup_location_ids
    }


def pickup_choice_check(*, choices: dict[int, int], vendor_ids: set[int]) -> dict[int, PickupPoint]:
    """The pickup locations the buyer chose (vendor id -> location id), each one of that vendor's.

    Bad input (400 on ``pickup_locations``), whether the id is unknown or another vendor's: the
    two answers are the same, so ids of other sellers' locations are not confirmed."""
    stray = sorted(set(choices) - vendor_ids)
    if stray:
        raise DomainError(
            _("Your cart has no items from seller %(vendor)s; choose pickup only for sellers in your cart.")
            % {"vendor": stray[0]},
            field="pickup_locations",
        )
    chosen = {}
    for vendor_id, location_id in choices.items():
        try:
            chosen[vendor_id] = pickup_location_get(vendor_id=vendor_id, pickup_location_id=location_id)
        except DomainError:
            raise DomainError(
                _("Pickup location %(location)s is not one of this seller's; choose one the cart lists for it.")
                % {"location": location_id},
                field="pickup_locations",
            ) from None
    return chosen


def cart_shipping(
    *, lines: list[tuple[Offer, int]], country: str, currency: str, pickups: dict[int, PickupPoint] | None = None
) -> dict[int, GroupShipping]:
    """Shipping of each vendor group of ``lines`` (offer, quantity) to ``country``.

    A group collected at a pickup location ships nothing and costs nothing. An offer without a
    shipping profile, whose vendor has no default profile either, ships free: the seller
    included shipping in its price (search treats such offers as free shipping too)."""
    pickups = pickups or {}
    rules = shipping_rules_for_offers(offers=[offer for offer, _quantity in lines])
    groups: dict[int, list[ShippingLine]] = defaultdict(list)
    for offer, quantity in lines:
        groups[offer.vendor_id].append(
            ShippingLine(
                unit_price=offer.price, quantity=quantity, profile=rules.get(offer.id), weight_g=offer.weight_g
            )
        )
    result = {}
    for vendor_id, shipping_lines in groups.items():
        group = GroupShipping(vendor_id=vendor_id, cost=Money.zero(currency), pickup=pickups.get(vendor_id))
        group.pickup_location_ids = frozenset.intersection(
            *(line.profile.pickup_location_ids if line.profile else frozenset() for line in shipping_lines)
        )
        result[vendor_id] = group
        if group.pickup is not None:
            try:
                # Zero, once vendors confirmed these items may be collected there.
                group.cost = shipping_cost(
                    lines=shipping_lines,
                    country=country,
                    currency=currency,
                    delivery=PICKUP,
                    pickup_location_id=group.pickup.id,
                )
            except ShippingUnavailable as exc:
                raise ShippingUnavailable(exc.message, field="pickup_locations") from None
            continue
        try:
            group.cost = shipping_cost(lines=shipping_lines, country=country, currency=currency)
        except ShippingUnavailable as exc:
            group.unavailable = exc.message
        group.free_shipping = _free_shipping_progress(shipping_lines, currency)
    return result


def _free_shipping_progress(lines: list[ShippingLine], currency: str) -> list[FreeShippingProgress]:
    by_profile: dict[int, list[ShippingLine]] = defaultdict(list)
    for line in lines:
        if line.profile is not None and line.profile.free_shipping_threshold is not None:
            by_profile[line.profile.profile_id].append(line)
    progress = []
    for profile_id in sorted(by_profile):
        parcel = by_profile[profile_id]
        profile = parcel[0].profile
        subtotal = money_sum((line.unit_price * line.quantity for line in parcel), currency)
        missing = profile.free_shipping_threshold - subtotal
        progress.append(
            FreeShippingProgress(
                profile_name=profile.name,
                threshold=profile.free_shipping_threshold,
                subtotal=subtotal,
                missing=missing if missing.amount > 0 else Money.zero(currency),
            )
        )
    return progress
