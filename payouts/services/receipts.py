"""Invoice payment ("Kauf auf Rechnung"): money that arrives by bank transfer.

An operator records a bank receipt by hand, or imports the bank statement (CAMT.053 or CSV).
Every incoming transfer becomes a ``BankTransaction`` (unique by the bank's transaction id, so
the same statement twice books nothing twice). A transfer whose Verwendungszweck names an open
invoice order and whose amount settles it is booked at once; the rest wait on the console for
an operator, who books them to an order (a partial or an over-payment is fine) or marks them
to be returned to the sender.

Money is exact (minor units) and every booking is one balanced ledger entry:
- received: debit platform cash; credit the buyer's receivable with what the invoice still
  needed; anything beyond it is credited to ``buyer_credits`` and listed as a refund due
  (``BuyerCredit``), never dropped;
- paid in time with the early-payment discount: the discount is credited to the receivable and
  borne by the sellers in proportion to their items;
- the order is paid once receipts (and the discount) cover what is owed; only then are its
  parts payable to the sellers (payouts wait for unpaid invoices).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import Order
from marketplace.money import Money
from payouts.ledger import BUYER_CREDITS, BUYER_RECEIVABLE, PLATFORM_CASH, credit, debit, ledger_post, vendor_payable
from payouts.models import BankReceipt, BankTransaction, BuyerCredit, DunningNotice, ReceiptImport, Refund
from payouts.services.statements import CSV_COLUMNS, StatementLine, statement_max_bytes, statement_parse

__all__ = [
    "CSV_COLUMNS",
    "bank_receipt_record",
    "bank_transaction_match",
    "bank_transaction_return",
    "buyer_credit_refund",
    "invoice_amount_due",
    "invoice_amount_owed",
    "invoice_amount_settled",
    "invoice_outstanding",
    "statement_import",
    "statement_max_bytes",
]

# Order numbers look like 261120-1A2B3C4D; banks sometimes drop the hyphen, change the case or glue
# a prefix to it ("RE261120-1A2B3C4D").
ORDER_NUMBER_IN_TEXT = re.compile(r"(?<!\d)(\d{6})-?([0-9A-F]{8})(?![0-9A-Z])")


def invoice_amount_owed(*, order: Order) -> Money:
    """The total less what was refunded before payment (the buyer simply owes less), plus the
    dunning fees charged on it."""
    refunded = (
        Refund.objects.filter(order=order).exclude(status=Refund.Status.FAILED).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    fees = DunningNotice.objects.filter(order=order).aggregate(total=Sum("fee_amount"))["total"] or 0
    return order.total - Money(refunded, order.currency) + Money(fees, order.currency)


def invoice_amount_settled(*, order: Order) -> Money:
    """What bank receipts (and the early-payment discount) have settled of the invoice so far."""
    totals = BankReceipt.objects.filter(order=order).aggregate(
        amount=Sum("amount"), excess=Sum("excess_amount"), discount=Sum("discount_amount")
    )
    return Money((totals["amount"] or 0) - (totals["excess"] or 0) + (totals["discount"] or 0), order.currency)


def invoice_outstanding(*, order: Order) -> Money:
    return invoice_amount_owed(order=order) - invoice_amount_settled(order=order)


def _discount_on(order: Order, on: date) -> Money:
    if (
        order.early_payment_discount_bps
        and order.early_payment_discount_until
        and on <= order.early_payment_discount_until
    ):
        return order.total.percent(order.early_payment_discount_bps)
    return Money.zero(order.currency)


def invoice_amount_due(*, order: Order, on: date) -> Money:
    """What settles the invoice on ``on``: what is outstanding, less the early-payment discount
    when paid by its date."""
    outstanding = invoice_outstanding(order=order)
    return outstanding - min(_discount_on(order, on), outstanding)


def _open_invoice_order(reference: str) -> Order:
    order = (
        Order.objects.select_for_update()
        .filter(number=reference.strip(), payment_method=Order.PaymentMethod.INVOICE)
        .first()
    )
    if order is None:
        raise NotFound(
            _("No invoice order with payment reference %(reference)s.") % {"reference": repr(reference)},
            field="reference",
        )
    if order.payment_status == Order.PaymentStatus.PAID:
        raise Conflict(_("Order %(number)s is already paid.") % {"number": order.number}, field="reference")
    return order


def bank_receipt_record(
    *,
    actor,
    reference: str,
    amount: Money,
    received_on: date,
    bank_reference: str,
    receipt_import: ReceiptImport | None = None,
    bank_transaction: BankTransaction | None = None,
) -> BankReceipt:
    """Book money received for the invoice order with payment reference (order number) ``reference``.

    Less than outstanding is a partial payment (the order stays unpaid, the rest stays owed);
    more is an over-payment (the excess becomes a refund due). Paid by the discount date, the
    discounted amount settles the invoice.
    """
    bank_reference = bank_reference.strip()
    if not bank_reference:
        raise DomainError(_("Give the bank's transaction reference."), field="bank_reference")
    if amount.amount <= 0:
        raise DomainError(_("The amount received must be positive."), field="amount")
    with transaction.atomic():
        order = _open_invoice_order(reference)
        if BankReceipt.objects.filter(bank_reference=bank_reference).exists():
            raise Conflict(
                _("Bank transaction %(reference)s is already recorded.") % {"reference": repr(bank_reference)},
                field="bank_reference",
            )
        if amount.currency != order.currency:
            raise DomainError(
                _("Order %(number)s is payable in %(currency)s, not %(given)s.")
                % {"number": order.number, "currency": order.currency, "given": amount.currency},
                field="currency",
            )
        outstanding = invoice_outstanding(order=order)
        if outstanding.amount <= 0:
            raise Conflict(
                _("Order %(number)s owes nothing (refunded or cancelled).") % {"number": order.number},
                field="reference",
            )
        discount = Money.zero(order.currency)
        if amount < outstanding and amount >= outstanding - _discount_on(order, received_on):
            discount = outstanding - amount
        applied = min(amount, outstanding)
        excess = amount - applied
        try:
            with transaction.atomic():
                receipt = BankReceipt.objects.create(
                    order=order,
                    currency=amount.currency,
                    amount=amount.amount,
                    excess_amount=excess.amount,
                    discount_amount=discount.amount,
                    received_on=received_on,
                    bank_reference=bank_reference,
                    receipt_import=receipt_import,
                    bank_transaction=bank_transaction,
                    created_by=actor,
                )
        except IntegrityError:
            raise Conflict(
                _("Bank transaction %(reference)s is already recorded.") % {"reference": repr(bank_reference)},
                field="bank_reference",
            ) from None
        postings = [debit(PLATFORM_CASH, amount), credit(BUYER_RECEIVABLE, applied + discount)]
        if excess:
            postings.append(credit(BUYER_CREDITS, excess))
            BuyerCredit.objects.create(
                order=order,
                bank_transaction=bank_transaction,
                receipt=receipt,
                currency=order.currency,
                amount=excess.amount,
                reason="overpayment",
            )
        if discount:
            vendor_orders = list(order.vendor_orders.order_by("id"))
            for vo, share in zip(vendor_orders, discount.allocate([vo.items_amount for vo in vendor_orders])):
                postings.append(debit(vendor_payable(vo.vendor_id), share, vendor_order_id=vo.id))
        memo = f"Bank receipt {bank_reference}"
        if discount:
            memo += f" (early-payment discount {discount})"
        if excess:
            memo += f" (over-payment {excess} due back)"
        ledger_post(
            kind="payment_received",
            reference=order.number,
            idempotency_key=f"bank_receipt:{receipt.pk}",
            postings=postings,
            memo=memo,
        )
        settled = applied + discount >= outstanding
        if settled:
            order.payment_status = Order.PaymentStatus.PAID
            order.paid_at = timezone.now()
            order.save(update_fields=["payment_status", "paid_at"])
        if bank_transaction is not None:
            bank_transaction.status = BankTransaction.Status.MATCHED
            bank_transaction.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="invoice.paid" if settled else "invoice.part_paid",
            obj=order,
            data={
                "amount": amount.amount,
                "excess": excess.amount,
                "discount": discount.amount,
                "bank_reference": bank_reference,
            },
        )
    return receipt


# --- Statement import -------------------------------------------------------------------------


def order_numbers_in(text: str) -> list[str]:
    """The order numbers a Verwendungszweck names, normalised (261120-1A2B3C4D)."""
    found = []
    for first, second in ORDER_NUMBER_IN_TEXT.findall(text.upper()):
        number = f"{first}-{second}"
        if number not in found:
            found.append(number)
    return found


def _auto_match(tx: BankTransaction, *, actor, receipt_import: ReceiptImport) -> dict:
    """Book the transfer when it names exactly one open invoice order and its amount settles
    it; otherwise leave it for an operator, with the named order as a suggestion."""
    result = {"bank_reference": tx.bank_reference, "amount": tx.amount, "currency": tx.currency}
    orders = list(
        Order.objects.filter(number__in=order_numbers_in(tx.remittance), payment_method=Order.PaymentMethod.INVOICE)
    )
    if len(orders) != 1:
        return {
            **result,
            "status": "unmatched",
            "message": _("No single invoice order named in the payment reference.")
            if not orders
            else _("Several orders named in the payment reference."),
        }
    order = orders[0]
    tx.suggested_order = order
    tx.save(update_fields=["suggested_order"])
    result["order"] = order.number
    if order.payment_status == Order.PaymentStatus.PAID:
        return {
            **result,
            "status": "unmatched",
            "message": _("Order %(number)s is already paid.") % {"number": order.number},
        }
    amount = Money(tx.amount, tx.currency)
    if amount.currency != order.currency or amount not in {
        invoice_outstanding(order=order),
        invoice_amount_due(order=order, on=tx.booked_on),
    }:
        return {
            **result,
            "status": "unmatched",
            "message": _("The amount does not settle order %(number)s; check it by hand.") % {"number": order.number},
        }
    bank_receipt_record(
        actor=actor,
        reference=order.number,
        amount=amount,
        received_on=tx.booked_on,
        bank_reference=tx.bank_reference,
        receipt_import=receipt_import,
        bank_transaction=tx,
    )
    return {**result, "status": "matched"}


def statement_import(*, actor, filename: str, content: bytes) -> ReceiptImport:
    """Import a bank statement (CAMT.053 XML or CSV), checked by its content.

    A bad file is refused as a whole with a clear error and nothing recorded. The same file
    twice is refused; a transaction already known from another file is skipped. Outgoing
    transfers are listed as ignored. The import is one transaction: all or nothing.
    """
    statement = statement_parse(content)
    digest = hashlib.sha256(content).hexdigest()
    earlier = ReceiptImport.objects.filter(content_sha256=digest).first()
    if earlier is not None:
        raise Conflict(
            _("This statement was already imported on %(when)s (import %(id)s); nothing was booked again.")
            % {"when": date_format(timezone.localtime(earlier.created_at), "SHORT_DATETIME_FORMAT"), "id": earlier.id},
            field="file",
            code="already_imported",
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                receipt_import = ReceiptImport.objects.create(
                    filename=filename[:255],
                    format=statement.format,
                    content_sha256=digest,
                    statement_id=statement.statement_id,
                    rows=len(statement.lines),
                    created_by=actor,
                )
        except IntegrityError:
            raise Conflict(
                _("This statement is being imported already."), field="file", code="already_imported"
            ) from None
        results = [_import_line(line, actor=actor, receipt_import=receipt_import) for line in statement.lines]
        receipt_import.results = results
        receipt_import.matched = sum(r["status"] == "matched" for r in results)
        receipt_import.save(update_fields=["results", "matched"])
        audit_record(
            actor=actor,
            action="bank_statement.imported",
            obj=receipt_import,
            data={"format": statement.format, "rows": len(results), "matched": receipt_import.matched},
        )
    return receipt_import


def _import_line(line: StatementLine, *, actor, receipt_import: ReceiptImport) -> dict:
    result = {
        "line": line.line,
        "bank_reference": line.bank_reference,
        "amount": line.amount.amount,
        "currency": line.amount.currency,
    }
    if line.amount.amount < 0:
        return {**result, "status": "ignored", "message": _("Outgoing transfer: not an invoice payment.")}
    if BankTransaction.objects.filter(bank_reference=line.bank_reference).exists():
        return {**result, "status": "duplicate", "message": _("Already imported from an earlier statement.")}
    tx = BankTransaction.objects.create(
        bank_reference=line.bank_reference,
        receipt_import=receipt_import,
        currency=line.amount.currency,
        amount=line.amount.amount,
        booked_on=line.booked_on,
        remittance=line.remittance,
        debtor_name=line.debtor_name,
        debtor_iban=line.debtor_iban,
    )
    return {"line": line.line, **_auto_match(tx, actor=actor, receipt_import=receipt_import)}


# --- By hand ----------------------------------------------------------------------------------


def _unmatched_transaction(transaction_id: int) -> BankTransaction:
    tx = BankTransaction.objects.select_for_update().filter(id=transaction_id).first()
    if tx is None:
        raise NotFound(_("No such bank transaction."), field="transaction")
    if tx.status != BankTransaction.Status.UNMATCHED:
        raise Conflict(
            _("Bank transaction %(reference)s is already dealt with.") % {"reference": tx.bank_reference},
            field="transaction",
        )
    return tx


def bank_transaction_match(*, actor, transaction_id: int, order_number: str) -> BankReceipt:
    """An operator books an unmatched transfer to an invoice order (partial or over-payment allowed)."""
    if not order_number.strip():
        raise DomainError(_("Give the order number."), field="reference")
    with transaction.atomic():
        tx = _unmatched_transaction(transaction_id)
        return bank_receipt_record(
            actor=actor,
            reference=order_number,
            amount=Money(tx.amount, tx.currency),
            received_on=tx.booked_on,
            bank_reference=tx.bank_reference,
            receipt_import=tx.receipt_import,
            bank_transaction=tx,
        )


def bank_transaction_return(*, actor, transaction_id: int) -> BuyerCredit:
    """A transfer that pays no open invoice (paid twice, unknown sender): the money is booked
    as due back to the sender and listed among the refunds due."""
    with transaction.atomic():
        tx = _unmatched_transaction(transaction_id)
        amount = Money(tx.amount, tx.currency)
        credit_item = BuyerCredit.objects.create(
            order=tx.suggested_order,
            bank_transaction=tx,
            currency=tx.currency,
            amount=tx.amount,
            reason="unassigned",
        )
        ledger_post(
            kind="bank_unassigned",
            reference=tx.bank_reference,
            idempotency_key=f"bank_unassigned:{tx.pk}",
            postings=[debit(PLATFORM_CASH, amount), credit(BUYER_CREDITS, amount)],
            memo=f"Bank transfer {tx.bank_reference} pays no open invoice: due back to the sender",
        )
        tx.status = BankTransaction.Status.RETURNED
        tx.save(update_fields=["status"])
        audit_record(actor=actor, action="bank_transaction.returned", obj=tx, data={"amount": tx.amount})
    return credit_item


def buyer_credit_refund(*, actor, credit_id: int, refund_reference: str) -> BuyerCredit:
    """The operator sent the money due back (by bank transfer, reference given): the credit is closed."""
    if not refund_reference.strip():
        raise DomainError(
            _("Give the reference of the bank transfer that sent the money back."), field="refund_reference"
        )
    with transaction.atomic():
        item = BuyerCredit.objects.select_for_update().filter(id=credit_id).first()
        if item is None:
            raise NotFound(_("No such credit."), field="credit")
        if item.status != BuyerCredit.Status.OPEN:
            raise Conflict(_("This credit is already refunded."), field="credit")
        amount = Money(item.amount, item.currency)
        ledger_post(
            kind="buyer_credit_refunded",
            reference=item.order.number if item.order_id else f"credit-{item.pk}",
            idempotency_key=f"buyer_credit_refund:{item.pk}",
            postings=[debit(BUYER_CREDITS, amount), credit(PLATFORM_CASH, amount)],
            memo=f"Refund of credit {item.pk} by bank transfer {refund_reference.strip()}",
        )
        item.status = BuyerCredit.Status.REFUNDED
        item.refund_reference = refund_reference.strip()[:200]
        item.refunded_at = timezone.now()
        item.refunded_by = actor
        item.save(update_fields=["status", "refund_reference", "refunded_at", "refunded_by"])
        audit_record(actor=actor, action="buyer_credit.refunded", obj=item, data={"amount": item.amount})
    return item


def open_invoice_filter() -> Q:
    return (
        Q(payment_method=Order.PaymentMethod.INVOICE)
        & ~Q(payment_status=Order.PaymentStatus.PAID)
        & ~Q(status=Order.Status.CANCELLED)
    )
