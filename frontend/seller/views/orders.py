"""Seller central: orders to fulfil (accept, ship, mark delivered, cancel).

Every page acts for one vendor (frontend.seller.access.seller_page); objects are looked up
inside that vendor before the role is checked, and the services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller import selectors
from frontend.seller.access import (
    owned_with_role,
    portal_url,
    require_step,
    seller_page,
)
from frontend.seller.forms.orders import ReasonForm, ShipForm
from frontend.seller.portal import one_click_step, portal_context
from marketplace.errors import DomainError
from marketplace.models import VendorOrder
from payouts.selectors.order_money import vendor_order_money
from vendors.services import fulfilment

ORDER_PAGE_SIZE = 25
TO_SHIP = "to_ship"  # the open parts, by ship-by date
OPEN = (VendorOrder.Status.OPEN, VendorOrder.Status.ACCEPTED, VendorOrder.Status.PARTIALLY_SHIPPED)


# --- Orders -------------------------------------------------------------------------------


@require_GET
@seller_page
def orders(request, vendor):
    vendor = require_step(request, vendor, "orders")
    status = request.GET.get("status", "")
    if status not in (*VendorOrder.Status.values, TO_SHIP):
        status = ""
    counts = selectors.vendor_order_status_counts(vendor=vendor)
    if status == TO_SHIP or status in OPEN:
        # Open parts, the most urgent (earliest ship-by date) first.
        rows = selectors.vendor_orders_by_ship_by(vendor=vendor, statuses=OPEN if status == TO_SHIP else (status,))
        page = Paginator(rows, ORDER_PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        queryset = fulfilment.vendor_order_list(vendor=vendor)
        if status:
            queryset = queryset.filter(status=status)
        page = Paginator(queryset, ORDER_PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.with_ship_by(page.object_list)
    context = portal_context(request, vendor, "orders") | {
        "page": page,
        "status": status,
        "statuses": [(value, counts.get(value, 0)) for value in VendorOrder.Status.values],
        "to_ship": sum(counts.get(value, 0) for value in OPEN),
        "total": sum(counts.values()),
        "today": timezone.localdate(),
        "upload_url": portal_url("frontend:seller_tracking_upload", vendor),
    }
    return render(request, "seller/orders.html", context)


def _render_order(request, vendor, vendor_order, *, ship_form=None, cancel_form=None, status: int = 200):
    left = selectors.vendor_order_left_to_ship(vendor_order)
    selectors.with_ship_by([vendor_order])
    context = portal_context(request, vendor, "orders") | {
        "today": timezone.localdate(),
        "vendor_order": vendor_order,
        "left": left,
        "ship_form": ship_form or ShipForm(lines=left, prefix="ship"),
        "cancel_form": cancel_form or ReasonForm(prefix="cancel"),
        "shippable": vendor_order.status in fulfilment.SHIPPABLE and any(n > 0 for _line, n in left),
        "cancellable": vendor_order.status in fulfilment.CANCELLABLE,
    }
    if context["can"]["order_money"]:
        context["money"] = vendor_order_money(vendor_order=vendor_order)
    return render(request, "seller/order.html", context, status=status)


def _order_for_role(request, vendor, vendor_order_id: int):
    return owned_with_role(
        request,
        vendor,
        step="orders",
        lookup=lambda v: fulfilment.vendor_order_get(vendor=v, vendor_order_id=vendor_order_id),
    )


@require_GET
@seller_page
def order(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    return _render_order(request, vendor, vendor_order)


@require_POST
@seller_page
def order_accept(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    return one_click_step(
        request,
        lambda: fulfilment.vendor_order_accept(vendor=vendor, actor=request.user, vendor_order_id=vendor_order.id),
        done=_("Order accepted."),
        back=portal_url("frontend:seller_order", vendor, vendor_order.id),
    )


@require_POST
@seller_page
def order_ship(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    form = ShipForm(request.POST, lines=selectors.vendor_order_left_to_ship(vendor_order), prefix="ship")
    if form.is_valid():
        try:
            fulfilment.vendor_order_ship(
                vendor=vendor,
                actor=request.user,
                vendor_order_id=vendor_order.id,
                carrier=form.cleaned_data["carrier"],
                tracking_number=form.cleaned_data["tracking_number"],
                lines=form.lines(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Shipment recorded; the buyer gets the tracking link."))
            return redirect(portal_url("frontend:seller_order", vendor, vendor_order.id))
    return _render_order(request, vendor, vendor_order, ship_form=form, status=400)


@require_POST
@seller_page
def order_delivered(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    return one_click_step(
        request,
        lambda: fulfilment.vendor_order_mark_delivered(
            vendor=vendor, actor=request.user, vendor_order_id=vendor_order.id
        ),
        done=_("Marked as delivered."),
        back=portal_url("frontend:seller_order", vendor, vendor_order.id),
    )


@require_POST
@seller_page
def order_cancel(request, vendor, vendor_order_id: int):
    vendor, vendor_order = _order_for_role(request, vendor, vendor_order_id)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            fulfilment.vendor_order_cancel(
                vendor=vendor,
                actor=request.user,
                vendor_order_id=vendor_order.id,
                reason=form.cleaned_data["reason"],
                by="vendor",
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Order cancelled; the stock is back and the buyer is refunded."))
            return redirect(portal_url("frontend:seller_order", vendor, vendor_order.id))
    return _render_order(request, vendor, vendor_order, cancel_form=form, status=400)
