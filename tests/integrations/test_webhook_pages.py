"""The seller portal's webhook page (owners only): subscribe, the secret once, the log, replay."""

import pytest
from standardwebhooks.webhooks import Webhook

from integrations import webhooks
from integrations.models import WebhookDelivery, WebhookSubscription
from tests.conftest import row_counts
from tests.factories import UserFactory, make_vendor
from tests.frontend.test_pages import browser
from tests.integrations.test_webhooks import _order, drain, receiver, shop  # noqa: F401 (fixtures)
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db


def test_owner_subscribes_sees_the_log_and_replays(shop, receiver):  # noqa: F811
    client = browser(shop["owner"])
    empty = client.get("/seller/webhooks/")
    assert empty.status_code == 200 and "No webhooks yet" in empty.content.decode()

    created = client.post("/seller/webhooks/new/", {"url": receiver.url, "events": ["order.created"]})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    subscription = WebhookSubscription.objects.get(vendor=shop["alpha"])
    assert subscription.secret in created.content.decode()
    assert subscription.secret not in client.get("/seller/webhooks/").content.decode()

    _order(shop["offer"])
    drain()
    page = client.get("/seller/webhooks/").content.decode()
    assert "order.created" in page and "HTTP 204" in page
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert client.post(f"/seller/webhooks/deliveries/{delivery.id}/replay/").status_code == 302
    drain()
    assert len(receiver.requests) == 2
    assert Webhook(subscription.secret).verify(receiver.requests[1].body, receiver.requests[1].headers)

    assert client.post(f"/seller/webhooks/{subscription.id}/delete/").status_code == 302
    assert not WebhookSubscription.objects.exists()


def test_bad_input_names_the_field_and_changes_nothing(shop):  # noqa: F811
    before = row_counts()
    response = browser(shop["owner"]).post("/seller/webhooks/new/", {"url": "ftp://x.test/", "events": []})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "events" in errors
    response = browser(shop["owner"]).post(
        "/seller/webhooks/new/", {"url": "ftp://x.test/", "events": ["order.created"]}
    )
    assert response.status_code == 400
    assert "url" in response.context["form"].errors
    assert row_counts() == before


@pytest.mark.parametrize("role", ["manager", "fulfilment", "finance"])
def test_only_owners_manage_webhooks(role):
    vendor, owner = make_vendor(name="Alpha")
    subscription = webhooks.subscription_create(
        vendor=vendor, actor=owner, url="https://hooks.example.invalid/", events=["order.created"]
    )
    member = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=member, role=role)
    client = browser(member)
    assert client.get("/seller/webhooks/").status_code == 403
    assert client.post(f"/seller/webhooks/{subscription.id}/delete/").status_code == 403
    assert WebhookSubscription.objects.filter(id=subscription.id).exists()


def test_another_vendors_subscription_is_missing():
    vendor, owner = make_vendor(name="Alpha")
    subscription = webhooks.subscription_create(
        vendor=vendor, actor=owner, url="https://hooks.example.invalid/", events=["order.created"]
    )
    _other, other_owner = make_vendor(name="Beta")
    assert browser(other_owner).post(f"/seller/webhooks/{subscription.id}/delete/").status_code == 404
    assert WebhookSubscription.objects.filter(id=subscription.id).exists()
