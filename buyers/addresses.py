"""The buyer's address book: street addresses, parcel lockers (Packstation) and pickup points."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from buyers.models import Address
from marketplace.errors import DomainError, NotFound

# Postal code formats of the countries we ship to; others fall back to a loose check.
POSTAL_CODES = {
    "DE": r"\d{5}",
    "AT": r"\d{4}",
    "CH": r"\d{4}",
    "LI": r"\d{4}",
    "LU": r"\d{4}",
    "NL": r"\d{4} ?[A-Z]{2}",
}
FIELDS = [
    "kind",
    "type",
    "name",
    "company",
    "street",
    "postal_code",
    "city",
    "country",
    "locker_id",
    "carrier_customer_number",
    "pickup_location_id",
    "is_default",
]


def address_list(*, buyer) -> QuerySet[Address]:
    return Address.objects.filter(buyer_id=buyer.pk)


def address_get(*, buyer, address_id: int) -> Address:
    try:
        return address_list(buyer=buyer).get(id=address_id)
    except Address.DoesNotExist:
        raise NotFound(_("No such address."), field="address") from None


def _check(address: Address) -> None:
    countries = settings.MARKETPLACE_SHIPPING_COUNTRIES
    if address.country not in countries:
        raise DomainError(_("We deliver to %(countries)s.") % {"countries": ", ".join(countries)}, field="country")
    pattern = POSTAL_CODES.get(address.country, r"[A-Z0-9 -]{3,10}")
    if not re.fullmatch(pattern, address.postal_code):
        raise DomainError(
            _("This is not a valid postal code for %(country)s.") % {"country": address.country}, field="postal_code"
        )
    if address.type == Address.Type.STREET and not address.street.strip():
        raise DomainError(_("Enter the street and house number."), field="street")
    if address.type == Address.Type.PARCEL_LOCKER:
        if address.kind == Address.Kind.BILLING:
            raise DomainError(_("A parcel locker cannot be a billing address."), field="type")
        if not re.fullmatch(r"\d{3}", address.locker_id):
            raise DomainError(_("Enter the locker's three-digit number (e.g. Packstation 123)."), field="locker_id")
        if not re.fullmatch(r"\d{6,10}", address.carrier_customer_number):
            raise DomainError(
                _("Enter your 6 to 10 digit customer number (DHL Postnummer)."), field="carrier_customer_number"
            )
    if address.type == Address.Type.PICKUP:
        if address.kind == Address.Kind.BILLING:
            raise DomainError(_("A pickup point cannot be a billing address."), field="type")
        if not address.pickup_location_id:
            raise DomainError(_("Choose the vendor's pickup location."), field="pickup_location_id")


@transaction.atomic
def address_create(*, buyer, **fields) -> Address:
    address = Address(buyer=buyer, **{k: v for k, v in fields.items() if k in FIELDS})
    _check(address)
    _save_with_default(address)
    return address


@transaction.atomic
def address_update(*, buyer, address_id: int, **fields) -> Address:
    address = address_get(buyer=buyer, address_id=address_id)
    for field, value in fields.items():
        if field in FIELDS:
            setattr(address, field, value)
    _check(address)
    _save_with_default(address)
    return address


def _save_with_default(address: Address) -> None:
    # At most one default per kind: the new default takes over.
    siblings = Address.objects.filter(buyer_id=address.buyer_id, kind=address.kind).exclude(pk=address.pk)
    if address.is_default:
        siblings.filter(is_default=True).update(is_default=False)
    elif not siblings.exists():
        address.is_default = True  # the first address of a kind is the default
    address.save()


@transaction.atomic
def address_delete(*, buyer, address_id: int) -> None:
    address = address_get(buyer=buyer, address_id=address_id)
    address.delete()
    if address.is_default:
        successor = Address.objects.filter(buyer_id=buyer.pk, kind=address.kind).order_by("id").first()
        if successor:
            successor.is_default = True
            successor.save(update_fields=["is_default"])
