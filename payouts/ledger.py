"""Posting to and reading from the double-entry ledger."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum

from marketplace.errors import DomainError
from marketplace.money import Money
from payouts.models import Account, JournalEntry, JournalLine

PLATFORM_CASH = "platform_cash"
BUYER_RECEIVABLE = "buyer_receivable"
COMMISSION_REVENUE = "commission_revenue"
PROCESSING_FEES = "processing_fees"
REFUNDS = "refunds"
TAX_PAYABLE = "tax_payable"

_KINDS = {
    PLATFORM_CASH: Account.Kind.ASSET,
    BUYER_RECEIVABLE: Account.Kind.ASSET,
    COMMISSION_REVENUE: Account.Kind.REVENUE,
    PROCESSING_FEES: Account.Kind.EXPENSE,
    REFUNDS: Account.Kind.EXPENSE,
    TAX_PAYABLE: Account.Kind.LIABILITY,
}


def vendor_payable(vendor_id: int) -> str:
    return f"vendor_payable:{vendor_id}"


def _account_kind(code: str) -> str:
    if code.startswith("vendor_payable:"):
        return Account.Kind.LIABILITY
    try:
        return _KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown ledger account {code!r}") from None


@dataclass(frozen=True)
class Posting:
    account: str
    amount: Money  # positive = debit, negative = credit


def debit(account: str, amount: Money) -> Posting:
    return Posting(account, amount)


def credit(account: str, amount: Money) -> Posting:
    return Posting(account, -amount)


class UnbalancedEntry(DomainError):
    default_code = "unbalanced_entry"


@transaction.atomic
def ledger_post(*, kind: str, reference: str, idempotency_key: str, postings: list[Posting], memo: str = "") -> JournalEntry:
    """Record one balanced journal entry; posting the same key again returns the first entry."""
    existing = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    postings = [p for p in postings if p.amount.amount != 0]
    if not postings:
        raise UnbalancedEntry("A journal entry needs at least one non-zero line.")
    totals: dict[str, int] = defaultdict(int)
    for posting in postings:
        totals[posting.amount.currency] += posting.amount.amount
    unbalanced = {currency: total for currency, total in totals.items() if total != 0}
    if unbalanced:
        raise UnbalancedEntry(f"Debits and credits differ: {unbalanced}")
    entry = JournalEntry.objects.create(kind=kind, reference=reference, idempotency_key=idempotency_key, memo=memo)
    accounts = {code: _account_get_or_create(code) for code in {p.account for p in postings}}
    JournalLine.objects.bulk_create(
        JournalLine(entry=entry, account=accounts[p.account], currency=p.amount.currency, amount=p.amount.amount)
        for p in postings
    )
    return entry


def _account_get_or_create(code: str) -> Account:
    account, _ = Account.objects.get_or_create(code=code, defaults={"kind": _account_kind(code)})
    return account


def account_balance(code: str, currency: str) -> Money:
    """Debit-positive balance of an account (liabilities and revenue come out negative)."""
    total = JournalLine.objects.filter(account__code=code, currency=currency).aggregate(total=Sum("amount"))["total"]
    return Money(total or 0, currency)
