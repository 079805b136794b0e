"""Seller central home: the vendor's offers with inline price and stock edits, sales chart, survey results."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller import selectors
from frontend.seller.access import not_a_member, requested_vendor_id, seller_page
from frontend.seller.forms.offers import OfferUpdateForm
from marketplace.errors import DomainError, NotFound
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services


def _render_dashboard(request, vendor, failed: tuple[int, OfferUpdateForm] | None = None, status: int = 200):
    offers = []
    for offer in vendor_selectors.offer_list(vendor=vendor):
        if failed and failed[0] == offer.id:
            form = failed[1]
        else:
            form = OfferUpdateForm(
                initial={"price": offer.price.to_decimal(), "stock": offer.stock},
                currency=offer.currency,
                prefix=f"offer-{offer.id}",
            )
        offers.append((offer, form))
    context = {
        "vendor": vendor,
        "role": vendor_selectors.vendor_role(user=request.user, vendor=vendor),
        "offers": offers,
        "memberships": selectors.vendor_memberships(user=request.user),
    }
    return render(request, "seller/dashboard.html", context, status=status)


@require_GET
@seller_page
def seller_dashboard(request, vendor):
    return _render_dashboard(request, vendor)


@login_required
@require_POST
def seller_offer_update(request, offer_id: int):
    vendor_id, malformed = requested_vendor_id(request)
    if malformed:
        return not_a_member(request)
    try:
        vendor = vendor_selectors.vendor_for_user(user=request.user, vendor_id=vendor_id)
        # Look the offer up before checking the role, so a foreign id is a 404 for everyone.
        offer = vendor_selectors.offer_get(vendor=vendor, offer_id=offer_id)
    except NotFound:
        raise Http404 from None
    form = OfferUpdateForm(request.POST, currency=offer.currency, prefix=f"offer-{offer.id}")
    if form.is_valid():
        try:
            vendor = vendor_selectors.vendor_for_user(user=request.user, vendor_id=vendor.id, permission="manage_listings")
            vendor_services.offer_update(
                vendor=vendor,
                actor=request.user,
                offer_id=offer.id,
                price=form.cleaned_data["price"],
                stock=form.cleaned_data["stock"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Offer %(id)s updated.") % {"id": offer.id})
            return redirect(f"{reverse('frontend:seller_dashboard')}?vendor={vendor.id}")
    return _render_dashboard(request, vendor, failed=(offer.id, form), status=400)
