"""Console, receivables of invoice orders: the open invoices with their due dates and dunning
level; the bank page, where statements (CAMT.053 or CSV) are imported, the transfers that
matched nothing are booked by hand or marked to be returned, and refunds due are closed.
Staff only; every rule is in payouts.services.receipts."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.receivables import CreditRefundForm, InvoiceFilterForm, MatchForm, StatementUploadForm
from marketplace.errors import DomainError, NotFound
from marketplace.money import Money
from payouts.selectors import receivables as selectors
from payouts.services import receipts

PAGE_SIZE = 50


def _invoice_status(order, today) -> dict:
    if order.payment_status == "paid":
        return {"status": "paid", "label": pgettext("invoice status", "Paid")}
    if order.status == "cancelled":
        return {"status": "cancelled", "label": _("Cancelled")}
    if order.payment_due_date and order.payment_due_date < today:
        return {"status": "overdue", "label": _("Overdue"), "tone": "danger"}
    if order.received:
        return {"status": "partly_paid", "label": _("Partly paid")}
    return {"status": "open", "label": _("Open")}


@staff_required
@require_GET
def invoices(request):
    form = InvoiceFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(
            request, "console/receivables/invoices.html", {"form": form, "page": None, "rows": []}, status=400
        )
    data = form.cleaned_data if request.GET else {}
    status, query = data.get("status") or "open", data.get("q") or ""
    today = timezone.localdate()
    page = Paginator(selectors.invoice_list(status=status, query=query, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    level_labels = {1: _("Reminder"), 2: _("Second reminder"), 3: _("Handed over to collection")}
    rows = [
        [
            order.number,
            order.email,
            date_format(order.payment_due_date, "SHORT_DATE_FORMAT") if order.payment_due_date else None,
            Money(order.owed, order.currency),
            Money(order.outstanding, order.currency),
            _invoice_status(order, today),
            level_labels.get(order.dunning_level, ""),
        ]
        for order in page
    ]
    columns = [
        _("Order (payment reference)"),
        _("Buyer"),
        _("Due"),
        ("owed", _("Amount owed"), True),
        ("outstanding", _("Outstanding"), True),
        _("Status"),
        _("Dunning"),
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "columns": columns,
        "status": status,
        "query": query,
        "totals": selectors.invoice_totals(today=today),
    }
    return render(request, "console/receivables/invoices.html", context)


def _render_bank(request, *, upload_form=None, failed=None, status: int = 200):
    context = {
        "upload_form": upload_form or StatementUploadForm(),
        "transactions": [
            (
                tx,
                failed[1]
                if failed and failed[0] == ("match", tx.id)
                else MatchForm(
                    prefix=f"tx-{tx.id}",
                    initial={"order_number": tx.suggested_order.number if tx.suggested_order else ""},
                ),
            )
            for tx in selectors.unmatched_transactions()[:200]
        ],
        "credits": [
            (
                item,
                failed[1]
                if failed and failed[0] == ("refund", item.id)
                else CreditRefundForm(prefix=f"credit-{item.id}"),
            )
            for item in selectors.open_credits()[:200]
        ],
        "imports": selectors.recent_imports(),
        "failed_forms": [failed[1]] if failed else [],
    }
    return render(request, "console/receivables/bank.html", context, status=status)


@staff_required
@require_GET
def bank(request):
    return _render_bank(request)


@staff_required
@require_POST
def statement_import(request):
    form = StatementUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > receipts.statement_max_bytes():  # refused before it is read into memory
                raise DomainError(
                    _("The file is larger than %(size)s KiB.") % {"size": receipts.statement_max_bytes() // 1024},
                    field="file",
                )
            result = receipts.statement_import(actor=request.user, filename=upload.name, content=upload.read())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            counts = {
                status: sum(r["status"] == status for r in result.results)
                for status in ("matched", "unmatched", "duplicate", "ignored")
            }
            messages.success(
                request,
                _(
                    "Statement imported: %(matched)s transfers booked to invoices, %(unmatched)s to match by hand, "
                    "%(duplicate)s already known, %(ignored)s outgoing ignored."
                )
                % counts,
            )
            return redirect("frontend:console_receivables_bank")
    return _render_bank(request, upload_form=form, status=400)


@staff_required
@require_POST
def transaction_match(request, transaction_id: int):
    form = MatchForm(request.POST, prefix=f"tx-{transaction_id}")
    if form.is_valid():
        try:
            receipt = receipts.bank_transaction_match(
                actor=request.user, transaction_id=transaction_id, order_number=form.cleaned_data["order_number"]
            )
        except DomainError as exc:
            if isinstance(exc, NotFound) and exc.field == "transaction":
                raise Http404 from None
            add_domain_error(form, exc, {"reference": "order_number"})
        else:
            order = receipt.order
            order.refresh_from_db(fields=["payment_status"])
            if receipt.excess_amount:
                text = _(
                    "Booked to order %(number)s, which is now paid; %(excess)s over-paid is listed as a refund due."
                )
            elif order.payment_status == "paid":
                text = _("Booked to order %(number)s, which is now paid.")
            else:
                text = _("Booked to order %(number)s as a partial payment; %(left)s are still outstanding.")
            messages.success(
                request,
                text
                % {
                    "number": order.number,
                    "excess": Money(receipt.excess_amount, receipt.currency),
                    "left": receipts.invoice_outstanding(order=order),
                },
            )
            return redirect("frontend:console_receivables_bank")
    return _render_bank(request, failed=(("match", transaction_id), form), status=400)


@staff_required
@require_POST
def transaction_return(request, transaction_id: int):
    try:
        item = receipts.bank_transaction_return(actor=request.user, transaction_id=transaction_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(amount)s is listed as a refund due to the sender.") % {"amount": Money(item.amount, item.currency)},
        )
    return redirect(reverse("frontend:console_receivables_bank") + "#refunds-due")


@staff_required
@require_POST
def credit_refund(request, credit_id: int):
    form = CreditRefundForm(request.POST, prefix=f"credit-{credit_id}")
    if form.is_valid():
        try:
            item = receipts.buyer_credit_refund(
                actor=request.user, credit_id=credit_id, refund_reference=form.cleaned_data["refund_reference"]
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The refund of %(amount)s is recorded.") % {"amount": Money(item.amount, item.currency)}
            )
            return redirect("frontend:console_receivables_bank")
    return _render_bank(request, failed=(("refund", credit_id), form), status=400)
