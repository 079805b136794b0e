"""Seller central: the buy box of each offer (won or lost, and why) and the simulator.

The list reads ``vendors.selectors.offer_buy_box_status`` (the seller API's figures); the simulator
weighs a tried price and handling time with the product page's own rule
(``vendors.selectors_buy_box.offer_buy_box_simulate``); "set this price" is the dashboard's offer
update (``offer_for_update``, ``offer_update_from_form``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.common.templatetags.money import format_money
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.buybox import BuyBoxSimulateForm
from frontend.seller.portal import portal_context
from frontend.seller.views.dashboard import offer_for_update, offer_update_from_form
from marketplace.errors import DomainError
from vendors import selectors as vendor_selectors
from vendors.selectors_buy_box import offer_buy_box_simulate

PAGE_SIZE = 25


@require_GET
@seller_page
def buy_box(request, vendor):
    vendor = require_step(request, vendor, "buybox")
    won = request.GET.get("won", "")
    page = Paginator(vendor_selectors.offer_list(vendor=vendor), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = vendor_selectors.offer_buy_box_status(vendor=vendor, offers=page.object_list)
    context = portal_context(request, vendor, "buybox") | {
        "page": page,
        "rows": rows,
        "won": won,
        "lost_count": sum(1 for row in rows if not row.holds_buy_box),
    }
    return render(request, "seller/buybox.html", context)


def _form(offer, data=None, *, initial=None):
    return BuyBoxSimulateForm(
        data,
        initial=initial or {"price": offer.price.to_decimal(), "handling_days": offer.handling_days},
        currency=offer.currency,
    )


def _render_offer(request, vendor, offer, form, *, status=200):
    simulation = None
    if form.is_bound and form.is_valid():
        try:
            simulation = offer_buy_box_simulate(
                vendor=vendor,
                offer_id=offer.id,
                price=form.cleaned_data["price"],
                handling_days=form.cleaned_data["handling_days"],
            )
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            add_domain_error(form, exc)
            status = 400
    elif form.is_bound:
        status = 400
    current = vendor_selectors.offer_buy_box_status(vendor=vendor, offers=[offer])[0]
    context = portal_context(request, vendor, "buybox") | {
        "offer": offer,
        "current": current,
        "form": form,
        "simulation": simulation,
        "back_url": portal_url("frontend:seller_buy_box", vendor),
    }
    return render(request, "seller/buybox_offer.html", context, status=status)


@require_GET
@seller_page
def buy_box_offer(request, vendor, offer_id: int):
    vendor, offer = owned_with_role(
        request, vendor, step="buybox", lookup=lambda v: vendor_selectors.offer_get(vendor=v, offer_id=offer_id)
    )
    tried = "price" in request.GET or "handling_days" in request.GET
    return _render_offer(request, vendor, offer, _form(offer, request.GET if tried else None))


@require_POST
@seller_page
def buy_box_apply(request, vendor, offer_id: int):
    """Set the tried price and handling time on the offer (the dashboard's offer update)."""
    vendor, offer = offer_for_update(request, vendor, offer_id)
    form = _form(offer, request.POST)
    if offer_update_from_form(request, vendor, offer, form, ("price", "handling_days")):
        messages.success(
            request,
            _("Offer %(sku)s now costs %(price)s with %(days)s days handling time.")
            % {
                "sku": offer.sku,
                "price": format_money(form.cleaned_data["price"].amount, offer.currency),
                "days": form.cleaned_data["handling_days"],
            },
        )
        return redirect(portal_url("frontend:seller_buy_box_offer", vendor, offer.id))
    return _render_offer(request, vendor, offer, form, status=400)
