"""DNS rebinding: a webhook host checked as public when subscribing may resolve to a private
address later. Each attempt resolves again, refuses a private answer, and connects to exactly the
address it checked (no second look-up between the check and the connection)."""

import socket
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from integrations import webhooks
from integrations.models import WebhookDelivery
from tests.integrations.test_webhooks import _order, drain, receiver, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_the_request_goes_to_the_checked_address_not_to_a_new_lookup(receiver):  # noqa: F811
    # ".invalid" never resolves (RFC 2606): the request can only reach the receiver through the
    # pinned address, and the Host header still names the URL's host.
    port = urlsplit(receiver.url).port
    response = webhooks.webhook_post(
        f"http://rebind.invalid:{port}/hooks", address="127.0.0.1", data=b"{}", timeout=5, allow_redirects=False
    )
    assert response.status_code == 204
    assert receiver.requests[0].headers["Host"] == f"rebind.invalid:{port}"


def test_a_host_that_now_resolves_to_a_private_address_is_refused_at_delivery(
    shop,  # noqa: F811
    receiver,  # noqa: F811
    settings,
    monkeypatch,
):
    port = urlsplit(receiver.url).port
    subscription = webhooks.subscription_create(
        vendor=shop["alpha"],
        actor=shop["owner"],
        url=f"https://hooks.example.com:{port}/hooks",
        events=["order.created"],
    )
    # Outside tests private targets are refused; the host's DNS now answers with loopback (the
    # resolver is the third party here: it cannot be run, so its answer is given).
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    monkeypatch.setattr(
        webhooks.socket,
        "getaddrinfo",
        lambda host, *args, **kwargs: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))],
    )
    _order(shop["offer"])
    with translation.override("en"):
        drain()
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status != WebhookDelivery.Status.DELIVERED
    assert "public addresses" in delivery.last_error
    assert receiver.requests == []  # nothing was sent
