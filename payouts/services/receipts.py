"""Invoice payment: an operator records a bank receipt, or imports a CSV of them."""
from __future__ import annotations

import csv
import io
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import Order
from marketplace.money import Money
from payouts.ledger import BUYER_RECEIVABLE, PLATFORM_CASH, credit, debit, ledger_post, vendor_payable
from payouts.models import BankReceipt, ReceiptImport, Refund

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 10_000
CSV_COLUMNS = ("reference", "amount", "currency", "received_on", "bank_reference")


def invoice_amount_owed(*, order: Order) -> Money:
    """The total less what was refunded before payment (the buyer simply owes less)."""
    refunded = Refund.objects.filter(order=order).exclude(status=Refund.Status.FAILED).aggregate(total=Sum("amount"))["total"] or 0
    return order.total - Money(refunded, order.currency)


def invoice_amount_due(*, order: Order, on: date) -> Money:
    """What settles the invoice on ``on``: the amount owed, less the early-payment discount
    when paid by its date."""
    owed = invoice_amount_owed(order=order)
    if order.early_payment_discount_bps and order.early_payment_discount_until and on <= order.early_payment_discount_until:
        return owed - owed.percent(order.early_payment_discount_bps)
    return owed


def bank_receipt_record(
    *, actor, reference: str, amount: Money, received_on: date, bank_reference: str, receipt_import: ReceiptImport | None = None
) -> BankReceipt:
    """Settle an invoice order by a bank receipt matched on its payment reference (order number).

    The amount must be the total, or the discounted total when paid within the discount
    period; the discount is borne by the sellers in proportion to their items.
    """
    if not bank_reference.strip():
        raise DomainError(_("Give the bank's transaction reference."), field="bank_reference")
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(number=reference.strip(), payment_method=Order.PaymentMethod.INVOICE).first()
        if order is None:
            raise NotFound(_("No invoice order with payment reference %(reference)s.") % {"reference": repr(reference)}, field="reference")
        if BankReceipt.objects.filter(bank_reference=bank_reference.strip()).exists():
            raise Conflict(_("Bank transaction %(reference)s is already recorded.") % {"reference": repr(bank_reference)}, field="bank_reference")
        if order.payment_status == Order.PaymentStatus.PAID:
            raise Conflict(_("Order %(number)s is already paid.") % {"number": order.number}, field="reference")
        if amount.currency != order.currency:
            raise DomainError(_("Order %(number)s is payable in %(currency)s, not %(given)s.") % {"number": order.number, "currency": order.currency, "given": amount.currency}, field="currency")
        owed = invoice_amount_owed(order=order)
        due = invoice_amount_due(order=order, on=received_on)
        if amount != due:
            allowed = sorted({due.amount, owed.amount})
            raise DomainError(
                _("Amount %(amount)s does not settle order %(number)s; expected %(expected)s.") % {
                    "amount": amount, "number": order.number,
                    "expected": _(" or ").join(str(Money(a, order.currency)) for a in allowed),
                },
                field="amount",
            )
        try:
            with transaction.atomic():
                receipt = BankReceipt.objects.create(
                    order=order, currency=amount.currency, amount=amount.amount, received_on=received_on,
                    bank_reference=bank_reference.strip(), receipt_import=receipt_import, created_by=actor,
                )
        except IntegrityError:
            raise Conflict(_("Bank transaction %(reference)s is already recorded.") % {"reference": repr(bank_reference)}, field="bank_reference") from None
        discount = owed - amount
        postings = [debit(PLATFORM_CASH, amount), credit(BUYER_RECEIVABLE, owed)]
        if discount:
            vendor_orders = list(order.vendor_orders.order_by("id"))
            for vo, share in zip(vendor_orders, discount.allocate([vo.items_amount for vo in vendor_orders])):
                postings.append(debit(vendor_payable(vo.vendor_id), share, vendor_order_id=vo.id))
        ledger_post(
            kind="payment_received",
            reference=order.number,
            idempotency_key=f"payment_received:{order.pk}",
            postings=postings,
            memo=f"Bank receipt {receipt.bank_reference}" + (f" (early-payment discount {discount})" if discount else ""),
        )
        order.payment_status = Order.PaymentStatus.PAID
        order.paid_at = timezone.now()
        order.save(update_fields=["payment_status", "paid_at"])
        audit_record(actor=actor, action="invoice.paid", obj=order, data={"amount": amount.amount, "bank_reference": receipt.bank_reference})
    return receipt


def _parse_row(row: dict) -> tuple[str, Money, date, str]:
    try:
        amount = Money.from_decimal(row["amount"].strip().replace(",", "."), row["currency"].strip().upper())
    except Exception:
        raise DomainError(_("amount %(amount)s / currency %(currency)s is not a valid amount (e.g. 139.93 EUR).") % {"amount": repr(row["amount"]), "currency": repr(row["currency"])}, field="amount") from None
    try:
        received_on = date.fromisoformat(row["received_on"].strip())
    except ValueError:
        raise DomainError(_("received_on %(value)s is not a date (YYYY-MM-DD).") % {"value": repr(row["received_on"])}, field="received_on") from None
    return row["reference"].strip(), amount, received_on, row["bank_reference"].strip()


def receipt_csv_import(*, actor, filename: str, content: bytes) -> ReceiptImport:
    """Import a CSV (columns: reference, amount, currency, received_on, bank_reference).

    The file is checked as a whole first (size, encoding, header, row count); a bad file is
    refused with nothing recorded. Rows are then applied one by one, each with its result.
    """
    if len(content) > MAX_CSV_BYTES:
        raise DomainError(_("The file is larger than %(size)s KiB.") % {"size": MAX_CSV_BYTES // 1024}, field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text; export the statement as CSV (UTF-8)."), field="file") from None
    if "\x00" in text:
        raise DomainError(_("The file is not a CSV text file."), field="file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise DomainError(_("The CSV lacks the columns %(missing)s; expected: %(expected)s.") % {"missing": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)}, field="file")
    reader.fieldnames = header
    rows = list(reader)
    if not rows:
        raise DomainError(_("The CSV has no rows."), field="file")
    if len(rows) > MAX_CSV_ROWS:
        raise DomainError(_("At most %(rows)s rows per file.") % {"rows": MAX_CSV_ROWS}, field="file")
    receipt_import = ReceiptImport.objects.create(filename=filename[:255], rows=len(rows), created_by=actor)
    results = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            reference, amount, received_on, bank_reference = _parse_row(row)
            bank_receipt_record(
                actor=actor, reference=reference, amount=amount, received_on=received_on, bank_reference=bank_reference,
                receipt_import=receipt_import,
            )
        except DomainError as exc:
            results.append({"line": number, "status": "rejected", "field": exc.field, "message": exc.message})
        else:
            results.append({"line": number, "status": "matched", "reference": reference})
    receipt_import.results = results
    receipt_import.matched = sum(r["status"] == "matched" for r in results)
    receipt_import.save(update_fields=["results", "matched"])
    return receipt_import
