"""The delivery promise: "Lieferung bis <Datum>" for an offer, a cart part or an order part.

    ship by  = the order day + handling days, in business days (the ship-by date moderation
               enforces: ``moderation.holidays``, German public holidays, weekends off)
    deliver  = ship by + the transit days of the shipping zone serving the destination, again in
               business days (carriers do not deliver on Sundays and public holidays)

An order placed on a weekend or holiday counts from the next business day. A zone without its own
transit time takes 1 day in the home country and 3 abroad. Pure functions over plain rule objects
(``vendors.shipping.ProfileRules``), so the product page, the cart, the checkout and the buy box
promise the same date.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from moderation.holidays import add_business_days
from vendors.shipping import DEFAULT_DESTINATION, ProfileRules

TRANSIT_DAYS_HOME = 1
TRANSIT_DAYS_ABROAD = 3


def transit_days(rules: ProfileRules | None, country: str) -> int:
    """Business days in transit to ``country``: the serving zone's own figure, else the default."""
    zone = rules.zone_for(country) if rules is not None else None
    if zone is not None and zone.transit_days is not None:
        return zone.transit_days
    return TRANSIT_DAYS_HOME if country == DEFAULT_DESTINATION else TRANSIT_DAYS_ABROAD


def delivery_days(handling_days: int, rules: ProfileRules | None, country: str) -> int:
    """Business days from order to delivery (the buy box weighs these)."""
    return max(0, handling_days) + transit_days(rules, country)


def delivery_date(handling_days: int, rules: ProfileRules | None, country: str, *, today: date | None = None) -> date:
    """The latest day the parcel should arrive when ordered ``today`` (shop time zone)."""
    ordered = today or timezone.localdate()
    ship_by = add_business_days(ordered, max(0, handling_days))
    return add_business_days(ship_by, transit_days(rules, country))
