"""Seller central: the money of one order part (owners and finance staff): what the buyer paid,
what the seller is owed, what was transferred and taken back, what is held and why
(``payouts.selectors.order_money``, read from the ledger and the transfer records)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontend.seller.access import owned_with_role, portal_url, seller_page
from frontend.seller.portal import portal_context
from payouts.selectors.order_money import vendor_order_money
from vendors.services import fulfilment


@require_GET
@seller_page
def order_money(request, vendor, vendor_order_id: int):
    vendor, vendor_order = owned_with_role(
        request,
        vendor,
        step="order_money",
        lookup=lambda v: fulfilment.vendor_order_get(vendor=v, vendor_order_id=vendor_order_id),
    )
    context = portal_context(request, vendor, "payouts") | {
        "vendor_order": vendor_order,
        "money": vendor_order_money(vendor_order=vendor_order),
        "payouts_url": portal_url("frontend:seller_payouts", vendor),
    }
    return render(request, "seller/order_money.html", context)
