"""``money`` filter: integer minor units + currency, formatted for the active language.

    {{ offer.price|money }}                 a marketplace.money.Money
    {{ line.unit_price_amount|money:line.currency }}   minor units and a currency code

German: "1.234,99 €", English: "€1,234.99". Decimal arithmetic only, never float.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language

from marketplace.money import CURRENCY_EXPONENTS, Money

register = template.Library()

# Currencies written with a symbol; the others are written with their ISO code.
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥"}


def format_money(amount: int, currency: str, language: str | None = None) -> str:
    money = Money(amount, currency)
    exponent = CURRENCY_EXPONENTS[currency]
    value = money.to_decimal()
    number = f"{abs(value):,.{exponent}f}"  # "1,234.99": Decimal formatting is exact
    sign = "-" if value < 0 else ""
    language = language or get_language() or settings.LANGUAGE_CODE
    symbol = SYMBOLS.get(currency)
    if language.startswith("de"):
        number = number.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{sign}{number} {symbol or currency}"
    if symbol:
        return f"{sign}{symbol}{number}"
    return f"{sign}{currency} {number}"


@register.filter
def money(value, currency: str | None = None) -> str:
    if value is None or value == "":
        return ""
    try:
        if isinstance(value, Money):
            return format_money(value.amount, value.currency)
        if isinstance(value, bool) or currency is None:
            return str(value)
        return format_money(int(value), str(currency))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def major_units(value) -> str:
    """A Money as a plain decimal in major units ("19.99"), for form inputs."""
    if isinstance(value, Money):
        return f"{value.to_decimal():.{CURRENCY_EXPONENTS[value.currency]}f}"
    return ""
