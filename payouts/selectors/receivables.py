"""Receivables of invoice orders for the console: open, overdue and paid invoices with what is
still outstanding, bank transfers waiting for an operator, refunds due."""

from __future__ import annotations

from datetime import date

from django.db.models import BigIntegerField, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from marketplace.models import Order
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
