"""Fields and conversions the console's forms share."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.money import CURRENCY_EXPONENTS, Money


def decimal_field(**kwargs) -> forms.DecimalField:
    """A number typed the operator's way ("12,50" or "12.50"), with the phone's decimal keyboard."""
    return forms.DecimalField(localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)


def to_money(value: Decimal, currency: str) -> Money:
    """``value`` in major units as Money in ``currency``; a field error if it has more decimal places
    than the currency."""
    try:
        return Money.from_decimal(value, currency)
    except ValueError:
        raise forms.ValidationError(
            _("Amounts in %(currency)s have at most %(places)s decimal places."),
            params={"currency": currency, "places": CURRENCY_EXPONENTS.get(currency, 2)},
        ) from None
