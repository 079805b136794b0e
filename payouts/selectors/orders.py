"""The money side of one order for the operator's order page (payments, refunds, ledger entries)
and the refund figures of the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from marketplace.models import Order, OrderLine
from marketplace.money import Money
from payouts.models import BankReceipt, JournalEntry, JournalLine, Refund, RefundLine


def order_refunds(*, order: Order) -> QuerySet[Refund]:
    return (
        Refund.objects.filter(order=order)
        .select_related("vendor_order__vendor", "created_by")
        .prefetch_related(Prefetch("lines", queryset=RefundLine.objects.select_related("order_line")))
        .order_by("created_at", "id")
    )


def order_bank_receipts(*, order: Order) -> QuerySet[BankReceipt]:
    return BankReceipt.objects.filter(order=order).order_by("received_on", "id")


def order_journal(*, order: Order) -> QuerySet[JournalEntry]:
    """Ledger entries about the order: booked with its number as reference, or with a line on
    one of its parts (payouts, transfer reversals, dispute holds); oldest first, lines included."""
    return (
        JournalEntry.objects.filter(Q(reference=order.number) | Q(lines__vendor_order__order=order))
        .distinct()
        .prefetch_related(Prefetch("lines", queryset=JournalLine.objects.select_related("account").order_by("id")))
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class RefundLeft:
    line: OrderLine
    paid: Money  # what the buyer paid for the line (total minus its discount share)
    refunded: Money
    left: Money


def order_refundable_lines(*, order: Order) -> list[RefundLeft]:
    """Every line of the order with what is left to refund (failed refunds do not count)."""
    lines = list(
        OrderLine.objects.filter(vendor_order__order=order).select_related("vendor_order__vendor").order_by("id")
    )
    refunded = dict(
        RefundLine.objects.filter(order_line__in=lines)
        .exclude(refund__status=Refund.Status.FAILED)
        .values_list("order_line_id")
        .annotate(total=Sum("amount"))
    )
    result = []
    for line in lines:
        paid = line.line_total_amount - line.discount_amount
        done = refunded.get(line.id, 0)
        result.append(
            RefundLeft(
                line, Money(paid, line.currency), Money(done, line.currency), Money(max(0, paid - done), line.currency)
            )
        )
    return result


@dataclass(frozen=True)
class RefundFigures:
    count: int
    total: Money


def refund_figures(*, start: datetime, end: datetime, currency: str) -> RefundFigures:
    """Refunds made in [start, end) in ``currency`` (pending and succeeded; failed ones gave nothing back)."""
    row = (
        Refund.objects.filter(created_at__gte=start, created_at__lt=end, currency=currency)
        .exclude(status=Refund.Status.FAILED)
        .aggregate(count=Count("id"), total=Sum("amount"))
    )
    return RefundFigures(row["count"], Money(row["total"] or 0, currency))
