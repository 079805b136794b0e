"""Receivables of invoice orders: bank statement import (CAMT.053, CSV), matching by reference and
amount, by hand, partial and over-payments, idempotency, bad files, dunning."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from marketplace.errors import Conflict, DomainError
from marketplace.models import Order, VendorOrder
from marketplace.money import Money
from marketplace.outbox import outbox_deliver
from payouts.ledger import BUYER_CREDITS, BUYER_RECEIVABLE, DUNNING_FEES, PLATFORM_CASH, account_balance
from payouts.models import (
    BankReceipt,
    BankTransaction,
    BuyerCredit,
    DunningNotice,
    JournalEntry,
    JournalLine,
    ReceiptImport,
)
from payouts.selectors.balances import vendor_available_balances
from payouts.services.dunning import dunning_run
from payouts.services.receipts import (
    bank_receipt_record,
    bank_transaction_match,
    bank_transaction_return,
    buyer_credit_refund,
    invoice_outstanding,
    order_numbers_in,
    statement_import,
)
from tests.conftest import client_for, row_counts
from tests.payouts.camt import Transfer, camt053
from tests.payouts.conftest import place

pytestmark = pytest.mark.django_db


def ledger_balances_to_zero():
    """Every journal entry balances, so all lines together do too."""
    from django.db.models import Sum

    return (JournalLine.objects.aggregate(total=Sum("amount"))["total"] or 0) == 0


def test_camt053_import_matches_by_reference_and_amount_and_leaves_the_rest(shop, operator):
    first = place(shop["buyer"], [(shop["alpha_offer"], 1)])  # 39.99
    second = place(shop["buyer"], [(shop["beta_offer"], 1)])  # 59.95
    statement = camt053(
        [
            Transfer("TX-1", "39.99", f"Rechnung {first.number} Danke"),
            # Banks drop hyphens and change case; the reference is still found.
            Transfer("TX-2", "59.95", f"RE {second.number.replace('-', '').lower()}"),
            Transfer("TX-3", "12.00", "Kundennummer 4711"),
            Transfer("TX-4", "5.00", "Kontofuehrung", credit=False),
        ]
    )
    result = statement_import(actor=operator, filename="auszug.xml", content=statement)
    assert (result.format, result.rows, result.matched) == ("camt053", 4, 2)
    assert [(r["bank_reference"], r["status"]) for r in result.results] == [
        ("TX-1", "matched"),
        ("TX-2", "matched"),
        ("TX-3", "unmatched"),
        ("TX-4", "ignored"),
    ]
    for order in (first, second):
        order.refresh_from_db()
        assert order.payment_status == Order.PaymentStatus.PAID
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    assert account_balance(PLATFORM_CASH, "EUR").amount == 3999 + 5995
    unmatched = BankTransaction.objects.get(bank_reference="TX-3")
    assert unmatched.status == BankTransaction.Status.UNMATCHED and unmatched.debtor_name == "Erika Mustermann"
    assert ledger_balances_to_zero()


def test_the_same_statement_or_transaction_twice_books_nothing_twice(shop, operator):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    statement = camt053([Transfer("TX-1", "39.99", order.number), Transfer("TX-2", "1.00", "?")])
    statement_import(actor=operator, filename="a.xml", content=statement)
    before = row_counts()
    with pytest.raises(Conflict) as caught:
        statement_import(actor=operator, filename="a-again.xml", content=statement)
    # The message is in the active language (German by default); the code and field are not.
    assert (caught.value.code, caught.value.field) == ("already_imported", "file")
    assert str(ReceiptImport.objects.get().id) in caught.value.message  # it names the earlier import
    assert row_counts() == before
    # Another file (the next day's statement) repeating both transactions: listed, not booked.
    overlapping = camt053(
        [Transfer("TX-1", "39.99", order.number), Transfer("TX-2", "1.00", "?")], statement_id="STMT-2"
    )
    again = statement_import(actor=operator, filename="b.xml", content=overlapping)
    assert [r["status"] for r in again.results] == ["duplicate", "duplicate"]
    assert BankReceipt.objects.count() == 1 and BankTransaction.objects.count() == 2
    assert account_balance(PLATFORM_CASH, "EUR").amount == 3999


def test_csv_statement_is_matched_the_same_way(shop, operator):
    first = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    second = place(shop["buyer"], [(shop["beta_offer"], 1)])
    csv_text = (
        "reference;amount;currency;received_on;bank_reference;name\n"
        f"Bestellung {first.number};39,99;EUR;20.11.2026;TX-1;Erika\n"
        f"{second.number};10.00;EUR;2026-11-20;TX-2;Erika\n"
    )
    result = statement_import(actor=operator, filename="auszug.csv", content=csv_text.encode())
    assert [(r["status"], r.get("order")) for r in result.results] == [
        ("matched", first.number),
        ("unmatched", second.number),
    ]
    tx = BankTransaction.objects.get(bank_reference="TX-2")
    assert tx.suggested_order == second and tx.booked_on == date(2026, 11, 20)  # a partial payment is confirmed by hand


def test_partial_payments_add_up_and_only_then_the_parts_become_payable(shop, operator):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])  # 39.99
    VendorOrder.objects.filter(order=order).update(
        status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=60)
    )
    bank_receipt_record(
        actor=operator,
        reference=order.number,
        amount=Money(1500, "EUR"),
        received_on=date.today(),
        bank_reference="P-1",
    )
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PENDING
    assert invoice_outstanding(order=order) == Money(2499, "EUR")
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 2499
    assert shop["alpha"].id not in vendor_available_balances(currency="EUR")  # payouts wait for the whole invoice
    bank_receipt_record(
        actor=operator,
        reference=order.number,
        amount=Money(2499, "EUR"),
        received_on=date.today(),
        bank_reference="P-2",
    )
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    assert vendor_available_balances(currency="EUR")[shop["alpha"].id] > 0
    assert not BuyerCredit.objects.exists()
    assert ledger_balances_to_zero()


def test_over_payment_becomes_a_refund_due_and_is_closed_when_sent_back(shop, operator):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])  # 39.99
    receipt = bank_receipt_record(
        actor=operator,
        reference=order.number,
        amount=Money(5000, "EUR"),
        received_on=date.today(),
        bank_reference="O-1",
    )
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    assert (receipt.applied_amount, receipt.excess_amount) == (3999, 1001)
    item = BuyerCredit.objects.get()
    assert (item.order, item.amount, item.status, item.reason) == (order, 1001, "open", "overpayment")
    assert account_balance(BUYER_CREDITS, "EUR").amount == -1001  # owed back to the buyer
    assert account_balance(PLATFORM_CASH, "EUR").amount == 5000
    with pytest.raises(DomainError):
        buyer_credit_refund(actor=operator, credit_id=item.id, refund_reference=" ")
    buyer_credit_refund(actor=operator, credit_id=item.id, refund_reference="SEPA-OUT-1")
    assert account_balance(BUYER_CREDITS, "EUR").amount == 0
    assert account_balance(PLATFORM_CASH, "EUR").amount == 3999
    before = row_counts()
    with pytest.raises(Conflict):
        buyer_credit_refund(actor=operator, credit_id=item.id, refund_reference="SEPA-OUT-2")
    assert row_counts() == before
    assert ledger_balances_to_zero()


def test_unmatched_transfers_are_matched_by_hand_or_returned(shop, operator):
    order = place(shop["buyer"], [(shop["beta_offer"], 1)])  # 59.95
    other = place(shop["buyer"], [(shop["alpha_offer"], 1)])  # 39.99
    statement_import(
        actor=operator,
        filename="a.xml",
        content=camt053(
            [Transfer("TX-A", "59.95", "Zahlung Lampe"), Transfer("TX-B", "20.00", f"{other.number} Rate 1")]
        ),
    )
    no_reference, part = (
        BankTransaction.objects.get(bank_reference="TX-A"),
        BankTransaction.objects.get(bank_reference="TX-B"),
    )
    assert no_reference.status == part.status == "unmatched"
    assert (no_reference.suggested_order, part.suggested_order) == (None, other)
    with pytest.raises(DomainError):
        bank_transaction_match(actor=operator, transaction_id=no_reference.id, order_number="NO-SUCH")
    bank_transaction_match(actor=operator, transaction_id=no_reference.id, order_number=order.number)
    bank_transaction_match(actor=operator, transaction_id=part.id, order_number=other.number)
    order.refresh_from_db()
    other.refresh_from_db()
    assert (order.payment_status, other.payment_status) == ("paid", "pending")
    assert invoice_outstanding(order=other) == Money(1999, "EUR")
    # The buyer pays the first order a second time: it cannot be booked to it, only returned.
    statement_import(
        actor=operator, filename="b.xml", content=camt053([Transfer("TX-C", "59.95", order.number)], statement_id="S2")
    )
    twice = BankTransaction.objects.get(bank_reference="TX-C")
    assert (twice.status, twice.suggested_order) == ("unmatched", order)
    with pytest.raises(Conflict):
        bank_transaction_match(actor=operator, transaction_id=twice.id, order_number=order.number)
    credit_item = bank_transaction_return(actor=operator, transaction_id=twice.id)
    assert (credit_item.amount, credit_item.reason, credit_item.order) == (5995, "unassigned", order)
    assert account_balance(BUYER_CREDITS, "EUR").amount == -5995
    with pytest.raises(Conflict):
        bank_transaction_return(actor=operator, transaction_id=twice.id)
    assert ledger_balances_to_zero()


def test_tx_b_is_not_matched_automatically_when_the_amount_is_already_covered(shop, operator):
    """Two transfers in one statement both naming an order: the first settles it, the second waits."""
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    result = statement_import(
        actor=operator,
        filename="a.xml",
        content=camt053([Transfer("TX-1", "39.99", order.number), Transfer("TX-2", "39.99", order.number)]),
    )
    assert [r["status"] for r in result.results] == ["matched", "unmatched"]
    assert account_balance(PLATFORM_CASH, "EUR").amount == 3999


def test_order_numbers_are_found_in_payment_references():
    assert order_numbers_in("RE 261120-1A2B3C4D und 261121 5E6F7A8B") == ["261120-1A2B3C4D"]
    assert order_numbers_in("re261120-1a2b3c4d") == ["261120-1A2B3C4D"]
    assert order_numbers_in("99261120-1A2B3C4D") == []
    assert order_numbers_in("2611201A2B3C4D, 2611201A2B3C4D") == ["261120-1A2B3C4D"]
    assert order_numbers_in("IBAN DE02120300000000202051") == []


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>&lol2;</Id></Stmt></BkToCstmrStmt></Document>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>&xxe;</Id></Stmt></BkToCstmrStmt></Document>"""
PAIN001 = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>"""


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"<Document><BkToCstmrStmt>", "not well-formed"),
        (PAIN001, "not an ISO 20022 camt.053 document"),
        (BILLION_LAUGHS, "DTD or entity"),
        (EXTERNAL_ENTITY, "DTD or entity"),
        (camt053([]), "no booked transactions"),
        (camt053([Transfer("TX-1", "1.234", "x")]), "invalid amount"),
        ("<?xml version='1.0' encoding='latin-1'?><Document>é</Document>".encode("latin-1"), "not UTF-8"),
        (b"%PDF-1.4 binary\x00\x01", "neither a CAMT.053 statement"),
        (b"\xff\xfe\x00b\x00a\x00d", "neither a CAMT.053 statement"),
        (b"   \n", "empty"),
        (b"just,some,columns\n1,2,3\n", "lacks the columns"),
        (b"reference,amount,currency,received_on,bank_reference\n", "no rows"),
        (
            b"reference,amount,currency,received_on,bank_reference\nx,1.00,EUR,2026-11-20,TX-1\nx,1.00,EUR,gestern,TX-2\n",
            "Line 3",
        ),
    ],
)
def test_bad_files_give_a_clear_error_and_change_nothing(shop, operator, content, fragment):
    place(shop["buyer"], [(shop["alpha_offer"], 1)])
    before = row_counts()
    upload = SimpleUploadedFile("auszug.xml", content, content_type="application/xml")
    response = client_for(operator).post(
        "/api/payouts/operator/receipts/import/", {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.data
    assert fragment in str(response.data["file"])
    assert row_counts() == before


def test_a_statement_too_big_is_refused_before_it_is_read(shop, operator, settings):
    settings.MARKETPLACE_STATEMENT_MAX_BYTES = 1024
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    content = camt053([Transfer(f"TX-{i}", "39.99", order.number) for i in range(10)])
    before = row_counts()
    with pytest.raises(DomainError) as caught:
        statement_import(actor=operator, filename="big.xml", content=content)
    assert "larger than 1 KiB" in caught.value.message
    upload = SimpleUploadedFile("big.xml", content, content_type="application/xml")
    response = client_for(operator).post(
        "/api/payouts/operator/receipts/import/", {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "larger than" in str(response.data["file"])
    assert row_counts() == before


# --- Dunning ------------------------------------------------------------------------------------


def overdue(order: Order, days: int) -> None:
    Order.objects.filter(id=order.id).update(payment_due_date=date.today() - timedelta(days=days))


def test_dunning_levels_with_fees_and_mails(shop, settings, mailoutbox):
    settings.MARKETPLACE_DUNNING_REMINDER_DAYS = 3
    settings.MARKETPLACE_DUNNING_SECOND_REMINDER_DAYS = 10
    settings.MARKETPLACE_DUNNING_HANDOVER_DAYS = 10
    settings.MARKETPLACE_DUNNING_REMINDER_FEE = 0
    settings.MARKETPLACE_DUNNING_SECOND_REMINDER_FEE = 250
    settings.MARKETPLACE_DUNNING_HANDOVER_FEE = 500
    late = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    not_yet = place(shop["buyer"], [(shop["beta_offer"], 1)])
    paid = place(shop["buyer"], [(shop["beta_offer"], 1)])
    bank_receipt_record(
        actor=None, reference=paid.number, amount=paid.total, received_on=date.today(), bank_reference="B-1"
    )
    overdue(late, 3)
    overdue(not_yet, 2)
    overdue(paid, 30)
    outbox_deliver()  # the order confirmations
    mailoutbox.clear()
    report = dunning_run()
    assert report.sent == {1: [late.number], 2: [], 3: []}
    outbox_deliver()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [late.email]
    assert late.number in message.subject and "Zahlungserinnerung" in message.subject  # the buyer's language: German
    assert "39,99" in message.body or "39.99" in message.body
    # Running again the same day sends nothing twice.
    assert dunning_run().total == 0
    # Ten days after the reminder: the second reminder with its fee; ten more: the hand-over.
    later = date.today() + timedelta(days=10)
    assert dunning_run(today=later).sent == {1: [not_yet.number], 2: [late.number], 3: []}
    assert dunning_run(today=later).total == 0
    assert dunning_run(today=later + timedelta(days=10)).sent == {1: [], 2: [not_yet.number], 3: [late.number]}
    assert late.number not in str(dunning_run(today=later + timedelta(days=40)).sent)  # nothing after the hand-over
    assert invoice_outstanding(order=late) == Money(3999 + 250 + 500, "EUR")
    assert account_balance(DUNNING_FEES, "EUR").amount == -(250 + 500) * 2
    outbox_deliver()
    late_mails = [m.subject.split(" ")[0] for m in mailoutbox if late.number in m.subject]
    assert late_mails == ["Zahlungserinnerung", "Zweite", "Ihre"]
    # Paying the amount with the fees settles it.
    bank_receipt_record(
        actor=None, reference=late.number, amount=Money(4749, "EUR"), received_on=date.today(), bank_reference="B-2"
    )
    late.refresh_from_db()
    assert late.payment_status == Order.PaymentStatus.PAID
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 5995 + 750  # only not_yet is still owed
    assert JournalEntry.objects.filter(kind="dunning_fee").count() == 4
    assert ledger_balances_to_zero()


def test_dunning_management_command(shop, settings):
    settings.MARKETPLACE_DUNNING_REMINDER_DAYS = 1
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    overdue(order, 1)
    from io import StringIO

    out = StringIO()
    call_command("dunning_run", stdout=out)
    assert f"reminders: 1 ({order.number})" in out.getvalue()
    assert DunningNotice.objects.filter(order=order, level=1).exists()
