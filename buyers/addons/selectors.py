"""Add-on and loyalty figures for the operator's report (per month, from orders and the ledger)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from buyers.loyalty.models import PointsEntry
from marketplace.models import Order
from marketplace.money import Money
from payouts.ledger import CO2_COMPENSATION, account_balance


@dataclass(frozen=True)
class MonthFigures:
    month: object  # date of the month's first day
    co2_orders: int
    co2: Money
    points_orders: int
    points_discount: Money


def addons_by_month(*, currency: str, months: int = 12) -> list[MonthFigures]:
    """Orders that were placed (not cancelled) with a CO2 contribution or redeemed points."""
    rows = (
        Order.objects.filter(currency=currency, status=Order.Status.PLACED)
        .filter(Q(co2_amount__gt=0) | Q(points_discount_amount__gt=0))
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            co2=Sum("co2_amount"),
            co2_orders=Count("id", filter=Q(co2_amount__gt=0)),
            points=Sum("points_discount_amount"),
            points_orders=Count("id", filter=Q(points_discount_amount__gt=0)),
        )
        .order_by("-month")[:months]
    )
    return [
        MonthFigures(
            month=row["month"],
            co2_orders=row["co2_orders"],
            co2=Money(row["co2"] or 0, currency),
            points_orders=row["points_orders"],
            points_discount=Money(row["points"] or 0, currency),
        )
        for row in rows
    ]


def co2_held(*, currency: str) -> Money:
    """What the compensation account holds for the project (credit balance shown positive)."""
    return -account_balance(CO2_COMPENSATION, currency)


def points_outstanding() -> int:
    """Points buyers hold (a future platform cost when redeemed)."""
    return PointsEntry.objects.aggregate(total=Sum("points"))["total"] or 0
