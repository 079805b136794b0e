"""Seller central: the packing slip of an order part (PDF) and shipping many orders at once from
a CSV of tracking numbers (``vendors.services.bulk_shipping``: all rows or none)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontend.common.errors import add_domain_error
from frontend.seller import selectors
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.tracking import TrackingUploadForm
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from vendors.packing_slip import packing_slip_pdf
from vendors.services import fulfilment
from vendors.services.bulk_shipping import vendor_orders_ship_bulk


@require_GET
@seller_page
def packing_slip(request, vendor, vendor_order_id: int):
    vendor, vendor_order = owned_with_role(
        request,
        vendor,
        step="orders",
        lookup=lambda v: fulfilment.vendor_order_get(vendor=v, vendor_order_id=vendor_order_id),
    )
    left = {line.id: n for line, n in selectors.vendor_order_left_to_ship(vendor_order)}
    partial = any(n != line.quantity for line, n in selectors.vendor_order_left_to_ship(vendor_order)) and any(
        left.values()
    )
    pdf = packing_slip_pdf(vendor_order=vendor_order, left_to_ship=left if partial else None)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="packing-slip-{vendor_order.order.number}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@seller_page
def tracking_upload(request, vendor):
    vendor = require_step(request, vendor, "orders")
    form = TrackingUploadForm(request.POST or None, request.FILES or None)
    results, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                shipped, results = vendor_orders_ship_bulk(
                    vendor=vendor, actor=request.user, rows=form.cleaned_data["file"]
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = 400
            else:
                if shipped:
                    messages.success(
                        request,
                        _("%(count)s orders shipped; the buyers get their tracking links.") % {"count": len(results)},
                    )
                    return redirect(portal_url("frontend:seller_orders", vendor))
                status = 400
        else:
            status = 400
    context = portal_context(request, vendor, "orders") | {
        "form": form,
        "results": results,
        "failed": [r for r in results or [] if not r.ok],
        "orders_url": portal_url("frontend:seller_orders", vendor),
    }
    return render(request, "seller/tracking_upload.html", context, status=status)
