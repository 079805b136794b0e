import pytest
from django.db import DatabaseError, connection, transaction

from marketplace.money import Money
from payouts.ledger import (
    BUYER_RECEIVABLE,
    COMMISSION_REVENUE,
    UnbalancedEntry,
    account_balance,
    credit,
    debit,
    ledger_post,
    vendor_payable,
)
from payouts.models import Account, JournalEntry, JournalLine

pytestmark = pytest.mark.django_db


def eur(cents):
    return Money(cents, "EUR")


def test_balanced_entry_is_recorded_and_balances_derive_from_lines():
    ledger_post(
        kind="t",
        reference="r1",
        idempotency_key="k1",
        postings=[
            debit(BUYER_RECEIVABLE, eur(1000)),
            credit(vendor_payable(7), eur(900)),
            credit(COMMISSION_REVENUE, eur(100)),
        ],
    )
    assert account_balance(BUYER_RECEIVABLE, "EUR") == eur(1000)
    assert account_balance(vendor_payable(7), "EUR") == eur(-900)


def test_posting_the_same_key_twice_records_one_entry():
    postings = [debit(BUYER_RECEIVABLE, eur(500)), credit(COMMISSION_REVENUE, eur(500))]
    first = ledger_post(kind="t", reference="r", idempotency_key="same", postings=postings)
    second = ledger_post(kind="t", reference="r", idempotency_key="same", postings=postings)
    assert first.id == second.id
    assert account_balance(BUYER_RECEIVABLE, "EUR") == eur(500)


def test_unbalanced_entry_is_refused_in_code():
    with pytest.raises(UnbalancedEntry):
        ledger_post(
            kind="t",
            reference="r",
            idempotency_key="u",
            postings=[debit(BUYER_RECEIVABLE, eur(1000)), credit(COMMISSION_REVENUE, eur(999))],
        )
    # Balanced in total but not per currency is unbalanced too.
    with pytest.raises(UnbalancedEntry):
        ledger_post(
            kind="t",
            reference="r",
            idempotency_key="u2",
            postings=[debit(BUYER_RECEIVABLE, eur(100)), credit(COMMISSION_REVENUE, Money(100, "CHF"))],
        )
    assert not JournalEntry.objects.exists()


def test_database_refuses_unbalanced_lines_written_around_the_code():
    entry = JournalEntry.objects.create(kind="t", reference="r", idempotency_key="raw")
    account = Account.objects.create(code=BUYER_RECEIVABLE, kind="asset")
    with pytest.raises(DatabaseError, match="not balanced"):
        with transaction.atomic():
            JournalLine.objects.create(entry=entry, account=account, currency="EUR", amount=100)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
