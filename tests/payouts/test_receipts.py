"""Invoice payment: bank receipts by hand or from a CSV, with the early-payment discount."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import Order
from payouts.ledger import BUYER_RECEIVABLE, PLATFORM_CASH, account_balance, vendor_payable
from tests.conftest import client_for, row_counts
from tests.payouts.conftest import place

pytestmark = pytest.mark.django_db


def receipt(order, cents, **overrides):
    body = {
        "reference": order.number,
        "amount": {"amount": cents, "currency": "EUR"},
        "received_on": str(date.today()),
        "bank_reference": f"bank-{order.number}",
    }
    body.update(overrides)
    return body


def test_operator_records_a_bank_receipt(shop, operator):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    api = client_for(operator)
    response = api.post("/api/payouts/operator/receipts/", receipt(order, 3999), format="json")
    assert response.status_code == 201, response.data
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    assert account_balance(PLATFORM_CASH, "EUR").amount == 3999
    # The same bank line again, or a second payment, changes nothing.
    before = row_counts()
    assert api.post("/api/payouts/operator/receipts/", receipt(order, 3999), format="json").status_code == 409
    assert (
        api.post(
            "/api/payouts/operator/receipts/", receipt(order, 3999, bank_reference="other"), format="json"
        ).status_code
        == 409
    )
    assert row_counts() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": {"amount": 0, "currency": "EUR"}}, "amount"),
        ({"reference": "NO-SUCH-ORDER"}, "reference"),
        ({"received_on": "gestern"}, "received_on"),
        ({"bank_reference": ""}, "bank_reference"),
    ],
)
def test_receipts_that_do_not_match_are_refused(shop, operator, overrides, field):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    before = row_counts()
    response = client_for(operator).post(
        "/api/payouts/operator/receipts/", receipt(order, 3999, **overrides), format="json"
    )
    assert 400 <= response.status_code < 500 and field in response.data, response.data
    assert row_counts() == before


def test_early_payment_discount_is_borne_by_the_sellers(shop, operator, settings):
    settings.MARKETPLACE_INVOICE_DISCOUNT_BPS = 200  # 2 % Skonto within 7 days
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    assert order.early_payment_discount_until == date.today() + timedelta(days=7)
    owed_before = {v: -account_balance(vendor_payable(shop[v].id), "EUR").amount for v in ("alpha", "beta")}
    api = client_for(operator)
    response = api.post("/api/payouts/operator/receipts/", receipt(order, 9994 - 200), format="json")
    assert response.status_code == 201, response.data
    order.refresh_from_db()
    assert order.payment_status == "paid"
    assert account_balance(PLATFORM_CASH, "EUR").amount == 9794
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    borne = {v: owed_before[v] + account_balance(vendor_payable(shop[v].id), "EUR").amount for v in owed_before}
    assert borne == {"alpha": 80, "beta": 120}  # 2.00 EUR split 3999 : 5995


def test_the_discounted_amount_paid_too_late_is_a_partial_payment(shop, operator, settings):
    settings.MARKETPLACE_INVOICE_DISCOUNT_BPS = 200
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    late = str(date.today() + timedelta(days=8))
    response = client_for(operator).post(
        "/api/payouts/operator/receipts/", receipt(order, 9994 - 200, received_on=late), format="json"
    )
    assert response.status_code == 201, response.data
    order.refresh_from_db()
    assert order.payment_status == "pending"  # the discount period is over: 2.00 EUR are still owed
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 200


def test_csv_import_matches_rows_and_reports_each(shop, operator):
    first = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    second = place(shop["buyer"], [(shop["beta_offer"], 1)])
    csv_text = (
        "reference;amount;currency;received_on;bank_reference\n"
        f"{first.number};39,99;EUR;2026-11-20;TX-1\n"
        f"{second.number};10.00;EUR;2026-11-20;TX-2\n"
        "UNKNOWN;5.00;EUR;2026-11-20;TX-3\n"
        f"{second.number};-59.95;EUR;20.11.2026;TX-4\n"
    )
    upload = SimpleUploadedFile("kontoauszug.csv", csv_text.encode(), content_type="text/csv")
    response = client_for(operator).post("/api/payouts/operator/receipts/import/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.data
    assert (response.data["format"], response.data["rows"], response.data["matched"]) == ("csv", 4, 1)
    statuses = [(r["line"], r["status"], r.get("order")) for r in response.data["results"]]
    assert statuses == [
        (2, "matched", first.number),
        (3, "unmatched", second.number),
        (4, "unmatched", None),
        (5, "ignored", None),
    ]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.payment_status == "paid" and second.payment_status == "pending"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\xff\xfe\x00b\x00a\x00d", "neither a CAMT.053 statement"),
        (b"just,some,columns\n1,2,3\n", "lacks the columns"),
        (b"reference,amount,currency,received_on,bank_reference\n", "no rows"),
        (b"%PDF-1.4 binary\x00\x01", "nor a CSV text file"),
    ],
)
def test_bad_files_are_refused_whole(shop, operator, content, fragment):
    before = row_counts()
    upload = SimpleUploadedFile("x.csv", content, content_type="text/csv")
    response = client_for(operator).post(
        "/api/payouts/operator/receipts/import/", {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert fragment in str(response.data["file"])
    assert row_counts() == before


def test_only_operators_record_receipts(shop):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    api = client_for(shop["alpha_owner"])
    assert api.post("/api/payouts/operator/receipts/", receipt(order, 3999), format="json").status_code == 403
    assert account_balance(vendor_payable(shop["alpha"].id), "EUR").amount < 0
