"""Shipping per vendor group of a cart: what each seller charges to the destination country,
how far the group is from free shipping, and click-and-collect at the seller's pickup locations.

The cart page and the checkout both call ``cart_shipping`` so the figure the buyer sees is the
figure charged. The rules come from ``vendors.selectors.shipping_rules_for_offers`` (three
queries whatever the cart's size) and the arithmetic from ``vendors.shipping.shipping_cost``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import Money, money_sum
from vendors.models import Offer, PickupLocation
from vendors.selectors import shipping_rules_for_offers
from vendors.shipping import ShippingLine, ShippingUnavailable, shipping_cost


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


@dataclass(frozen=True)
class PickupOption:
    id: int
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    opening_hours: dict

    def as_snapshot(self) -> dict:
        """The pickup address as an order keeps it (a copy: the location may change later)."""
        return {"pickup_location_id": self.id, "name": self.name, "street": self.street, "postal_code": self.postal_code,
                "city": self.city, "country": self.country}


@dataclass
class GroupShipping:
    vendor_id: int
    cost: Money
    pickup: PickupOption | None = None
    # Set when the seller cannot ship these lines to the destination: the cart says why and
    # checkout refuses.
    unavailable: str = ""
    free_shipping: list[FreeShippingProgress] = field(default_factory=list)


def pickup_options(*, vendor_ids: Iterable[int]) -> dict[int, list[PickupOption]]:
    """Each vendor's pickup locations (one query).

    Queried here, scoped by the vendor in the query, because vendors has no pickup selector yet
    (``pickup_location_get`` is being added there); switch to it once it lands."""
    options: dict[int, list[PickupOption]] = defaultdict(list)
    rows = PickupLocation.objects.filter(profile__vendor_id__in=set(vendor_ids)).select_related("profile").order_by("name", "id")
    for row in rows:
        options[row.profile.vendor_id].append(PickupOption(
            id=row.id, name=row.name, street=row.street, postal_code=row.postal_code, city=row.city, country=row.country,
            opening_hours=row.opening_hours,
        ))
    return options


def pickup_choice_check(*, choices: dict[int, int], vendor_ids: set[int]) -> dict[int, PickupOption]:
    """The pickup locations the buyer chose (vendor id -> location id), each one of that vendor's.

    A location of another vendor is answered exactly like one that does not exist."""
    stray = sorted(set(choices) - vendor_ids)
    if stray:
        raise DomainError(_("Your cart has no items from seller %(vendor)s; choose pickup only for sellers in your cart.")
                          % {"vendor": stray[0]}, field="pickup_locations")
    options = pickup_options(vendor_ids=choices)
    chosen = {}
    for vendor_id, location_id in choices.items():
        match = next((option for option in options.get(vendor_id, []) if option.id == location_id), None)
        if match is None:
            raise DomainError(_("Pickup location %(location)s is not one of this seller's; choose one the cart lists for it.")
                              % {"location": location_id}, field="pickup_locations")
        chosen[vendor_id] = match
    return chosen


def cart_shipping(
    *, lines: list[tuple[Offer, int]], country: str, currency: str, pickups: dict[int, PickupOption] | None = None
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
            ShippingLine(unit_price=offer.price, quantity=quantity, profile=rules.get(offer.id), weight_g=offer.weight_g)
        )
    result = {}
    for vendor_id, shipping_lines in groups.items():
        group = GroupShipping(vendor_id=vendor_id, cost=Money.zero(currency), pickup=pickups.get(vendor_id))
        result[vendor_id] = group
        if group.pickup is not None:
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
        progress.append(FreeShippingProgress(
            profile_name=profile.name, threshold=profile.free_shipping_threshold, subtotal=subtotal,
            missing=missing if missing.amount > 0 else Money.zero(currency),
        ))
    return progress
