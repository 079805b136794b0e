"""Seller central: balance, payouts and the statement download."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend.seller.access import (
    require_step,
    seller_page,
)
from frontend.seller.forms.payouts import StatementForm
from frontend.seller.portal import portal_context
from marketplace.errors import NotFound
from payouts import documents
from payouts.selectors import balances, reports
from payouts.selectors import payouts as payout_selectors
from payouts.selectors.commission_invoices import commission_invoice_list
from payouts.services import commission_invoices


def _render_payouts(request, vendor, statement_form=None, status: int = 200):
    today = timezone.localdate()
    context = portal_context(request, vendor, "payouts") | {
        "balance": balances.vendor_balance_get(vendor=vendor),
        "payouts": Paginator(payout_selectors.payout_list(vendor=vendor), 25).get_page(request.GET.get("page")),
        "statement_form": statement_form
        or StatementForm(initial={"date_from": today.replace(day=1), "date_to": today, "output": "pdf"}),
        "hold_days": settings.MARKETPLACE_PAYOUT_HOLD_DAYS,
        "commission_invoices": Paginator(commission_invoice_list(vendor=vendor), 12).get_page(
            request.GET.get("invoices")
        ),
    }
    return render(request, "seller/payouts.html", context, status=status)


@require_GET
@seller_page
def payouts(request, vendor):
    return _render_payouts(request, require_step(request, vendor, "payouts"))


@require_GET
@seller_page
def statement(request, vendor):
    vendor = require_step(request, vendor, "payouts")
    form = StatementForm(request.GET)
    if not form.is_valid():
        return _render_payouts(request, vendor, statement_form=form, status=400)
    data = form.cleaned_data
    result = reports.vendor_statement(
        vendor=vendor, period_from=data["date_from"], period_to=data["date_to"], currency=settings.MARKETPLACE_CURRENCY
    )
    name = f"statement-{vendor.slug}-{data['date_from']}-{data['date_to']}"
    if data["output"] == "csv":
        response = HttpResponse(documents.statement_csv(result), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(documents.statement_pdf(result), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_GET
@seller_page
def commission_invoice(request, vendor, invoice_id: int):
    """The PDF of one of the vendor's commission invoices (another vendor's is a 404)."""
    vendor = require_step(request, vendor, "payouts")
    try:
        invoice = commission_invoices.commission_invoice_get_for_vendor(vendor=vendor, invoice_id=invoice_id)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(commission_invoices.commission_invoice_pdf(invoice=invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="commission-invoice-{invoice.number}.pdf"'
    return response
