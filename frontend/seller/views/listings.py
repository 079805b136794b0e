"""Seller portal: a new listing that matches the shared catalog first (the bulk import is in
views/imports.py). The vendors services do the work (the API calls the same)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.common.errors import add_domain_error
from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.forms.listing_edit import AttributesForm
from frontend.seller.forms.listings import (
    CatalogSearchForm,
    CategoryChoiceForm,
    OfferCreateForm,
    ProductProposeForm,
)
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from marketplace.models import Category
from marketplace.selectors import category_list
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services
from vendors.services.attributes import category_schema
from vendors.services.checks import normalise_gtin

# --- New listing ----------------------------------------------------------------------------


def _catalog_search_form(request) -> CatalogSearchForm:
    """Bound once the vendor searched (``gtin`` or ``q`` sent); ``?vendor=`` alone is a first visit."""
    searched = "gtin" in request.GET or "q" in request.GET
    return CatalogSearchForm(request.GET if searched else None)


def _chosen_category(request):
    """The category chosen for a new product (``?category=``, or the posted one), if it exists."""
    raw = request.POST.get("new-category") if request.method == "POST" else request.GET.get("category", "")
    return Category.objects.filter(id=int(raw)).first() if raw and str(raw).isdigit() else None


def _attributes_form(category, data=None) -> AttributesForm | None:
    if category is None:
        return None
    return AttributesForm(data, schema=category_schema(category), values={}, prefix="new")


def _render_new(
    request, vendor, *, search_form=None, offer_form=None, propose_form=None, attributes_form=None, status: int = 200
):
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
    category = _chosen_category(request)
    categories = category_list()
    context = portal_context(request, vendor, "listings") | {
        "category": category,
        "category_form": CategoryChoiceForm(
            initial={"category": category.id if category else None}, categories=categories
        ),
        "attributes_form": attributes_form or _attributes_form(category),
        "search_form": search_form,
        "searched": search_form.is_bound,
        "matches": rows,
        "offer_form": offer_form,
        "propose_form": propose_form
        or ProductProposeForm(
            categories=categories,
            prefix="new",
            initial={
                "gtin": search_form.data.get("gtin", ""),
                "title": search_form.data.get("q", ""),
                "stock": 1,
                "category": category.id if category else None,
            },
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
        attributes = _attributes_form(_chosen_category(request), request.POST)
        attributes_ok = attributes is None or attributes.is_valid()
        rerender = lambda f: _render_new(request, vendor, propose_form=f, attributes_form=attributes, status=400)  # noqa: E731
        if form.is_valid() and attributes_ok:
            data = form.cleaned_data
            call = dict(
                category_id=data["category"],
                title=data["title"],
                title_en=data["title_en"],
                brand=data["brand"],
                gtin=data["gtin"],
                description=data["description"],
                description_en=data["description_en"],
                attributes=attributes.attributes() if attributes is not None else None,
            )
            return _create(request, vendor, form, data, call, rerender, attributes_form=attributes)
        return rerender(form)
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


def _create(request, vendor, form, data, call: dict, rerender, attributes_form=None):
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
        if attributes_form is not None and (exc.field or "").startswith("attributes."):
            add_domain_error(attributes_form, exc, {exc.field: f"attr_{exc.field[len('attributes.') :]}"})
        else:
            add_domain_error(form, exc)
        return rerender(form)
    if offer.status == offer.Status.PENDING:
        messages.success(request, _("Listing saved. The new product waits for our review; it goes live once approved."))
    else:
        messages.success(request, _("Listing saved: %(title)s is on sale.") % {"title": offer.product.display_title})
    # On to the listing editor: images, attributes and variants come next.
    return redirect(portal_url("frontend:seller_listing_edit", vendor, offer.id))
