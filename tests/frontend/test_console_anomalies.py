"""Console page of payment anomalies (issue 19.5): listed, resolved with a note (audited), the
order stays unpaid; staff only."""

import pytest

from marketplace.models import AuditLogEntry, Order
from payouts.models import PaymentAnomaly
from tests.conftest import row_counts
from tests.factories import UserFactory
from tests.frontend.test_pages import browser
from tests.payouts.conftest import place, shop  # noqa: F401  (fixture)
from tests.payouts.test_payment_anomalies import succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def anomaly(shop, settings, django_capture_on_commit_callbacks):  # noqa: F811
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)], method="card", capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    succeeded(settings, order, amount=order.total_amount - 100, currency="eur", event_id="evt_console_odd")
    return PaymentAnomaly.objects.get()


def test_operator_resolves_an_anomaly(operator, anomaly):
    client = browser(operator)
    page = client.get("/console/payment-anomalies/")
    assert page.status_code == 200 and anomaly.order.number in page.content.decode()
    assert "No resolved anomalies" in client.get("/console/payment-anomalies/?show=resolved").content.decode()
    url = f"/console/payment-anomalies/{anomaly.id}/resolve/"
    before = row_counts()
    refused = client.post(url, {f"a{anomaly.id}-resolution": "  "})
    assert refused.status_code == 400 and row_counts() == before
    assert client.post(url, {f"a{anomaly.id}-resolution": "Auf Stripe erstattet"}).status_code == 302
    anomaly.refresh_from_db()
    assert anomaly.resolved_by == operator and anomaly.resolution == "Auf Stripe erstattet"
    assert Order.objects.get(id=anomaly.order_id).payment_status != Order.PaymentStatus.PAID
    assert AuditLogEntry.objects.filter(action="payment_anomaly.resolved", actor=operator).count() == 1
    again = client.post(url, {f"a{anomaly.id}-resolution": "Nochmal"})
    assert again.status_code == 400 and PaymentAnomaly.objects.get().resolution == "Auf Stripe erstattet"
    assert "No open payment anomalies" in client.get("/console/payment-anomalies/").content.decode()
    assert "Auf Stripe erstattet" in client.get("/console/payment-anomalies/?show=resolved").content.decode()
    assert client.post("/console/payment-anomalies/999999/resolve/", {"a999999-resolution": "x"}).status_code == 404


def test_anomalies_are_for_operators_only(anomaly, shop):  # noqa: F811
    before = row_counts()
    for user in (shop["buyer"], shop["alpha_owner"], UserFactory()):
        client = browser(user)
        assert client.get("/console/payment-anomalies/").status_code == 404
        url = f"/console/payment-anomalies/{anomaly.id}/resolve/"
        assert client.post(url, {f"a{anomaly.id}-resolution": "x"}).status_code == 404
    assert browser().get("/console/payment-anomalies/").status_code == 302
    assert row_counts() == before
