"""Console: the search box (orders, buyers, vendors, products, offers) and the order page with
everything that happened to an order, refunding one line in part and internal notes. The reads
come from the apps' selectors, the writes from payouts.services.refunds and marketplace.order_notes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from buyers import selectors as buyer_selectors
from buyers.messaging import selectors as messaging_selectors
from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.common.labels import label as choice_label
from frontend.common.templatetags.money import format_money
from frontend.console.forms.orders import LineRefundForm, OrderNoteForm, SearchForm
from marketplace import selectors as kernel
from marketplace.errors import DomainError, NotFound
from marketplace.money import Money
from marketplace.order_notes import order_note_add
from payouts.selectors import orders as money_selectors
from payouts.services.refunds import RefundLineRequest, refund_create
from vendors import selectors as vendor_selectors

# --- Search -------------------------------------------------------------------------------


@staff_required
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = None
    if query:
        buyers = list(buyer_selectors.operator_buyer_search(query=query))
        results = {
            "orders": list(kernel.order_search(query=query)),
            "buyers": [(buyer, list(buyer_selectors.orders_of_buyer(buyer=buyer, limit=5))) for buyer in buyers],
            "vendors": list(vendor_selectors.operator_vendor_search(query=query)),
            "products": list(vendor_selectors.operator_product_search(query=query)),
            "offers": list(vendor_selectors.operator_offer_search(query=query)),
        }
        # One order found by its number: go straight to it.
        if len(results["orders"]) == 1 and results["orders"][0].number.lower() == query.lower():
            return redirect("frontend:console_order", number=results["orders"][0].number)
    context = {
        "form": form,
        "query": query,
        "results": results,
        "found": any(results.values()) if results else False,
        "section": "search",
    }
    return render(request, "console/search.html", context, status=200 if form.is_valid() or not request.GET else 400)


# --- Order page -----------------------------------------------------------------------------


def _order(number: str):
    try:
        return kernel.order_get_for_operator(number=number)
    except NotFound:
        raise Http404 from None


def _when(value) -> str:
    return date_format(localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def _payment_status_label(status: str) -> str:
    return {"pending": _("Not paid yet"), "paid": _("Paid"), "failed": _("Payment failed")}.get(status, status)


def _refund_status_label(status: str) -> str:
    return {
        "pending": _("Sent to the card provider"),
        "succeeded": pgettext("refund", "Done"),
        "failed": _("Failed"),
    }.get(status, status)


def _tables(*, order, parts, refundable, refunds, journal, trail, claims, receipts) -> dict:
    """Rows for the page's data tables (the cells the design system's data_table draws)."""
    currency = order.currency
    return {
        "part_columns": [
            ("seller", _("Seller")),
            ("status", _("Status")),
            ("items", _("Items"), True),
            ("shipping", _("Shipping"), True),
            ("commission", _("Commission"), True),
            ("payable", _("Payable to the seller"), True),
        ],
        "part_rows": [
            {
                "seller": {
                    "text": part.vendor.name,
                    "url": reverse_console("console_vendor", vendor_id=part.vendor_id),
                },
                "status": {"status": part.status, "kind": "vendor_order_status"},
                "items": Money(part.items_amount - part.discount_amount, currency),
                "shipping": Money(part.shipping_amount, currency),
                "commission": Money(part.commission_amount + part.commission_vat_amount, currency),
                "payable": Money(part.payable_amount, currency),
            }
            for part in parts
        ],
        "line_columns": [
            ("title", _("Item")),
            ("seller", _("Seller")),
            ("quantity", _("Quantity"), True),
            ("paid", _("Paid"), True),
            ("refunded", _("Refunded"), True),
            ("left", _("Left to refund"), True),
        ],
        "line_rows": [
            {
                "title": row.line.product_title,
                "seller": row.line.vendor_order.vendor.name,
                "quantity": row.line.quantity,
                "paid": row.paid,
                "refunded": row.refunded,
                "left": row.left,
            }
            for row in refundable
        ],
        "receipt_columns": [
            ("received_on", _("Received on")),
            ("amount", _("Amount"), True),
            ("reference", _("Bank reference")),
        ],
        "receipt_rows": [
            {
                "received_on": date_format(r.received_on, "SHORT_DATE_FORMAT"),
                "amount": Money(r.amount, r.currency),
                "reference": r.bank_reference,
            }
            for r in receipts
        ],
        "refund_columns": [
            ("when", _("Date")),
            ("seller", _("Seller")),
            ("amount", _("Amount"), True),
            ("status", _("Status")),
            ("lines", _("Lines")),
            ("reason", _("Reason")),
            ("by", _("By")),
        ],
        "refund_rows": [
            {
                "when": _when(refund.created_at),
                "seller": refund.vendor_order.vendor.name,
                "amount": Money(refund.amount, refund.currency),
                "status": {
                    "status": "completed" if refund.status == "succeeded" else refund.status,
                    "label": _refund_status_label(refund.status),
                },
                "lines": ", ".join(
                    f"{line.order_line.product_title}: {format_money(line.amount, refund.currency)}"
                    for line in refund.lines.all()
                )
                or _("shipping only"),
                "reason": refund.reason,
                "by": refund.created_by.email if refund.created_by else _("Stripe / system"),
            }
            for refund in refunds
        ],
        "journal_columns": [
            ("when", _("Date")),
            ("kind", _("Entry")),
            ("lines", _("Accounts (debit +, credit −)")),
            ("memo", _("Memo")),
        ],
        "journal_rows": [
            {
                "when": _when(entry.created_at),
                "kind": entry.kind,
                "lines": format_html(
                    '<ul class="console-ledger-lines">{}</ul>',
                    format_html_join(
                        "",
                        "<li>{}: {}</li>",
                        ((line.account.code, format_money(line.amount, line.currency)) for line in entry.lines.all()),
                    ),
                ),
                "memo": entry.memo,
            }
            for entry in journal
        ],
        "claim_columns": [
            ("claim", pgettext("guarantee claim", "Claim")),
            ("seller", _("Seller")),
            ("amount", _("Amount"), True),
            ("status", _("Status")),
            ("deadline", _("Seller's deadline")),
        ],
        "claim_rows": [
            {
                "claim": {
                    "text": f"C-{claim.id}",
                    "url": reverse_console("console_conversation", conversation_id=claim.conversation_id),
                },
                "seller": claim.vendor.name,
                "amount": Money(claim.amount, claim.currency),
                "status": {"status": claim.status, "label": claim.get_status_display()},
                "deadline": _when(claim.respond_by),
            }
            for claim in claims
        ],
        "trail_columns": [
            ("when", _("Date")),
            ("actor", _("Who")),
            ("action", _("Action")),
            ("object", _("Object")),
            ("reason", _("Reason")),
        ],
        "trail_rows": [
            {
                "when": _when(entry.created_at),
                "actor": entry.actor.email if entry.actor else _("System"),
                "action": entry.action,
                "object": f"{entry.object_type} #{entry.object_id}",
                "reason": entry.reason,
            }
            for entry in trail
        ],
        "payment_status_label": _payment_status_label(order.payment_status),
        "payment_method_label": choice_label("payment_method", order.payment_method),
    }


def reverse_console(name: str, **kwargs) -> str:
    return reverse(f"frontend:{name}", kwargs=kwargs)


def _render_order(request, order, *, refund_form=None, note_form=None, status=200):
    parts = list(kernel.order_parts(order=order))
    refundable = money_selectors.order_refundable_lines(order=order)
    refunds = list(money_selectors.order_refunds(order=order))
    claims = list(messaging_selectors.claims_for_order(order=order))
    conversations = list(messaging_selectors.conversations_for_order(order=order))
    notes = list(kernel.order_notes(order=order))
    journal = list(money_selectors.order_journal(order=order))
    trail = kernel.audit_trail(
        objects={
            "marketplace.order": [order.id],
            "marketplace.vendororder": [part.id for part in parts],
            "payouts.refund": [refund.id for refund in refunds],
            "messaging.claim": [claim.id for claim in claims],
            "messaging.conversation": [conversation.id for conversation in conversations],
        }
    )[:200]
    receipts = list(money_selectors.order_bank_receipts(order=order))
    trail = list(trail)
    context = {
        **_tables(
            order=order,
            parts=parts,
            refundable=refundable,
            refunds=refunds,
            journal=journal,
            trail=trail,
            claims=claims,
            receipts=receipts,
        ),
        "order": order,
        "parts": parts,
        "refundable": refundable,
        "refunds": refunds,
        "claims": claims,
        "conversations": conversations,
        "notes": notes,
        "journal": journal,
        "trail": trail,
        "refund_form": refund_form or LineRefundForm(lines=refundable, currency=order.currency),
        "note_form": note_form or OrderNoteForm(),
        "can_refund": any(row.left.amount > 0 for row in refundable),
        "section": "search",
    }
    return render(request, "console/order.html", context, status=status)


@staff_required
@require_GET
def order_detail(request, number: str):
    return _render_order(request, _order(number))


@staff_required
@require_POST
def order_refund(request, number: str):
    order = _order(number)
    refundable = money_selectors.order_refundable_lines(order=order)
    form = LineRefundForm(request.POST, lines=refundable, currency=order.currency)
    if form.is_valid():
        line = next(row.line for row in refundable if row.line.id == form.cleaned_data["line"])
        try:
            refund = refund_create(
                actor=request.user,
                vendor_order_id=line.vendor_order_id,
                reason=form.cleaned_data["reason"],
                lines=[RefundLineRequest(order_line_id=line.id, amount=form.cleaned_data["amount"])],
            )
        except DomainError as exc:
            add_domain_error(form, exc, {"lines": "amount", "vendor_order": "line"})
        else:
            messages.success(
                request,
                _("Refunded %(amount)s for “%(title)s”.")
                % {"amount": format_money(refund.amount, refund.currency), "title": line.product_title},
            )
            return redirect("frontend:console_order", number=order.number)
    return _render_order(request, order, refund_form=form, status=400)


@staff_required
@require_POST
def order_note(request, number: str):
    order = _order(number)
    form = OrderNoteForm(request.POST)
    if form.is_valid():
        try:
            order_note_add(actor=request.user, order=order, text=form.cleaned_data["text"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Note added."))
            return redirect("frontend:console_order", number=order.number)
    return _render_order(request, order, note_form=form, status=400)
