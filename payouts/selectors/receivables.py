"""Receivables of invoice orders for the console: open, overdue and paid invoices with what is
still outstanding, bank transfers waiting for an operator, refunds due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import BigIntegerField, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from marketplace.models import Order
from marketplace.money import Money
from payouts.models import BankReceipt, BankTransaction, BuyerCredit, DunningNotice, ReceiptImport, Refund

STATUSES = ("open", "overdue", "paid", "all")


def _sum(queryset, expression) -> Coalesce:
    subquery = (
        queryset.filter(order=OuterRef("pk")).order_by().values("order").annotate(total=Sum(expression)).values("total")
    )
    return Coalesce(Subquery(subquery, output_field=BigIntegerField()), Value(0), output_field=BigIntegerField())


def invoice_list(*, status: str = "open", query: str = "", today: date) -> QuerySet[Order]:
    """Invoice orders with ``owed``, ``settled``, ``outstanding`` (minor units) and ``dunning_level``.

    open: not paid (overdue ones included); overdue: not paid after the due date; paid; all.
    ``query`` finds an order by (part of) its number, which is its payment reference, or the
    buyer's e-mail address.
    """
    orders = Order.objects.filter(payment_method=Order.PaymentMethod.INVOICE).select_related("buyer")
    unpaid = ~Q(payment_status=Order.PaymentStatus.PAID) & ~Q(status=Order.Status.CANCELLED)
    if status == "open":
        orders = orders.filter(unpaid)
    elif status == "overdue":
        orders = orders.filter(unpaid, payment_due_date__lt=today)
    elif status == "paid":
        orders = orders.filter(payment_status=Order.PaymentStatus.PAID)
    query = query.strip()
    if query:
        orders = orders.filter(Q(number__icontains=query.replace(" ", "")) | Q(email__iexact=query))
    refunds = Refund.objects.exclude(status=Refund.Status.FAILED)
    orders = orders.annotate(
        refunded=_sum(refunds, "amount"),
        fees=_sum(DunningNotice.objects.all(), "fee_amount"),
        received=_sum(BankReceipt.objects.all(), F("amount") - F("excess_amount") + F("discount_amount")),
        dunning_level=Coalesce(
            Subquery(
                DunningNotice.objects.filter(order=OuterRef("pk"))
                .order_by()
                .values("order")
                .annotate(m=Max("level"))
                .values("m")
            ),
            Value(0),
        ),
    ).annotate(
        owed=F("total_amount") - F("refunded") + F("fees"),
        outstanding=F("total_amount") - F("refunded") + F("fees") - F("received"),
    )
    ordering = ["payment_due_date", "id"] if status in ("open", "overdue") else ["-created_at", "-id"]
    return orders.order_by(*ordering)


def invoice_totals(*, today: date) -> dict:
    """Counts and outstanding sums (per currency) of open and overdue invoices."""
    result = {}
    for status in ("open", "overdue"):
        rows = (
            invoice_list(status=status, today=today)
            .values("currency")
            .annotate(n=Count("id"), total=Sum("outstanding"))
            .order_by("currency")
        )
        result[status] = [(row["currency"], row["n"], row["total"]) for row in rows]
    return result


def unmatched_transactions() -> QuerySet[BankTransaction]:
    return (
        BankTransaction.objects.filter(status=BankTransaction.Status.UNMATCHED)
        .select_related("suggested_order")
        .order_by("booked_on", "id")
    )


def open_credits() -> QuerySet[BuyerCredit]:
    return (
        BuyerCredit.objects.filter(status=BuyerCredit.Status.OPEN)
        .select_related("order", "bank_transaction")
        .order_by("id")
    )


def recent_imports(limit: int = 10) -> list[ReceiptImport]:
    return list(ReceiptImport.objects.order_by("-id")[:limit])


@dataclass(frozen=True)
class InvoicePaymentInstructions:
    """How a buyer pays an invoice order: one transfer for the whole order to the platform.

    ``reference`` is the order number, exactly what the statement matching looks for
    (payouts.services.receipts.order_numbers_in / _open_invoice_order). ``discounted_amount`` and
    ``discount_until`` are set when an early-payment discount (Skonto) applies to this order."""

    holder: str
    iban: str
    bic: str
    bank: str
    reference: str
    amount: Money
    due_date: date | None
    discount_bps: int = 0
    discount: Money | None = None
    discounted_amount: Money | None = None
    discount_until: date | None = None

    @property
    def discount_percent(self) -> Decimal:
        return Decimal(self.discount_bps) / 100

    @property
    def iban_display(self) -> str:
        """The IBAN in groups of four, as printed on transfer forms."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


def invoice_payment_instructions(*, order: Order, as_issued: bool = False) -> InvoicePaymentInstructions | None:
    """The bank details, reference, amount and terms for an unpaid invoice order; None for card
    orders, paid or cancelled ones and orders with nothing left to pay.

    ``as_issued``: the terms as placed (the order's total, also once paid), for documents that
    must not change after issue (the invoice PDF); otherwise what is outstanding now."""
    from django.conf import settings

    from payouts.services.receipts import invoice_outstanding

    if order.payment_method != Order.PaymentMethod.INVOICE:
        return None
    if not as_issued and (order.payment_status == Order.PaymentStatus.PAID or order.status == Order.Status.CANCELLED):
        return None
    amount = order.total if as_issued else invoice_outstanding(order=order)
    if amount.amount <= 0:
        return None
    account = settings.MARKETPLACE_BANK_ACCOUNT
    discount = discounted = None
    if order.early_payment_discount_bps and order.early_payment_discount_until:
        discount = min(order.total.percent(order.early_payment_discount_bps), amount)
        discounted = amount - discount
    return InvoicePaymentInstructions(
        holder=account["holder"],
        iban=account["iban"],
        bic=account["bic"],
        bank=account["bank"],
        reference=order.number,
        amount=amount,
        due_date=order.payment_due_date,
        discount_bps=order.early_payment_discount_bps if discount is not None else 0,
        discount=discount,
        discounted_amount=discounted,
        discount_until=order.early_payment_discount_until if discount is not None else None,
    )
