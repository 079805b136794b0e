"""What the reconciliation can check without Stripe (issue 19.5): bank receipts of invoice orders
and payouts against the ledger, and bank transactions still waiting for a match.

Stripe's side (card charges, refunds, transfers against Stripe's balance transactions) is
``payouts.selectors.reports.reconciliation_report``; it needs a Stripe key. These checks read
only our own tables, so they run with or without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Sum

from payouts.ledger import PLATFORM_CASH
from payouts.models import BankReceipt, BankTransaction, JournalLine, Payout
from payouts.selectors.reports import _start


@dataclass(frozen=True)
class InternalDifference:
    kind: str  # "bank_receipt" or "payout"
    status: str  # "missing_in_ledger" or "amount_mismatch"
    reference: str  # the bank reference or payout-<id>
    currency: str
    amount: int  # what the receipt / payout says
    ledger_amount: int | None  # what the ledger's platform cash line says


@dataclass(frozen=True)
class InternalReconciliation:
    receipts_checked: int
    payouts_checked: int
    differences: list[InternalDifference]
    unmatched_transactions: int  # bank transactions of the period nobody matched yet
    unmatched_amounts: dict[str, int]  # currency -> sum


def stripe_configured() -> bool:
    return bool(getattr(settings, "STRIPE_SECRET_KEY", ""))


def _cash_by_key(keys: list[str]) -> dict[str, int]:
    """Idempotency key -> the platform cash line's amount of that ledger entry (debit positive)."""
    return {
        row["entry__idempotency_key"]: row["total"]
        for row in JournalLine.objects.filter(entry__idempotency_key__in=keys, account__code=PLATFORM_CASH)
        .values("entry__idempotency_key")
        .annotate(total=Sum("amount"))
    }


def internal_reconciliation(*, period_from: date, period_to: date) -> InternalReconciliation:
    start, end = _start(period_from), _start(period_to + timedelta(days=1))
    differences: list[InternalDifference] = []

    receipts = list(BankReceipt.objects.filter(received_on__gte=period_from, received_on__lte=period_to).order_by("id"))
    cash = _cash_by_key([f"bank_receipt:{r.pk}" for r in receipts])
    for receipt in receipts:
        booked = cash.get(f"bank_receipt:{receipt.pk}")
        if booked is None or booked != receipt.amount:
            differences.append(
                InternalDifference(
                    "bank_receipt",
                    "missing_in_ledger" if booked is None else "amount_mismatch",
                    receipt.bank_reference,
                    receipt.currency,
                    receipt.amount,
                    booked,
                )
            )

    payouts = list(
        Payout.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=Payout.Status.FAILED)
        .order_by("id")
    )
    cash = _cash_by_key([f"payout:{p.pk}" for p in payouts])
    for payout in payouts:
        booked = cash.get(f"payout:{payout.pk}")
        # A payout takes money out of the platform's cash: a credit of its amount.
        if booked is None or booked != -payout.amount:
            differences.append(
                InternalDifference(
                    "payout",
                    "missing_in_ledger" if booked is None else "amount_mismatch",
                    f"payout-{payout.pk}",
                    payout.currency,
                    payout.amount,
                    None if booked is None else -booked,
                )
            )

    unmatched = (
        BankTransaction.objects.filter(
            status=BankTransaction.Status.UNMATCHED, booked_on__gte=period_from, booked_on__lte=period_to
        )
        .values("currency")
        .annotate(n=Count("id"), total=Sum("amount"))
    )
    return InternalReconciliation(
        receipts_checked=len(receipts),
        payouts_checked=len(payouts),
        differences=differences,
        unmatched_transactions=sum(row["n"] for row in unmatched),
        unmatched_amounts={row["currency"]: row["total"] for row in unmatched},
    )
