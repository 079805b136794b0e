"""Console: a vendor's trader check result (DSA Art. 30), a re-check, and closing the account."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from marketplace.errors import DomainError, NotFound
from vendors import selectors as vendor_selectors
from vendors.selectors_trader import trader_status
from vendors.services.trader import vendor_close, vendor_trader_check


def _vendor(vendor_id: int):
    try:
        return vendor_selectors.operator_vendor_get(vendor_id=vendor_id)
    except NotFound:
        raise Http404 from None


@require_GET
@staff_required
def vendor_trader(request, vendor_id: int):
    vendor = _vendor(vendor_id)
    return render(request, "console/trader.html", {"vendor": vendor, "status": trader_status(vendor=vendor)})


@require_POST
@staff_required
def vendor_trader_recheck(request, vendor_id: int):
    vendor = vendor_trader_check(vendor_id=_vendor(vendor_id).id, actor=request.user, cause="operator")
    messages.success(
        request,
        _("Trader data checked again.") if vendor.trader_ok else _("Trader data checked again: points are missing."),
    )
    return redirect(reverse("frontend:console_vendor_trader", args=[vendor.id]))


@require_POST
@staff_required
def vendor_trader_close(request, vendor_id: int):
    vendor = _vendor(vendor_id)
    try:
        vendor_close(actor=request.user, vendor_id=vendor.id, reason=request.POST.get("reason", "")[:2000])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The seller account is closed; its offers are offline."))
    return redirect(reverse("frontend:console_vendor_trader", args=[vendor.id]))
