"""The console's webhook page: every seller's subscriptions and deliveries, filters, an audited
replay; operators only."""

import pytest
from standardwebhooks.webhooks import Webhook

from integrations import webhooks
from integrations.models import WebhookDelivery
from marketplace.models import AuditLogEntry
from tests.conftest import row_counts
from tests.frontend.test_pages import browser
from tests.integrations.test_webhooks import _order, drain, receiver, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(shop, receiver):  # noqa: F811
    """Alpha's and Beta's subscriptions, each with one delivered order.created."""
    alpha = webhooks.subscription_create(
        vendor=shop["alpha"], actor=shop["owner"], url=receiver.url + "/alpha", events=["order.created"]
    )
    beta_owner = shop["beta"].members.get().user
    beta = webhooks.subscription_create(
        vendor=shop["beta"], actor=beta_owner, url=receiver.url + "/beta", events=["order.created"]
    )
    _order(shop["offer"])
    _order(shop["beta_offer"], key="k-2")
    drain()
    assert len(receiver.requests) == 2
    return alpha, beta


def test_operators_see_every_sellers_webhooks_and_filter_them(logged, operator, shop):  # noqa: F811
    alpha, beta = logged
    client = browser(operator)
    page = client.get("/console/webhooks/")
    assert page.status_code == 200
    html = page.content.decode()
    assert alpha.url in html and beta.url in html and "Alpha" in html and "Beta" in html
    assert alpha.secret not in html and beta.secret not in html  # the secrets stay with their owners
    assert {d.subscription_id for d in page.context["page"].object_list} == {alpha.id, beta.id}

    only_alpha = client.get("/console/webhooks/", {"vendor": shop["alpha"].id})
    assert [s.id for s in only_alpha.context["subscriptions"]] == [alpha.id]
    assert {d.subscription_id for d in only_alpha.context["page"].object_list} == {alpha.id}
    failed = client.get("/console/webhooks/", {"status": "failed"})
    assert (
        list(failed.context["page"].object_list) == [] and "No delivery matches the filter." in failed.content.decode()
    )

    for query, field in (({"status": "lost"}, "status"), ({"vendor": "abc"}, "vendor")):
        bad = client.get("/console/webhooks/", query)
        assert bad.status_code == 400 and field in bad.context["form"].errors


def test_an_operator_replays_a_sellers_delivery_audited(logged, operator, receiver):  # noqa: F811
    alpha, _beta = logged
    delivery = WebhookDelivery.objects.get(subscription=alpha)
    client = browser(operator)
    response = client.post(f"/console/webhooks/deliveries/{delivery.id}/replay/", {"next": "/console/webhooks/"})
    assert response.status_code == 302 and response["Location"] == "/console/webhooks/"
    drain()
    assert len(receiver.requests) == 3
    again = receiver.requests[2]
    assert Webhook(alpha.secret).verify(again.body, again.headers)
    assert again.headers["webhook-id"] == delivery.event_id  # the same event, sent again
    entry = AuditLogEntry.objects.get(action="webhook.replay", object_id=str(delivery.id))
    assert entry.actor == operator and entry.data["by_operator"] is True
    assert entry.data["vendor_id"] == alpha.vendor_id

    # A missing delivery is a 404 and changes nothing.
    before = row_counts()
    assert client.post("/console/webhooks/deliveries/999999/replay/").status_code == 404
    assert row_counts() == before


def test_sellers_and_anonymous_visitors_do_not_get_the_console_page(logged, shop):  # noqa: F811
    alpha, _beta = logged
    delivery = WebhookDelivery.objects.get(subscription=alpha)
    owner = browser(shop["owner"])
    assert owner.get("/console/webhooks/").status_code == 404
    before = row_counts()
    assert owner.post(f"/console/webhooks/deliveries/{delivery.id}/replay/").status_code == 404
    assert row_counts() == before
    anonymous = browser()
    assert anonymous.get("/console/webhooks/").status_code == 302
    assert anonymous.post(f"/console/webhooks/deliveries/{delivery.id}/replay/").status_code in (302, 403)
