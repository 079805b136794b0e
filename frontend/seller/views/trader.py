"""Seller portal: trader data, what the check still misses, self-certification (DSA Art. 30)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.forms.trader import TRADER_FIELDS, StorefrontProfileForm, TraderForm
from frontend.seller.permissions import can
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from vendors.selectors_trader import trader_status
from vendors.services.storefront_profile import vendor_storefront_profile_update
from vendors.services.trader import (
    TraderData,
    vendor_trader_certify,
    vendor_trader_update,
)
from vendors.services.trader_checks import CERTIFICATION_TEXT


def _form(request, vendor, data=None) -> TraderForm:
    """The trader form; the payout IBAN only for the roles that may see it (owner, finance)."""
    form = TraderForm(data) if data is not None else TraderForm.for_vendor(vendor)
    if not can(request.user, vendor)["iban_view"]:
        del form.fields["iban"]
    return form


def _render(
    request,
    vendor,
    form: TraderForm | None = None,
    status: int = 200,
    profile_form: StorefrontProfileForm | None = None,
):
    vendor.refresh_from_db()
    return render(
        request,
        "seller/trader/trader.html",
        portal_context(request, vendor, "trader")
        | {
            "status": trader_status(vendor=vendor),
            "form": form or _form(request, vendor),
            "certification_text": CERTIFICATION_TEXT,
            "documents_url": portal_url("frontend:seller_documents", vendor),
            "profile_form": profile_form or StorefrontProfileForm(initial={"about": vendor.about}),
        },
        status=status,
    )


@require_GET
@seller_page
def trader(request, vendor):
    return _render(request, vendor)


@require_POST
@seller_page
def trader_update(request, vendor):
    vendor = require_step(request, vendor, "trader_update")
    form = _form(request, vendor, request.POST)
    if form.is_valid():
        try:
            # A field the role does not get (the IBAN) stays as it is (None).
            vendor_trader_update(
                vendor=vendor,
                actor=request.user,
                data=TraderData(**{n: form.cleaned_data.get(n) for n in TRADER_FIELDS}),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Trader data saved and checked."))
            return redirect(portal_url("frontend:seller_trader", vendor))
    return _render(request, vendor, form=form, status=400)


@require_POST
@seller_page
def trader_certify(request, vendor):
    vendor = require_step(request, vendor, "trader_update")
    try:
        vendor_trader_certify(vendor=vendor, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Self-certification recorded."))
    return redirect(portal_url("frontend:seller_trader", vendor))


@require_POST
@seller_page
def storefront_profile_update(request, vendor):
    """The seller page's text and logo (same role as the trader data)."""
    vendor = require_step(request, vendor, "trader_update")
    form = StorefrontProfileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            vendor_storefront_profile_update(
                vendor=vendor,
                actor=request.user,
                about=form.cleaned_data["about"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your seller page is saved."))
            return redirect(portal_url("frontend:seller_trader", vendor))
    return _render(request, vendor, status=400, profile_form=form)
