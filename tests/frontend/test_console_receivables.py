"""Console receivables pages: open invoices with filters and search, the bank page (statement
import, matching by hand, returning, refunds due). Staff only; the rules are payouts' services."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from marketplace.models import Order
from payouts.models import BankTransaction, BuyerCredit
from tests.conftest import row_counts
from tests.factories import login_operator
from tests.frontend.test_pages import browser
from tests.payouts.camt import Transfer, camt053
from tests.payouts.conftest import place, shop  # noqa: F401  (shop is a fixture)

pytestmark = pytest.mark.django_db


def german(operator) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(client, operator)
    return client


def test_pages_answer_with_empty_states(operator):
    client = german(operator)
    invoices = client.get("/console/receivables/")
    assert invoices.status_code == 200
    assert "Keine offenen Rechnungen" in invoices.content.decode()
    assert client.get("/console/receivables/?status=overdue").status_code == 200
    bank = client.get("/console/receivables/bank/")
    text = bank.content.decode()
    assert bank.status_code == 200
    assert (
        "Nichts von Hand zuzuordnen" in text
        and "Keine Rückzahlungen fällig" in text
        and "Noch keine Kontoauszüge importiert" in text
    )


def test_invoice_list_filters_and_searches(shop, operator):  # noqa: F811
    due = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    late = place(shop["buyer"], [(shop["beta_offer"], 1)])
    Order.objects.filter(id=late.id).update(payment_due_date=date.today() - timedelta(days=5))
    client = german(operator)
    page = client.get("/console/receivables/").content.decode()
    assert due.number in page and late.number in page and "Überfällig" in page
    overdue = client.get("/console/receivables/?status=overdue").content.decode()
    assert late.number in overdue and due.number not in overdue
    found = client.get(f"/console/receivables/?status=all&q={due.number[-8:].lower()}").content.decode()
    assert due.number in found and late.number not in found
    assert "Keine Rechnung passt" in client.get("/console/receivables/?q=nothing-like-it").content.decode()
    assert client.get("/console/receivables/?status=bogus").status_code == 400


def test_import_match_by_hand_and_refund_through_the_pages(shop, operator):  # noqa: F811
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])  # 39.99
    other = place(shop["buyer"], [(shop["beta_offer"], 1)])  # 59.95
    client = german(operator)
    statement = camt053([Transfer("TX-1", "39.99", f"RE {order.number}"), Transfer("TX-2", "70.00", "Lampe")])
    response = client.post(
        "/console/receivables/bank/import/", {"file": SimpleUploadedFile("auszug.xml", statement)}, follow=True
    )
    text = response.content.decode()
    assert response.status_code == 200 and "1 Überweisungen Rechnungen zugeordnet, 1 von Hand zuzuordnen" in text
    assert "Lampe" in text
    order.refresh_from_db()
    assert order.payment_status == "paid"
    tx = BankTransaction.objects.get(bank_reference="TX-2")
    # A wrong order number: the form says so, nothing is booked.
    before = row_counts()
    wrong = client.post(f"/console/receivables/bank/{tx.id}/match/", {f"tx-{tx.id}-order_number": "NOPE"})
    assert wrong.status_code == 400 and "Keine Rechnungsbestellung mit dem Verwendungszweck" in wrong.content.decode()
    assert row_counts() == before
    done = client.post(
        f"/console/receivables/bank/{tx.id}/match/", {f"tx-{tx.id}-order_number": other.number}, follow=True
    )
    assert "Überzahlung steht als fällige Rückzahlung bereit" in done.content.decode()
    credit_item = BuyerCredit.objects.get()
    assert credit_item.amount == 7000 - 5995
    refunded = client.post(
        f"/console/receivables/credits/{credit_item.id}/refund/",
        {f"credit-{credit_item.id}-refund_reference": "RUECK-1"},
        follow=True,
    )
    assert "Die Rückzahlung von" in refunded.content.decode()
    credit_item.refresh_from_db()
    assert credit_item.status == "refunded"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"<Document><kaputt>", "nicht wohlgeformt"),
        (b"%PDF-1.4\x00\x01", "weder ein CAMT.053-Kontoauszug"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Document/>', "DTD"),
    ],
)
def test_a_bad_file_is_refused_on_the_page_and_changes_nothing(operator, content, fragment):
    client = german(operator)
    before = row_counts()
    response = client.post("/console/receivables/bank/import/", {"file": SimpleUploadedFile("auszug.xml", content)})
    assert response.status_code == 400
    text = response.content.decode()
    assert fragment in text
    assert row_counts() == before


def test_only_operators_reach_the_receivables_pages(shop):  # noqa: F811
    seller = browser(shop["alpha_owner"])
    for url in ("/console/receivables/", "/console/receivables/bank/"):
        assert seller.get(url).status_code == 404
        assert Client().get(url).status_code == 302
    assert (
        seller.post("/console/receivables/bank/import/", {"file": SimpleUploadedFile("a.xml", b"<x/>")}).status_code
        == 404
    )
