"""Seller balances, all derived from journal lines (never stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone

from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from payouts.ledger import account_balance, vendor_payable
from payouts.models import DisputeShare, JournalLine, Payout, PayoutHold


def hold_cutoff(at: datetime | None = None) -> datetime:
    return (at or timezone.now()) - timedelta(days=settings.MARKETPLACE_PAYOUT_HOLD_DAYS)


def _available_lines(*, currency: str, at: datetime | None):
    # Lines without an order part (payouts, reversals, adjustments) always count; an order's
    # lines count once that part is delivered and its hold period has passed.
    # The buyer must have paid too: an unpaid invoice is not passed on to the seller yet.
    ready = Q(vendor_order__isnull=True) | Q(
        vendor_order__status=VendorOrder.Status.DELIVERED,
        vendor_order__delivered_at__lte=hold_cutoff(at),
        vendor_order__order__payment_status=Order.PaymentStatus.PAID,
    )
    return JournalLine.objects.filter(ready, account__vendor_id__isnull=False, currency=currency)


def vendor_available_balances(*, currency: str, at: datetime | None = None, vendor_ids=None) -> dict[int, int]:
    """Vendor id -> amount available for payout (minor units), open disputes' shares frozen.

    Two grouped queries for all vendors together, so a payout run does not query per vendor.
    """
    lines = _available_lines(currency=currency, at=at)
    frozen_q = DisputeShare.objects.filter(dispute__status="open", dispute__currency=currency)
    if vendor_ids is not None:
        lines = lines.filter(account__vendor_id__in=vendor_ids)
        frozen_q = frozen_q.filter(vendor_id__in=vendor_ids)
    balances = {
        row["account__vendor_id"]: -row["total"]
        for row in lines.values("account__vendor_id").annotate(total=Sum("amount"))
    }
    for row in frozen_q.values("vendor_id").annotate(total=Sum("amount")):
        balances[row["vendor_id"]] = balances.get(row["vendor_id"], 0) - row["total"]
    return balances


@dataclass(frozen=True)
class VendorBalance:
    currency: str
    owed: Money  # everything earned and not yet paid (credit balance of the payable)
    available: Money  # what the next payout run would pay (before minimum and holds)
    frozen: Money  # shares of open disputes
    on_hold: bool
    hold_reason: str
    paid_out: Money


def vendor_balance_get(*, vendor, currency: str | None = None) -> VendorBalance:
    currency = currency or settings.MARKETPLACE_CURRENCY
    owed = -account_balance(vendor_payable(vendor.id), currency)
    available = vendor_available_balances(currency=currency, vendor_ids=[vendor.id]).get(vendor.id, 0)
    frozen = (
        DisputeShare.objects.filter(vendor_id=vendor.id, dispute__status="open", dispute__currency=currency).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    hold = PayoutHold.objects.filter(vendor_id=vendor.id).first()
    paid = (
        Payout.objects.filter(vendor_id=vendor.id, currency=currency, status=Payout.Status.PAID).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    return VendorBalance(
        currency=currency,
        owed=owed,
        available=Money(available, currency),
        frozen=Money(frozen, currency),
        on_hold=hold is not None,
        hold_reason=hold.reason if hold else "",
        paid_out=Money(paid, currency),
    )
