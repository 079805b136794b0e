"""Checkout add-ons: the CO2 compensation contribution (service offers: see service_offers.py)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import Money


def co2_contribution_quote(*, currency: str, shipments: int) -> Money:
    """The buyer's CO2 contribution: a fixed amount per parcel shipped (collected parts ship
    nothing). The amount is configured in the shop currency; other currencies are refused."""
    if currency != settings.ADDONS_CO2_CURRENCY:
        raise DomainError(
            _("CO2 compensation is offered for orders in %(currency)s only.")
            % {"currency": settings.ADDONS_CO2_CURRENCY},
            field="co2_compensation",
        )
    return Money(settings.ADDONS_CO2_PER_SHIPMENT * max(0, shipments), currency)
