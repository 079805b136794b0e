"""Loyalty and add-on blocks for pages other features own: one line each on the cart's checkout
form (``{% loyalty_checkout_options %}``) and the account page (``{% loyalty_account_section %}``)."""

from django import template
from django.conf import settings

from buyers.loyalty import selectors
from marketplace.money import Money

register = template.Library()


@register.inclusion_tag("storefront/loyalty/checkout_options.html", takes_context=True)
def loyalty_checkout_options(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    posted = request.POST if request is not None and request.method == "POST" else {}
    balance = selectors.points_balance(user=user) if user is not None and user.is_authenticated else 0
    return {
        "balance": balance,
        "balance_value": Money(balance * settings.LOYALTY_POINT_VALUE_MINOR, settings.LOYALTY_CURRENCY),
        "co2_per_shipment": Money(settings.ADDONS_CO2_PER_SHIPMENT, settings.ADDONS_CO2_CURRENCY),
        "bundle_bonus": settings.LOYALTY_BUNDLE_BONUS,
        "points_value": posted.get("points", ""),
        "bundle_checked": bool(posted.get("bundle_shipments")),
        "co2_checked": bool(posted.get("co2_compensation")),
    }


@register.inclusion_tag("storefront/loyalty/account_section.html", takes_context=True)
def loyalty_account_section(context):
    request = context.get("request")
    user = request.user
    account = selectors.loyalty_account_find(user=user)
    balance = selectors.points_balance(user=user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "balance": balance,
        "balance_value": Money(balance * settings.LOYALTY_POINT_VALUE_MINOR, settings.LOYALTY_CURRENCY),
        "entries": list(selectors.points_journal(user=user)[:20]),
        "referral_code": account.referral_code if account else "",
        "referred": selectors.referral_of(user=user) is not None,
        "referral_bonus": settings.LOYALTY_REFERRAL_BONUS,
        "referral_error": getattr(request, "referral_error", ""),
    }
