"""Money API errors in the client's language (Accept-Language), German catalogue in payouts/locale."""

import pytest

from tests.conftest import client_for, row_counts
from tests.payouts.conftest import place
from tests.payouts.test_receipts import receipt

pytestmark = pytest.mark.django_db


def test_a_refused_bank_receipt_is_explained_in_german_or_english(shop, operator):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    api = client_for(operator)
    assert api.post("/api/payouts/operator/receipts/", receipt(order, 3999), format="json").status_code == 201
    before = row_counts()
    again = receipt(order, 3999, bank_reference="second-transfer")
    german = api.post("/api/payouts/operator/receipts/", again, format="json", HTTP_ACCEPT_LANGUAGE="de")
    assert german.status_code == 409
    assert german.data["reference"] == [f"Die Bestellung {order.number} ist bereits bezahlt."]
    english = api.post("/api/payouts/operator/receipts/", again, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.data["reference"] == [f"Order {order.number} is already paid."]
    missing = api.post(
        "/api/payouts/operator/receipts/",
        receipt(order, 3999, reference="NO-SUCH"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert missing.status_code == 404 and missing.data["reference"] == [
        "Keine Rechnungsbestellung mit dem Verwendungszweck 'NO-SUCH'."
    ]
    assert row_counts() == before


def test_stripe_refusals_name_the_action_in_german(settings):
    from django.utils import translation

    from marketplace.money import Money
    from payouts import stripe_gateway

    settings.STRIPE_API_BASE = f"{settings.STRIPE_API_BASE}/refused"  # stripe-mock answers 404 invalid_request_error
    with translation.override("de"), pytest.raises(stripe_gateway.PaymentGatewayError) as error:
        stripe_gateway.transfer_create(amount=Money(100, "EUR"), destination="acct_1", idempotency_key="t-de")
    assert error.value.message.startswith("Stripe hat die Überweisung abgelehnt: Unrecognized request URL")


def test_a_seller_asking_to_refund_too_much_is_told_in_german(shop):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    vo = order.vendor_orders.get()
    line = vo.lines.get()
    api = client_for(shop["alpha_owner"])
    before = row_counts()
    body = {"vendor_order": vo.id, "lines": [{"order_line": line.id, "amount": 5000}], "reason": "Kratzer"}
    response = api.post("/api/payouts/seller/refunds/", body, format="json", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert response.data["lines"] == [
        f"Position {line.id} kann um 1 bis 3999 (Cent) erstattet werden; angefragt waren 5000."
    ]
    assert row_counts() == before
