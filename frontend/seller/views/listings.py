"""Seller portal: a new listing that matches the shared catalog first, and bulk import with
live progress and the error report. The vendors services do the work (the API calls the same)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import (
    owned_with_role,
    portal_url,
    require_step,
    seller_page,
)
from frontend.seller.forms.listings import (
    CatalogSearchForm,
    ImportUploadForm,
    OfferCreateForm,
    ProductProposeForm,
)
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from marketplace.selectors import category_list
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services
from vendors.models import ImportJob
from vendors.services import imports as import_services
from vendors.services.checks import normalise_gtin

# While an import is being checked or run, its page reloads itself this often (seconds).
IMPORT_REFRESH_SECONDS = 2
IMPORT_BUSY = {
    ImportJob.Status.UPLOADED,
    ImportJob.Status.CHECKING,
    ImportJob.Status.QUEUED,
    ImportJob.Status.IMPORTING,
}
IMPORT_ERRORS_SHOWN = 500


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
    return redirect(portal_url("frontend:seller_dashboard", vendor))


# --- Bulk import ------------------------------------------------------------------------------


def _render_imports(request, vendor, form=None, status: int = 200):
    context = portal_context(request, vendor, "imports") | {
        "form": form or ImportUploadForm(),
        "jobs": vendor_selectors.import_job_list(vendor=vendor)[:20],
    }
    return render(request, "seller/imports.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def imports(request, vendor):
    vendor = require_step(request, vendor, "imports")
    if request.method == "GET":
        return _render_imports(request, vendor)
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            # The check (dry run) is queued on commit; the job page shows its progress.
            job = import_services.import_job_create(vendor=vendor, actor=request.user, upload=form.cleaned_data["file"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect(portal_url("frontend:seller_import", vendor, job.id))
    return _render_imports(request, vendor, form, status=400)


def _import_for_role(request, vendor, job_id: int):
    return owned_with_role(
        request, vendor, step="imports", lookup=lambda v: vendor_selectors.import_job_get(vendor=v, job_id=job_id)
    )


@require_GET
@seller_page
def import_detail(request, vendor, job_id: int):
    vendor, job = _import_for_role(request, vendor, job_id)
    busy = job.status in IMPORT_BUSY
    context = portal_context(request, vendor, "imports") | {
        "job": job,
        "busy": busy,
        "refresh_seconds": IMPORT_REFRESH_SECONDS,
        "row_errors": vendor_selectors.import_row_errors(job=job)[:IMPORT_ERRORS_SHOWN],
        "errors_shown": IMPORT_ERRORS_SHOWN,
    }
    return render(request, "seller/import.html", context)


@require_POST
@seller_page
def import_start(request, vendor, job_id: int):
    vendor, _job = _import_for_role(request, vendor, job_id)
    try:
        import_services.import_job_queue(vendor=vendor, actor=request.user, job_id=job_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Import started; rows with errors are skipped."))
    return redirect(portal_url("frontend:seller_import", vendor, job_id))
