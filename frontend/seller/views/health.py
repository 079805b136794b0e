"""Seller central: account health (scorecard against the thresholds with its trend, orders past
their ship-by date, the enforcement standing, statements of reasons and what to do next).

Everything comes from ``moderation.selectors_health.vendor_account_health`` (the scorecard
numbers of the seller API and the console)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.portal import portal_context
from moderation.models import VendorStanding
from moderation.selectors_health import vendor_account_health


@require_GET
@seller_page
def health(request, vendor):
    vendor = require_step(request, vendor, "health")
    report = vendor_account_health(vendor=vendor)
    context = portal_context(request, vendor, "health") | {
        "health": report,
        "levels": VendorStanding.Level.values,
        "statements_url": portal_url("frontend:seller_statements", vendor),
        "orders_url": portal_url("frontend:seller_orders", vendor),
    }
    return render(request, "seller/health.html", context)
