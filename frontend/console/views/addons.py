"""Console report of the add-ons and loyalty: CO2 contributions collected and held, points redeemed
(the platform's cost) and points outstanding. Staff only (common.access.staff_required)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from buyers.addons import selectors
from frontend.common.access import staff_required
from marketplace.money import Money


@staff_required
@require_GET
def console_report(request):
    currency = settings.MARKETPLACE_CURRENCY
    outstanding = selectors.points_outstanding()
    return render(
        request,
        "console/addons.html",
        {
            "section": "addons",
            "rows": selectors.addons_by_month(currency=currency),
            "co2_held": selectors.co2_held(currency=currency),
            "points_outstanding": outstanding,
            "points_outstanding_value": Money(
                outstanding * settings.LOYALTY_POINT_VALUE_MINOR, settings.LOYALTY_CURRENCY
            ),
        },
    )
