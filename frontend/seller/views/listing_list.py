"""Seller portal: the offer list. Search (title, SKU, GTIN), filters (status, stock, buy box won
or lost, failing listing checks), sorting, pagination, inline price and stock edits (the
dashboard's htmx form) and one bulk action for the ticked offers (price, stock, activate, pause)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from frontend.common.templatetags.components import cell_html
from frontend.seller import selectors_listings as selectors
from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.forms.listing_list import BulkActionForm, OfferFilterForm
from frontend.seller.portal import portal_context
from frontend.seller.views.dashboard import OFFER_STATUS, _form_html, _offer_form
from vendors import selectors as vendor_selectors
from vendors.models import Offer
from vendors.services.offers import offer_bulk_apply

PAGE_SIZE = 25
BULK_STATUS = {"activate": Offer.Status.LIVE, "deactivate": Offer.Status.PAUSED}


def _filters(form: OfferFilterForm) -> selectors.OfferFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.OfferFilters(
        query=(data.get("q") or "").strip(),
        status=data.get("status") or "",
        stock=data.get("stock") or "",
        buy_box=data.get("buy_box") or "",
        checks=data.get("checks") or "",
        sort=data.get("sort") or selectors.DEFAULT_SORT,
    )


def _product_cell(vendor, offer):
    product = offer.product
    details = [_("SKU %(sku)s") % {"sku": offer.sku}]
    if offer.variant_id:
        details.append(offer.variant.label)
    if product.gtin:
        details.append(_("GTIN %(gtin)s") % {"gtin": product.gtin})
    return format_html(
        '<a href="{}">{}</a><br><span class="small text-body-secondary">{}</span>',
        portal_url("frontend:seller_listing_edit", vendor, offer.id),
        product.display_title,
        " · ".join(details),
    )


def _select_cell(offer):
    return format_html(
        '<input type="checkbox" class="form-check-input" name="offers" value="{}" form="bulk-form" id="pick-{}">'
        '<label class="visually-hidden" for="pick-{}">{}</label>',
        offer.id,
        offer.id,
        offer.id,
        _("Choose %(title)s") % {"title": offer.product.display_title},
    )


def _buy_box_cell(box):
    if box is None or box.offer.status != Offer.Status.LIVE:
        return {"status": "none", "label": _("Not live"), "tone": "neutral"}
    if box.holds_buy_box:
        return {"status": "won", "label": _("Won"), "tone": "success"}
    reason = "; ".join(box.reasons[:2])
    badge = cell_html({"status": "lost", "label": _("Lost"), "tone": "warning"})
    return format_html('{}<br><span class="small">{}</span>', badge, reason)


def _checks_cell(offer):
    if not offer.check_count:
        return {"status": "ok", "label": _("OK"), "tone": "success"}
    return {
        "status": "failing",
        "label": ngettext("%(n)s failing", "%(n)s failing", offer.check_count) % {"n": offer.check_count},
        "tone": "danger",
    }


def _render(request, vendor, *, bulk_form=None, status: int = 200):
    context = portal_context(request, vendor, "listing_list")
    filter_form = OfferFilterForm(request.GET or None)
    filters = _filters(filter_form)
    page = Paginator(selectors.offer_list_filtered(vendor=vendor, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    offers = list(page.object_list)
    boxes = selectors.offer_buy_box_map(vendor=vendor, offers=offers)
    rows = []
    for offer in offers:
        label, tone = OFFER_STATUS.get(offer.status, (offer.status, "neutral"))
        rows.append(
            [
                _select_cell(offer),
                _product_cell(vendor, offer),
                {"status": offer.status, "label": label, "tone": tone},
                _buy_box_cell(boxes.get(offer.id)),
                _checks_cell(offer),
                _form_html(request, vendor, offer, _offer_form(offer)),
            ]
        )
    filtered = any([filters.query, filters.status, filters.stock, filters.buy_box, filters.checks])
    context |= {
        "filter_form": filter_form if filter_form.is_bound else OfferFilterForm(),
        "bulk_form": bulk_form or BulkActionForm(currency=vendor_currency(vendor)),
        "page": page,
        "columns": [_("Choose"), _("Product"), _("Status"), _("Buy box"), _("Checks"), _("Price and stock")],
        "rows": rows,
        "filtered": filtered,
        "all_url": portal_url("frontend:seller_listings", vendor),
        "new_listing_url": portal_url("frontend:seller_listing_new", vendor),
        "imports_url": portal_url("frontend:seller_imports", vendor),
        "return_query": request.GET.urlencode(),
    }
    return render(request, "seller/listings.html", context, status=status)


def vendor_currency(vendor) -> str:
    return settings.MARKETPLACE_CURRENCY


@require_GET
@seller_page
def listings(request, vendor):
    vendor = require_step(request, vendor, "listing_list")
    return _render(request, vendor)


@require_POST
@seller_page
def listings_bulk(request, vendor):
    vendor = require_step(request, vendor, "listing_list")
    posted = [int(v) for v in request.POST.getlist("offers") if v.isdigit()]
    own = list(vendor_selectors.offer_list(vendor=vendor).filter(id__in=posted).values_list("id", flat=True))
    form = BulkActionForm(request.POST, currency=vendor_currency(vendor), offer_ids=own)
    if not form.is_valid():
        return _render(request, vendor, bulk_form=form, status=400)
    data = form.cleaned_data
    action = data["action"]
    results = offer_bulk_apply(
        vendor=vendor,
        actor=request.user,
        offer_ids=data["offers"],
        price=data["price"] if action == "price" else None,
        stock=data["stock"] if action == "stock" else None,
        status=BULK_STATUS.get(action),
    )
    changed = sum(1 for r in results if r.status == "updated")
    failed = [r for r in results if r.status == "error"]
    messages.success(request, ngettext("%(n)s offer changed.", "%(n)s offers changed.", changed) % {"n": changed})
    for result in failed:
        for problems in result.errors.values():
            messages.error(request, _("Offer %(offer)s: %(problem)s") % {"offer": result.sku, "problem": problems[0]})
    back = QueryDict(request.POST.get("return_query", ""), mutable=True)
    back.pop("vendor", None)
    url = portal_url("frontend:seller_listings", vendor)
    return redirect(f"{url}&{back.urlencode()}" if back else url)
