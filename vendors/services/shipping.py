"""Shipping profiles: a vendor's zones and rates, free-shipping threshold, handling time, pickup.

A profile is written as a whole (zones, rates and pickup locations replaced together), so a
reader never sees half of an edit. Every field is checked before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from marketplace.money import Money
from vendors.models import Offer, PickupLocation, ShippingProfile, ShippingRate, ShippingZone, Vendor
from vendors.selectors import shipping_profile_get
from vendors.services.checks import MAX_HANDLING_DAYS, check_price
from vendors.services.events import catalog_product_changed

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_RATE_AMOUNT = 100_000_00  # 100,000.00 in the currency: a typo guard, not a business rule


@dataclass
class RateSpec:
    amount: int
    additional_item_amount: int = 0
    max_weight_g: int | None = None


@dataclass
class ZoneSpec:
    name: str
    countries: list[str]
    rate_kind: str
    rates: list[RateSpec] = field(default_factory=list)
    transit_days: int | None = None


@dataclass
class PickupSpec:
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    opening_hours: dict = field(default_factory=dict)


def _check_country(code: str, *, field_name: str) -> str:
    code = (code or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise DomainError(
            _("%(value)s is not an ISO 3166 two-letter country code (e.g. DE, AT).") % {"value": code or "(empty)"},
            field=field_name,
        )
    return code


def _check_amount(amount: int, *, field_name: str) -> None:
    if not 0 <= amount <= MAX_RATE_AMOUNT:
        raise DomainError(
            _("Amount must be between 0 and %(max_rate_amount)s minor units.") % {"max_rate_amount": MAX_RATE_AMOUNT},
            field=field_name,
        )


def _check_zone(zone: ZoneSpec, index: int, seen: dict[str, int]) -> ZoneSpec:
    where = f"zones[{index}]"
    if not zone.name.strip():
        raise DomainError(_("A zone needs a name."), field=f"{where}.name")
    if not zone.countries:
        raise DomainError(_("A zone needs at least one destination country."), field=f"{where}.countries")
    countries = [_check_country(c, field_name=f"{where}.countries") for c in zone.countries]
    for country in countries:
        if country in seen and seen[country] != index:
            raise DomainError(
                _("%(country)s is already in zone %(seen)s; a country may belong to one zone only.")
                % {"country": country, "seen": seen[country]},
                field=f"{where}.countries",
            )
        seen[country] = index
    if zone.rate_kind not in ShippingZone.RateKind.values:
        allowed = ", ".join(ShippingZone.RateKind.values)
        raise DomainError(
            _("Unknown rate kind %(rate_kind)r; allowed: %(allowed)s.")
            % {"rate_kind": zone.rate_kind, "allowed": allowed},
            field=f"{where}.rate_kind",
        )
    if not zone.rates:
        raise DomainError(_("A zone needs at least one rate."), field=f"{where}.rates")
    for i, rate in enumerate(zone.rates):
        _check_amount(rate.amount, field_name=f"{where}.rates[{i}].amount")
        _check_amount(rate.additional_item_amount, field_name=f"{where}.rates[{i}].additional_item_amount")
    if zone.rate_kind in (ShippingZone.RateKind.FLAT, ShippingZone.RateKind.PER_ITEM) and len(zone.rates) != 1:
        raise DomainError(
            _("A %(rate_kind)s zone has exactly one rate.") % {"rate_kind": zone.rate_kind}, field=f"{where}.rates"
        )
    if zone.rate_kind == ShippingZone.RateKind.WEIGHT:
        limits = [r.max_weight_g for r in zone.rates]
        if None in limits[:-1]:
            raise DomainError(
                _("Only the last weight bracket may be open-ended (no max_weight_g)."), field=f"{where}.rates"
            )
        bounded = [w for w in limits if w is not None]
        if any(w <= 0 for w in bounded) or bounded != sorted(set(bounded)):
            raise DomainError(
                _("Weight brackets need positive max_weight_g values in strictly increasing order."),
                field=f"{where}.rates",
            )
    if zone.transit_days is not None and (
        isinstance(zone.transit_days, bool)
        or not isinstance(zone.transit_days, int)
        or not 0 <= zone.transit_days <= 30
    ):
        raise DomainError(_("Transit days are a whole number from 0 to 30."), field=f"{where}.transit_days")
    return ZoneSpec(
        name=zone.name.strip(),
        countries=countries,
        rate_kind=zone.rate_kind,
        rates=zone.rates,
        transit_days=zone.transit_days,
    )


def _check_opening_hours(hours: dict, *, where: str) -> dict:
    if not isinstance(hours, dict):
        raise DomainError(_("Opening hours are an object of weekdays."), field=f"{where}.opening_hours")
    clean: dict[str, list[list[str]]] = {}
    for day, spans in hours.items():
        if day not in WEEKDAYS:
            raise DomainError(
                _("Unknown weekday %(day)r; use %(weekdays)s.") % {"day": day, "weekdays": ", ".join(WEEKDAYS)},
                field=f"{where}.opening_hours",
            )
        previous_close = ""
        clean[day] = []
        for span in spans or []:
            if not (
                isinstance(span, (list, tuple))
                and len(span) == 2
                and all(isinstance(t, str) and TIME.match(t) for t in span)
            ):
                raise DomainError(
                    _('%(day)s: each span is ["HH:MM", "HH:MM"].') % {"day": day}, field=f"{where}.opening_hours"
                )
            opens, closes = span
            if opens >= closes or opens < previous_close:
                raise DomainError(
                    _("%(day)s: spans must close after they open and not overlap, in order.") % {"day": day},
                    field=f"{where}.opening_hours",
                )
            previous_close = closes
            clean[day].append([opens, closes])
    return clean


def _check_pickup(pickup: PickupSpec, index: int) -> PickupSpec:
    where = f"pickup_locations[{index}]"
    for name in ("name", "street", "postal_code", "city"):
        if not getattr(pickup, name).strip():
            raise DomainError(
                _("A pickup location needs a %(name)s.") % {"name": name.replace("_", " ")}, field=f"{where}.{name}"
            )
    return PickupSpec(
        name=pickup.name.strip(),
        street=pickup.street.strip(),
        postal_code=pickup.postal_code.strip(),
        city=pickup.city.strip(),
        country=_check_country(pickup.country, field_name=f"{where}.country"),
        opening_hours=_check_opening_hours(pickup.opening_hours, where=where),
    )


def shipping_profile_check(
    *,
    name: str,
    currency: str,
    handling_days: int,
    free_shipping_threshold: Money | None,
    zones: list[ZoneSpec],
    pickup_locations: list[PickupSpec],
) -> tuple[list[ZoneSpec], list[PickupSpec]]:
    """Check a whole profile; the cleaned zones and pickups, or a DomainError naming the field."""
    if not name.strip():
        raise DomainError(_("A shipping profile needs a name."), field="name")
    check_price(Money(1, currency))  # the currency must be one offers may use
    if not 0 <= handling_days <= MAX_HANDLING_DAYS:
        raise DomainError(
            _("Handling time must be between 0 and %(max_handling_days)s days.")
            % {"max_handling_days": MAX_HANDLING_DAYS},
            field="handling_days",
        )
    if free_shipping_threshold is not None:
        if free_shipping_threshold.currency != currency:
            raise DomainError(
                _("The threshold must be in the profile's currency %(currency)s.") % {"currency": currency},
                field="free_shipping_threshold",
            )
        if free_shipping_threshold.amount <= 0:
            raise DomainError(
                _("The free-shipping threshold must be greater than zero."), field="free_shipping_threshold"
            )
    if not zones and not pickup_locations:
        raise DomainError(_("A profile needs at least one shipping zone or pickup location."), field="zones")
    seen: dict[str, int] = {}
    clean_zones = [_check_zone(zone, i, seen) for i, zone in enumerate(zones)]
    clean_pickups = [_check_pickup(pickup, i) for i, pickup in enumerate(pickup_locations)]
    names = [pickup.name for pickup in clean_pickups]
    for index, name in enumerate(names):
        if name in names[:index]:
            # The name identifies a location across edits (its id stays, see _write_pickups).
            raise DomainError(
                _("Pickup location %(name)r appears twice; give each location its own name.") % {"name": name},
                field=f"pickup_locations[{index}].name",
            )
    return clean_zones, clean_pickups


def _write_children(profile: ShippingProfile, zones: list[ZoneSpec], pickups: list[PickupSpec]) -> None:
    profile.zones.all().delete()
    for position, spec in enumerate(zones):
        zone = ShippingZone.objects.create(
            profile=profile,
            name=spec.name,
            countries=spec.countries,
            rate_kind=spec.rate_kind,
            position=position,
            transit_days=spec.transit_days,
        )
        ShippingRate.objects.bulk_create(
            ShippingRate(
                zone=zone, amount=r.amount, additional_item_amount=r.additional_item_amount, max_weight_g=r.max_weight_g
            )
            for r in spec.rates
        )
    _write_pickups(profile, pickups)


def _write_pickups(profile: ShippingProfile, pickups: list[PickupSpec]) -> None:
    """Keep a location's row (and id) when its name stays: buyers' address books and orders refer
    to pickup locations by id, so editing opening hours must not turn them into dangling ids."""
    existing = {location.name: location for location in profile.pickup_locations.all()}
    keep = []
    for spec in pickups:
        location = existing.pop(spec.name, None)
        if location is None:
            PickupLocation.objects.create(profile=profile, **spec.__dict__)
            continue
        for name, value in spec.__dict__.items():
            setattr(location, name, value)
        keep.append(location)
    if keep:
        PickupLocation.objects.bulk_update(keep, ["street", "postal_code", "city", "country", "opening_hours"])
    PickupLocation.objects.filter(id__in=[location.id for location in existing.values()]).delete()


def _products_shipped_by(profile: ShippingProfile) -> list[int]:
    """Products whose offers use this profile (directly, or as their vendor's default)."""
    offers = Offer.objects.filter(shipping_profile=profile)
    if profile.is_default:
        offers = offers | Offer.objects.filter(vendor_id=profile.vendor_id, shipping_profile__isnull=True)
    return list(offers.values_list("product_id", flat=True).distinct())


def _save(profile: ShippingProfile, *, is_default: bool) -> None:
    if is_default:
        # One default per vendor (a unique constraint): the new default takes over.
        ShippingProfile.objects.filter(vendor_id=profile.vendor_id, is_default=True).exclude(id=profile.id).update(
            is_default=False
        )
    profile.is_default = is_default
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        raise Conflict(
            _("You already have a shipping profile called %(name)r.") % {"name": profile.name}, field="name"
        ) from None


@transaction.atomic
def shipping_profile_create(
    *,
    vendor: Vendor,
    actor,
    name: str,
    currency: str,
    handling_days: int = 2,
    free_shipping_threshold: Money | None = None,
    is_default: bool = False,
    zones: list[ZoneSpec],
    pickup_locations: list[PickupSpec] | None = None,
) -> ShippingProfile:
    zones, pickups = shipping_profile_check(
        name=name,
        currency=currency,
        handling_days=handling_days,
        free_shipping_threshold=free_shipping_threshold,
        zones=zones,
        pickup_locations=pickup_locations or [],
    )
    # A vendor's first profile is its default, so its offers have shipping costs at once.
    is_default = is_default or not ShippingProfile.objects.filter(vendor=vendor).exists()
    profile = ShippingProfile(
        vendor=vendor,
        name=name.strip(),
        currency=currency,
        handling_days=handling_days,
        free_shipping_threshold_amount=free_shipping_threshold.amount if free_shipping_threshold else None,
    )
    _save(profile, is_default=is_default)
    _write_children(profile, zones, pickups)
    audit_record(actor=actor, action="shipping_profile.created", obj=profile, data={"name": profile.name})
    catalog_product_changed(product_ids=_products_shipped_by(profile))
    return profile


@transaction.atomic
def shipping_profile_update(
    *,
    vendor: Vendor,
    actor,
    profile_id: int,
    name: str,
    handling_days: int,
    free_shipping_threshold: Money | None,
    zones: list[ZoneSpec],
    pickup_locations: list[PickupSpec],
    is_default: bool | None = None,
) -> ShippingProfile:
    """Replace a profile's settings, zones, rates and pickup locations (the currency stays;
    ``is_default`` None keeps it)."""
    profile = shipping_profile_get(vendor=vendor, profile_id=profile_id)
    profile = ShippingProfile.objects.select_for_update().get(id=profile.id)
    zones, pickups = shipping_profile_check(
        name=name,
        currency=profile.currency,
        handling_days=handling_days,
        free_shipping_threshold=free_shipping_threshold,
        zones=zones,
        pickup_locations=pickup_locations,
    )
    if is_default is None:
        is_default = profile.is_default
    if profile.is_default and not is_default:
        raise Conflict(_("Make another profile the default instead; a vendor keeps one default."), field="is_default")
    affected = set(_products_shipped_by(profile))
    profile.name = name.strip()
    profile.handling_days = handling_days
    profile.free_shipping_threshold_amount = free_shipping_threshold.amount if free_shipping_threshold else None
    _save(profile, is_default=is_default)
    _write_children(profile, zones, pickups)
    audit_record(actor=actor, action="shipping_profile.updated", obj=profile, data={"name": profile.name})
    catalog_product_changed(product_ids=affected | set(_products_shipped_by(profile)))
    return profile


@transaction.atomic
def shipping_profile_delete(*, vendor: Vendor, actor, profile_id: int) -> None:
    profile = shipping_profile_get(vendor=vendor, profile_id=profile_id)
    in_use = Offer.objects.filter(shipping_profile=profile).count()
    if in_use:
        raise Conflict(
            _("%(in_use)s of your offers use this profile; move them to another one first.") % {"in_use": in_use},
            field="shipping_profile",
        )
    if profile.is_default and ShippingProfile.objects.filter(vendor=vendor).exclude(id=profile.id).exists():
        raise Conflict(_("Make another profile the default before deleting this one."), field="is_default")
    affected = _products_shipped_by(profile)
    audit_record(actor=actor, action="shipping_profile.deleted", obj=profile, data={"name": profile.name})
    profile.delete()
    catalog_product_changed(product_ids=affected)
