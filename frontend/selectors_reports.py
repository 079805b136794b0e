"""Reads behind the console's money pages and the seller dashboard chart that the owning apps
do not offer as selectors yet. Plain reads: no decisions, nothing written."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from payouts.models import Dispute


def vendor_sales_by_day(*, vendor, currency: str, days: int = 30, today: date | None = None) -> list[tuple[date, int]]:
    """[(day, items sold in minor units)] for the last ``days`` days up to today, every day listed
    (zero when nothing sold). Counted on the day the buyer ordered, in the shop's time zone;
    cancelled parts and unpaid card orders do not count (invoice orders count when placed, as
    the ledger books them)."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    booked = Q(order__payment_method=Order.PaymentMethod.INVOICE) | Q(order__payment_status=Order.PaymentStatus.PAID)
    rows = (
        VendorOrder.objects.filter(booked, vendor_id=vendor.id, currency=currency)
        .exclude(status=VendorOrder.Status.CANCELLED)
        .annotate(day=TruncDate("order__created_at", tzinfo=timezone.get_current_timezone()))
        .filter(day__gte=first, day__lte=today)
        .values("day")
        .annotate(total=Sum("items_amount"))
    )
    totals = {row["day"]: row["total"] for row in rows}
    return [(first + timedelta(days=n), totals.get(first + timedelta(days=n), 0)) for n in range(days)]


# --- Disputes -----------------------------------------------------------------------------


DISPUTE_STATUSES = ("open", "closed", "all")


def dispute_list(*, status: str = "open") -> QuerySet[Dispute]:
    """Chargebacks, newest first, with their order and each seller's frozen share."""
    disputes = Dispute.objects.select_related("order").prefetch_related("shares__vendor").order_by("-opened_at", "-id")
    if status == "open":
        return disputes.filter(status=Dispute.Status.OPEN)
    if status == "closed":
        return disputes.exclude(status=Dispute.Status.OPEN)
    return disputes


@dataclass(frozen=True)
class FrozenTotal:
    money: Money
    disputes: int


def dispute_frozen_totals() -> list[FrozenTotal]:
    """What open chargebacks hold back, per currency (the sellers' shares are frozen)."""
    rows = Dispute.objects.filter(status=Dispute.Status.OPEN).values("currency").annotate(total=Sum("amount"), n=Count("id"))
    return [FrozenTotal(Money(row["total"], row["currency"]), row["n"]) for row in rows.order_by("currency")]
