"""Seller central home: the vendor's offers (searchable, paginated) with inline price and stock
edits, sales chart, survey results.

The inline edit is a plain form posting to ``seller_offer_update`` (full page: redirect back on
success, the page again with the errors on failure). With htmx the form swaps only itself: the
saved values and a confirmation, or the same form with its errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.common.htmx import wants_partial
from frontend.seller import selectors
from frontend.seller.access import owned_with_role, portal_url, seller_page
from frontend.seller.forms.offers import OfferUpdateForm
from frontend.seller.portal import checklist_rows, portal_context
from marketplace.errors import DomainError
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services

OFFER_PAGE_SIZE = 25
SEARCH_MAX = 100

OFFER_STATUS = {
    "draft": (pgettext_lazy("offer status", "Draft"), "neutral"),
    "pending": (pgettext_lazy("offer status", "Pending moderation"), "warning"),
    "live": (pgettext_lazy("offer status", "Live"), "success"),
    "paused": (pgettext_lazy("offer status", "Paused"), "neutral"),
    "suppressed": (pgettext_lazy("offer status", "Suppressed"), "danger"),
    "rejected": (pgettext_lazy("offer status", "Rejected"), "danger"),
}


def _offer_form(offer, data=None) -> OfferUpdateForm:
    return OfferUpdateForm(
        data,
        initial={"price": offer.regular_price.to_decimal(), "stock": offer.stock},  # regular price, also during a sale
        currency=offer.currency,
        prefix=f"offer-{offer.id}",
    )


def _form_html(request, vendor, offer, form, *, saved: bool = False) -> str:
    return render_to_string(
        "seller/_offer_form.html", {"vendor": vendor, "offer": offer, "form": form, "saved": saved}, request=request
    )


def _product_cell(offer):
    product = offer.product
    title = product.display_title
    name = (
        format_html('<a href="{}">{}</a>', reverse("frontend:product", args=[offer.product_id]), title)
        if product.status == "active"
        else format_html("{}", title)
    )
    details = [product.category.name, _("SKU %(sku)s") % {"sku": offer.sku}]
    if product.gtin:
        details.append(_("GTIN %(gtin)s") % {"gtin": product.gtin})
    return format_html('{}<br><span class="small text-body-secondary">{}</span>', name, " · ".join(details))


def _render_dashboard(request, vendor, failed: tuple[int, OfferUpdateForm] | None = None, status: int = 200):
    context = portal_context(request, vendor, "dashboard")
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    page = Paginator(selectors.offer_search(vendor=vendor, query=query), OFFER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for offer in page.object_list:
        label, tone = OFFER_STATUS.get(offer.status, (offer.status, "neutral"))
        row = [_product_cell(offer), {"status": offer.status, "label": label, "tone": tone}]
        if context["can"]["offer_update"]:
            form = failed[1] if failed and failed[0] == offer.id else _offer_form(offer)
            row.append(_form_html(request, vendor, offer, form))
        else:
            row += [offer.price, str(offer.stock)]
        rows.append(row)
    columns = [_("Product"), _("Status")]
    columns += (
        [_("Price and stock")]
        if context["can"]["offer_update"]
        else [("price", _("Price"), True), ("stock", _("Stock"), True)]
    )
    context |= {
        "page": page,
        "query": query,
        "columns": columns,
        "rows": rows,
        "failed_form": failed[1] if failed else None,
        "all_offers_url": portal_url("frontend:seller_dashboard", vendor),
        "new_listing_url": portal_url("frontend:seller_listing_new", vendor),
        "checklist": [] if vendor.can_sell else checklist_rows(vendor, context["can"], context["who_can"]),
        "verification_url": portal_url("frontend:seller_verification", vendor),
    }
    return render(request, "seller/dashboard.html", context, status=status)


@require_GET
@seller_page
def seller_dashboard(request, vendor):
    return _render_dashboard(request, vendor)


def offer_for_update(request, vendor, offer_id: int):
    """``(vendor, offer)`` for a change of one of the vendor's own offers. The offer is looked up
    among the vendor's own before the role is checked: a foreign id is a 404 for everyone."""
    return owned_with_role(
        request, vendor, step="offer_update", lookup=lambda v: vendor_selectors.offer_get(vendor=v, offer_id=offer_id)
    )


def offer_update_from_form(request, vendor, offer, form, fields: tuple[str, ...]) -> bool:
    """Save ``fields`` of a valid ``form`` on the offer (``offer_update``); False when the form is
    invalid or the service refused (its reason then on the form's field)."""
    if not form.is_valid():
        return False
    try:
        vendor_services.offer_update(
            vendor=vendor, actor=request.user, offer_id=offer.id, **{name: form.cleaned_data[name] for name in fields}
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    return True


@require_POST
@seller_page
def seller_offer_update(request, vendor, offer_id: int):
    vendor, offer = offer_for_update(request, vendor, offer_id)
    form = _offer_form(offer, request.POST)
    if offer_update_from_form(request, vendor, offer, form, ("price", "stock")):
        if wants_partial(request):
            offer.refresh_from_db()
            return _partial(request, vendor, offer, _offer_form(offer), saved=True)
        messages.success(request, _("Offer %(id)s updated.") % {"id": offer.id})
        return redirect(f"{reverse('frontend:seller_dashboard')}?vendor={vendor.id}")
    if wants_partial(request):
        # htmx swaps only 2xx answers: the form comes back with its errors (the full page answers 400).
        return _partial(request, vendor, offer, form)
    return _render_dashboard(request, vendor, failed=(offer.id, form), status=400)


def _partial(request, vendor, offer, form, *, saved: bool = False):
    response = HttpResponse(_form_html(request, vendor, offer, form, saved=saved))
    patch_vary_headers(response, ("HX-Request",))
    return response
