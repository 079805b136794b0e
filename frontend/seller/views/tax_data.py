"""Seller portal: DAC7 tax data (TIN, date of birth, permanent establishments) and the notices of
what the platform will report to the tax authority."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.forms.tax_data import TAX_FIELDS, TaxDataForm
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from payouts.selectors.dac7 import dac7_notices_of
from vendors.services.tax_data import TaxDataIn, is_individual, tax_data_missing, tax_data_of, vendor_tax_data_update


def _render(request, vendor, form: TaxDataForm | None = None, status: int = 200):
    vendor.refresh_from_db()
    data = tax_data_of(vendor)
    return render(
        request,
        "seller/tax_data.html",
        portal_context(request, vendor, "tax_data")
        | {
            "form": form or TaxDataForm.for_data(data),
            "individual": is_individual(vendor),
            "missing": tax_data_missing(vendor),
            "notices": dac7_notices_of(vendor=vendor),
            "trader_url": portal_url("frontend:seller_trader", vendor),
        },
        status=status,
    )


@require_GET
@seller_page
def tax_data(request, vendor):
    vendor = require_step(request, vendor, "tax_data")
    return _render(request, vendor)


@require_POST
@seller_page
def tax_data_update(request, vendor):
    vendor = require_step(request, vendor, "tax_data")
    form = TaxDataForm(request.POST)
    if form.is_valid():
        try:
            vendor_tax_data_update(
                vendor=vendor, actor=request.user, data=TaxDataIn(**{n: form.cleaned_data.get(n) for n in TAX_FIELDS})
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Tax data saved."))
            return redirect(portal_url("frontend:seller_tax_data", vendor))
    return _render(request, vendor, form=form, status=400)
