"""Field checks for listings, shared by the API services and the bulk import.

Each raises a DomainError naming the field, saying why and what is allowed, so one row of an
import file and one API call report the same message.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext as _
from stdnum import ean

from marketplace.errors import DomainError, NotFound
from marketplace.money import Money
from vendors.models import Offer, ShippingProfile, Vendor

MAX_STOCK = 1_000_000
MAX_HANDLING_DAYS = 30
MAX_WEIGHT_G = 1_000_000  # 1 t: anything heavier is freight, not parcel shipping
SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


def check_price(price: Money) -> None:
    if price.amount <= 0:
        raise DomainError(_("Price must be greater than zero."), field="price")
    if price.currency not in settings.MARKETPLACE_CURRENCIES:
        allowed = ", ".join(settings.MARKETPLACE_CURRENCIES)
        raise DomainError(
            _("Currency %(currency)s is not accepted; allowed: %(allowed)s.")
            % {"currency": price.currency, "allowed": allowed},
            field="price",
        )


def check_stock(stock: int) -> None:
    if not 0 <= stock <= MAX_STOCK:
        raise DomainError(_("Stock must be between 0 and %(max_stock)s.") % {"max_stock": MAX_STOCK}, field="stock")


def check_handling_days(days: int) -> None:
    if not 0 <= days <= MAX_HANDLING_DAYS:
        raise DomainError(
            _("Handling time must be between 0 and %(max_handling_days)s days.")
            % {"max_handling_days": MAX_HANDLING_DAYS},
            field="handling_days",
        )


def check_return_window(days: int, *, vendor: Vendor | None = None) -> None:
    """Business sellers (and callers that do not say who sells) owe consumers the 14-day right of
    withdrawal: at least 14 days, longer allowed. A private (C2C) seller may also offer none."""
    if vendor is not None and vendor.is_consumer_seller and days == Offer.NO_RETURNS:
        return
    if days < min(Offer.RETURN_WINDOWS):
        *first, last = (str(d) for d in Offer.RETURN_WINDOWS)
        raise DomainError(
            _(
                "Business sellers must give consumers at least 14 days to withdraw from the purchase; return window must be one of %(first)s or %(last)s days."
            )
            % {"first": ", ".join(first), "last": last},
            field="return_window_days",
            code="withdrawal_period_too_short",
        )
    if days not in Offer.RETURN_WINDOWS:
        *first, last = (str(d) for d in Offer.RETURN_WINDOWS)
        raise DomainError(
            _("Return window must be one of %(first)s or %(last)s days.") % {"first": ", ".join(first), "last": last},
            field="return_window_days",
        )


def check_condition(condition: str) -> None:
    if condition not in Offer.Condition.values:
        allowed = ", ".join(Offer.Condition.values)
        raise DomainError(
            _("Unknown condition %(condition)r; allowed: %(allowed)s.") % {"condition": condition, "allowed": allowed},
            field="condition",
        )


def check_weight(weight_g: int | None) -> None:
    if weight_g is not None and not 1 <= weight_g <= MAX_WEIGHT_G:
        raise DomainError(
            _("Weight must be between 1 and %(max_weight_g)s grams.") % {"max_weight_g": MAX_WEIGHT_G}, field="weight_g"
        )


def normalise_sku(sku: str) -> str:
    sku = sku.strip()
    if not SKU_PATTERN.match(sku):
        raise DomainError(
            _("SKU must be 1 to 64 characters: letters, digits and . _ / - (not starting with a symbol)."), field="sku"
        )
    return sku


def normalise_gtin(gtin: str, *, field: str = "gtin") -> str:
    gtin = gtin.strip()
    if not gtin:
        return ""
    if len(ean.compact(gtin)) not in (8, 12, 13, 14) or not ean.is_valid(gtin):
        raise DomainError(
            _("GTIN is not valid: it needs 8, 12, 13 or 14 digits with a correct check digit."), field=field
        )
    return ean.compact(gtin)


def shipping_profile_for_offer(*, vendor: Vendor, profile_id: int | None, currency: str) -> ShippingProfile | None:
    """The vendor's own profile by id (another vendor's is not found), in the offer's currency."""
    if profile_id is None:
        return None
    profile = ShippingProfile.objects.filter(vendor=vendor, id=profile_id).first()
    if profile is None:
        raise NotFound(_("No such shipping profile."), field="shipping_profile")
    if profile.currency != currency:
        raise DomainError(
            _("Shipping profile %(name)r charges in %(currency)s; this offer is priced in %(currency2)s.")
            % {"name": profile.name, "currency": profile.currency, "currency2": currency},
            field="shipping_profile",
        )
    return profile
