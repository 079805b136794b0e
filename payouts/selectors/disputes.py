"""Chargebacks as operators see them: the list and what open ones hold back per currency."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from marketplace.money import Money
from payouts.models import Dispute


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
    rows = (
        Dispute.objects.filter(status=Dispute.Status.OPEN)
        .values("currency")
        .annotate(total=Sum("amount"), n=Count("id"))
    )
    return [FrozenTotal(Money(row["total"], row["currency"]), row["n"]) for row in rows.order_by("currency")]
