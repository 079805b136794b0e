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
# Money Stripe holds back while a chargeback is open.
DISPUTE_HOLD = "dispute_hold"
# Manual corrections an operator books for a seller, with a reason.
ADJUSTMENTS = "adjustments"
# Coupon discounts the platform funds (marketing cost); vendor-funded ones lower the payable.
PLATFORM_DISCOUNTS = "platform_discounts"
# Stripe's chargeback fees when the platform bears them.
DISPUTE_FEES = "dispute_fees"
# Buyers' CO2 compensation contributions, held for the compensation project (buyers.addons).
CO2_COMPENSATION = "co2_compensation"
# Money received that nobody is owed (over-payments, transfers paying no open invoice): due back.
BUYER_CREDITS = "buyer_credits"
# Dunning fees charged on overdue invoices (no VAT: damages for late payment).
DUNNING_FEES = "dunning_fees"

_KINDS = {
    PLATFORM_CASH: Account.Kind.ASSET,
    BUYER_RECEIVABLE: Account.Kind.ASSET,
    COMMISSION_REVENUE: Account.Kind.REVENUE,
    PROCESSING_FEES: Account.Kind.EXPENSE,
    REFUNDS: Account.Kind.EXPENSE,
    TAX_PAYABLE: Account.Kind.LIABILITY,
    DISPUTE_HOLD: Account.Kind.ASSET,
    ADJUSTMENTS: Account.Kind.EXPENSE,
    PLATFORM_DISCOUNTS: Account.Kind.EXPENSE,
    DISPUTE_FEES: Account.Kind.EXPENSE,
    CO2_COMPENSATION: Account.Kind.LIABILITY,
    BUYER_CREDITS: Account.Kind.LIABILITY,
    DUNNING_FEES: Account.Kind.REVENUE,
}

# Entry kinds that move card fees (the tariff at payment, Stripe's correction after it).
CARD_FEE_KINDS = ("processing_fee", "processing_fee_adjusted")

VENDOR_PAYABLE_PREFIX = "vendor_payable:"


def vendor_payable(vendor_id: int) -> str:
    return f"{VENDOR_PAYABLE_PREFIX}{vendor_id}"


def _account_kind(code: str) -> str:
    if code.startswith(VENDOR_PAYABLE_PREFIX):
        return Account.Kind.LIABILITY
    try:
        return _KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown ledger account {code!r}") from None


@dataclass(frozen=True)
class Posting:
    account: str
    amount: Money  # positive = debit, negative = credit
    # The seller's part of an order the line belongs to (statements, payout availability).
    vendor_order_id: int | None = None


def debit(account: str, amount: Money, *, vendor_order_id: int | None = None) -> Posting:
    return Posting(account, amount, vendor_order_id)


def credit(account: str, amount: Money, *, vendor_order_id: int | None = None) -> Posting:
    return Posting(account, -amount, vendor_order_id)


class UnbalancedEntry(DomainError):
    default_code = "unbalanced_entry"


@transaction.atomic
def ledger_post(
    *,
    kind: str,
    reference: str,
    idempotency_key: str,
    postings: list[Posting],
    memo: str = "",
    key_is_new: bool = False,
) -> JournalEntry:
    """Record one balanced journal entry; posting the same key again returns the first entry.

    ``key_is_new``: the caller made the key from a row created in this transaction (a new
    order), so no entry can have it yet and the look-up is skipped (the key stays unique in the
    database all the same)."""
    if not key_is_new:
        existing = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    postings = [p for p in postings if p.amount.amount != 0]
    if not postings:
        raise UnbalancedEntry("A journal entry needs at least one non-zero line.")
    _check_balanced(postings)
    entry = JournalEntry.objects.create(kind=kind, reference=reference, idempotency_key=idempotency_key, memo=memo)
    # Accounts are created in one order (sorted codes): two entries that create the same new
    # accounts concurrently (two checkouts with the same new sellers) would otherwise deadlock.
    codes = sorted({p.account for p in postings})
    accounts = {a.code: a for a in Account.objects.filter(code__in=codes)}  # one query once they exist
    accounts.update({code: _account_get_or_create(code) for code in codes if code not in accounts})
    JournalLine.objects.bulk_create(
        JournalLine(
            entry=entry,
            account=accounts[p.account],
            currency=p.amount.currency,
            amount=p.amount.amount,
            vendor_order_id=p.vendor_order_id,
        )
        for p in postings
    )
    return entry


def _account_new(code: str) -> Account:
    vendor_id = int(code.removeprefix(VENDOR_PAYABLE_PREFIX)) if code.startswith(VENDOR_PAYABLE_PREFIX) else None
    return Account(code=code, kind=_account_kind(code), vendor_id=vendor_id)


def _account_get_or_create(code: str) -> Account:
    new = _account_new(code)
    account, _ = Account.objects.get_or_create(code=code, defaults={"kind": new.kind, "vendor_id": new.vendor_id})
    return account


def account_balance(code: str, currency: str) -> Money:
    """Debit-positive balance of an account (liabilities and revenue come out negative)."""
    total = JournalLine.objects.filter(account__code=code, currency=currency).aggregate(total=Sum("amount"))["total"]
    return Money(total or 0, currency)


@dataclass(frozen=True)
class EntrySpec:
    kind: str
    reference: str
    idempotency_key: str
    postings: list[Posting]
    memo: str = ""


def _check_balanced(postings: list[Posting]) -> None:
    totals: dict[str, int] = defaultdict(int)
    for posting in postings:
        totals[posting.amount.currency] += posting.amount.amount
    unbalanced = {currency: total for currency, total in totals.items() if total != 0}
    if unbalanced:
        raise UnbalancedEntry(f"Debits and credits differ: {unbalanced}")


@transaction.atomic
def ledger_post_many(*, entries: list[EntrySpec]) -> dict[str, JournalEntry]:
    """Post many entries with a constant number of queries (payout runs over thousands of vendors).

    Same rules as ``ledger_post``: each entry balances per currency, a key already posted
    returns the existing entry. Returns entries by idempotency key.
    """
    for spec in entries:
        _check_balanced([p for p in spec.postings if p.amount.amount])
    keys = [spec.idempotency_key for spec in entries]
    found = {entry.idempotency_key: entry for entry in JournalEntry.objects.filter(idempotency_key__in=keys)}
    new = [spec for spec in entries if spec.idempotency_key not in found]
    if not new:
        return found
    created = JournalEntry.objects.bulk_create(
        JournalEntry(kind=s.kind, reference=s.reference, idempotency_key=s.idempotency_key, memo=s.memo) for s in new
    )
    codes = {p.account for spec in new for p in spec.postings}
    accounts = {a.code: a for a in Account.objects.filter(code__in=codes)}
    missing = codes - set(accounts)
    if missing:
        Account.objects.bulk_create(
            (_account_new(code) for code in sorted(missing)), ignore_conflicts=True
        )  # one order: no deadlock
        accounts.update({a.code: a for a in Account.objects.filter(code__in=missing)})
    JournalLine.objects.bulk_create(
        JournalLine(
            entry=entry,
            account=accounts[p.account],
            currency=p.amount.currency,
            amount=p.amount.amount,
            vendor_order_id=p.vendor_order_id,
        )
        for entry, spec in zip(created, new)
        for p in spec.postings
        if p.amount.amount
    )
    found.update({entry.idempotency_key: entry for entry in created})
    return found
