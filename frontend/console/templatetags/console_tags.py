"""Filters for the operator console's pages."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def bps_percent(value) -> str:
    """Basis points as a percentage for the active language: 1250 -> "12.5" / "12,5"."""
    try:
        percent = Decimal(int(value)).scaleb(-2)
    except (TypeError, ValueError):
        return ""
    percent = percent.quantize(Decimal(1)) if percent == percent.to_integral_value() else percent.normalize()
    return number_format(percent, use_l10n=True)


@register.filter
def percent_text(value) -> str:
    """A stored percentage ("5.00", a Decimal) written for the active language ("5,00" in German)."""
    if value is None or value == "":
        return "–"
    try:
        return number_format(Decimal(str(value)), decimal_pos=2, use_l10n=True)
    except (ArithmeticError, ValueError):
        return str(value)


@register.filter
def join_list(value) -> str:
    """A rule setting for reading: a list as "a, b", anything else as text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
