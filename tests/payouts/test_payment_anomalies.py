"""A payment webhook whose amount or currency is not the order's becomes an anomaly for operators:
recorded once, the event processed (not retried forever), the order left unpaid, nothing booked."""

import pytest

from marketplace.models import Order
from payouts.models import JournalEntry, PaymentAnomaly, StripeEvent
from payouts.services.webhooks import stripe_events_retry
from tests.conftest import client_for
from tests.payouts.conftest import place, webhook

pytestmark = pytest.mark.django_db


def succeeded(settings, order, *, amount, currency, event_id):
    return webhook(
        settings,
        "payment_intent.succeeded",
        {
            "id": order.payment_intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": amount,
            "currency": currency,
            "metadata": {"order_number": order.number},
            "status": "succeeded",
        },
        event_id=event_id,
    )


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        (dict(amount_delta=-1), "amount_mismatch"),
        (dict(currency="usd"), "currency_mismatch"),
        (dict(currency="xyz"), "currency_mismatch"),
    ],
)
def test_a_mismatched_payment_is_an_anomaly_not_a_retry_loop(
    shop, settings, operator, django_capture_on_commit_callbacks, change, kind
):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)], method="card", capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    amount = order.total_amount + change.get("amount_delta", 0)
    response = succeeded(
        settings, order, amount=amount, currency=change.get("currency", "eur"), event_id=f"evt_odd_{kind}"
    )
    assert response.status_code == 200, response.data
    event = StripeEvent.objects.get(event_id=f"evt_odd_{kind}")
    assert event.status == StripeEvent.Status.PROCESSED and event.attempts == 1
    assert str(order.number) in event.last_error
    anomaly = PaymentAnomaly.objects.get()
    assert (anomaly.order_id, anomaly.kind, anomaly.expected_amount, anomaly.received_amount) == (
        order.id,
        kind,
        order.total_amount,
        amount,
    )
    assert anomaly.received_currency == change.get("currency", "eur").upper()
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PENDING
    assert not JournalEntry.objects.filter(reference=order.number).exists()
    # The periodic retry leaves it alone; a second delivery records nothing new.
    assert stripe_events_retry() == 0
    assert StripeEvent.objects.get(id=event.id).attempts == 1
    succeeded(settings, order, amount=amount, currency=change.get("currency", "eur"), event_id=f"evt_odd_{kind}")
    assert PaymentAnomaly.objects.count() == 1
    # Operators see it; nobody else does.
    listed = client_for(operator).get("/api/payouts/operator/payment-anomalies/")
    assert listed.status_code == 200
    assert [(row["order_number"], row["kind"]) for row in listed.data["results"]] == [(order.number, kind)]
    assert client_for(shop["buyer"]).get("/api/payouts/operator/payment-anomalies/").status_code == 403


def test_a_matching_payment_after_an_anomaly_still_pays_the_order(shop, settings, django_capture_on_commit_callbacks):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)], method="card", capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    succeeded(settings, order, amount=order.total_amount + 100, currency="eur", event_id="evt_too_much")
    succeeded(settings, order, amount=order.total_amount, currency="eur", event_id="evt_right")
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    assert PaymentAnomaly.objects.count() == 1
