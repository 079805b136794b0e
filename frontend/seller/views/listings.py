"""Seller portal: a new listing that matches the shared catalog first (the bulk import is in
views/imports.py). The vendors services do the work (the API calls the same)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.common.errors import add_domain_error
from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.forms.listings import (
    CatalogSearchForm,
    OfferCreateForm,
    ProductProposeForm,
)
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from marketplace.selectors import category_list
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services
from vendors.services.checks import normalise_gtin

# --- New listing ----------------------------------------------------------------------------


def _catalog_search_form(request) -> CatalogSearchForm:
    """Bound once the vendor searched (``gtin`` or ``q`` sent); ``?vendor=`` alone is a first visit."""
    searched = "gtin" in request.GET or "q" in request.GET
    return CatalogSearchForm(request.GET if searched else None)


def _render_new(request, vendor, *, search_form=None, offer_form=None, propose_form=None, status: int = 200):
    search_form = search_form or _catalog_search_form(request)
    matches = []
    if search_form.is_bound and search_form.is_valid():
        data = search_form.cleaned_data
        try:
            gtin = normalise_gtin(data["gtin"]) if data["gtin"] else ""
        except DomainError as exc:
            add_domain_error(search_form, exc)
            status = 400
        else:
            matches = vendor_selectors.catalog_search(vendor=vendor, gtin=gtin, query=data["q"])
    failed_product = offer_form.data.get("product") if offer_form is not None else None
    rows = [
        (
            product,
            offer_form
            if failed_product == str(product.id)
            else OfferCreateForm(initial={"product": product.id, "stock": 1}, prefix=f"offer-{product.id}"),
        )
        for product in matches
    ]
    context = portal_context(request, vendor, "listings") | {
        "search_form": search_form,
        "searched": search_form.is_bound,
        "matches": rows,
        "offer_form": offer_form,
        "propose_form": propose_form
        or ProductProposeForm(
            categories=category_list(),
            prefix="new",
            initial={"gtin": search_form.data.get("gtin", ""), "title": search_form.data.get("q", ""), "stock": 1},
        ),
    }
    return render(request, "seller/listing_new.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def listing_new(request, vendor):
    vendor = require_step(request, vendor, "listings")
    if request.method == "GET":
        search_form = _catalog_search_form(request)
        return _render_new(request, vendor, search_form=search_form, status=400 if search_form.errors else 200)
    if "new-title" in request.POST:
        form = ProductProposeForm(request.POST, categories=category_list(), prefix="new")
        if form.is_valid():
            data = form.cleaned_data
            call = dict(
                category_id=data["category"],
                title=data["title"],
                brand=data["brand"],
                gtin=data["gtin"],
                description=data["description"],
            )
            return _create(
                request, vendor, form, data, call, lambda f: _render_new(request, vendor, propose_form=f, status=400)
            )
        return _render_new(request, vendor, propose_form=form, status=400)
    product_id = request.POST.get("product", "")
    form = OfferCreateForm(request.POST, prefix=f"offer-{product_id}" if product_id.isdigit() else None)
    if form.is_valid():
        # The product is looked up among the ones this vendor may list (a foreign proposal is a 404).
        product = vendor_selectors.listable_product_get(vendor=vendor, product_id=form.cleaned_data["product"])
        return _create(
            request,
            vendor,
            form,
            form.cleaned_data,
            {"product_id": product.id},
            lambda f: _render_new(request, vendor, offer_form=f, status=400),
        )
    return _render_new(request, vendor, offer_form=form, status=400)


def _create(request, vendor, form, data, call: dict, rerender):
    try:
        offer = vendor_services.listing_create(
            vendor=vendor,
            actor=request.user,
            price=data["price"],
            stock=data["stock"],
            condition=data["condition"],
            **call,
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return rerender(form)
    if offer.status == offer.Status.PENDING:
        messages.success(request, _("Listing saved. The new product waits for our review; it goes live once approved."))
    else:
        messages.success(request, _("Listing saved: %(title)s is on sale.") % {"title": offer.product.display_title})
    # On to the listing editor: images, attributes and variants come next.
    return redirect(portal_url("frontend:seller_listing_edit", vendor, offer.id))
