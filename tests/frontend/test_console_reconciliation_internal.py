"""Reconciliation without a Stripe key (issue 19.5): bank receipts and payouts are still checked
against the ledger, and the page says plainly what it cannot check; never a 400 for that."""

from datetime import date

import pytest

from payouts.models import BankReceipt, Payout
from tests.frontend.test_console_money import PERIOD, history  # noqa: F401  (fixture)
from tests.frontend.test_pages import browser
from tests.payouts.conftest import shop  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_without_a_stripe_key_receipts_and_payouts_are_checked(shop, operator, history, settings):  # noqa: F811
    settings.STRIPE_SECRET_KEY = ""
    client = browser(operator)
    blank = client.get("/console/reconciliation/")
    assert blank.status_code == 200 and "No Stripe key is configured" in blank.content.decode()
    response = client.get("/console/reconciliation/", PERIOD)
    assert response.status_code == 200
    internal = response.context["internal"]
    assert response.context["rows"] is None  # Stripe was not asked
    assert internal.receipts_checked == BankReceipt.objects.count() >= 1
    assert internal.payouts_checked == Payout.objects.count() >= 1
    assert internal.differences == []
    html = response.content.decode()
    assert "Stripe&#x27;s side cannot be checked" in html or "Stripe's side cannot be checked" in html
    assert "The ledger agrees with" in html

    # A receipt the ledger never booked (written around the service) is reported.
    order = history["invoice"]
    BankReceipt.objects.create(
        order=order, currency="EUR", amount=500, received_on=date.fromisoformat(PERIOD["date_to"]), bank_reference="X-1"
    )
    differences = client.get("/console/reconciliation/", PERIOD).context["internal"].differences
    assert [(d.kind, d.status, d.reference, d.amount, d.ledger_amount) for d in differences] == [
        ("bank_receipt", "missing_in_ledger", "X-1", 500, None)
    ]


def test_with_a_stripe_key_both_sides_are_shown(shop, operator, history):  # noqa: F811
    response = browser(operator).get("/console/reconciliation/", PERIOD)
    assert response.status_code == 200
    assert response.context["rows"] is not None and response.context["internal"].differences == []
    assert "No Stripe key is configured" not in response.content.decode()
