"""Task c of issue #18: outgoing webhooks, signed per Standard Webhooks, retried, logged, replayable.

Deliveries go to a real HTTP server in a thread of the test process; signatures are verified with
the ``standardwebhooks`` library the way a subscriber would.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from buyers.services import cart_item_add, checkout_place
from integrations import webhooks
from integrations.models import WebhookDelivery, WebhookSubscription
from marketplace.errors import DomainError, NotFound
from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_deliver
from tests.factories import UserFactory, make_offer, make_operator, make_vendor
from tests.integrations.receiver import start_receiver
from vendors.services.fulfilment import vendor_order_cancel

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Alice Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def drain() -> None:
    """Deliver the outbox until nothing is due (a fan-out adds delivery rows of its own)."""
    for _round in range(10):
        report = outbox_deliver()
        if not report.delivered and not report.failed:
            return


def due_now() -> None:
    """Let the backoff pass: every pending row becomes due."""
    OutboxEvent.objects.filter(delivered_at__isnull=True).update(available_at=timezone.now())


@pytest.fixture
def receiver():
    found, server = start_receiver()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def shop(category, search_index):
    alpha, owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    offer = make_offer(vendor=alpha, owner=owner, category=category, title="Alpha Helm", stock=5)
    beta_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Beta Helm", stock=5)
    drain()  # what setting the shop up sent is not the subject
    return {"alpha": alpha, "owner": owner, "offer": offer, "beta": beta, "beta_offer": beta_offer}


def _order(offer, key="k-1"):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    return checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)


def test_a_subscriber_receives_order_created_with_a_valid_signature(shop, receiver):
    subscription = webhooks.subscription_create(
        vendor=shop["alpha"], actor=shop["owner"], url=receiver.url, events=["order.created", "order.cancelled"]
    )
    order = _order(shop["offer"])
    _order(shop["beta_offer"], key="k-2")  # Beta's order is not Alpha's business
    drain()

    assert len(receiver.requests) == 1
    received = receiver.requests[0]
    payload = Webhook(subscription.secret).verify(received.body, received.headers)
    part = order.vendor_orders.get()
    assert payload["type"] == "order.created"
    assert payload["data"]["vendor_order_id"] == part.id
    assert payload["data"]["order_number"] == order.number
    assert payload["data"]["lines"][0]["offer_id"] == shop["offer"].id
    assert received.headers["webhook-id"].startswith("msg_")
    with pytest.raises(WebhookVerificationError):  # another secret does not verify it
        Webhook("whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=").verify(received.body, received.headers)

    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == "delivered" and delivery.response_status == 204 and delivery.attempt_count == 1

    vendor_order_cancel(actor=shop["owner"], vendor_order_id=part.id, reason="Ausverkauft", by="vendor")
    drain()
    assert [Webhook(subscription.secret).verify(r.body, r.headers)["type"] for r in receiver.requests] == [
        "order.created",
        "order.cancelled",
    ]


def test_operators_subscription_receives_every_sellers_events(shop, receiver):
    operator = make_operator()
    subscription = webhooks.subscription_create(vendor=None, actor=operator, url=receiver.url, events=["order.created"])
    _order(shop["offer"])
    _order(shop["beta_offer"], key="k-2")
    drain()
    assert len(receiver.requests) == 2
    assert all(Webhook(subscription.secret).verify(r.body, r.headers) for r in receiver.requests)
    assert webhooks.delivery_list(vendor=None).count() == 2
    assert not webhooks.delivery_list(vendor=shop["alpha"]).exists()


def test_a_failing_endpoint_is_retried_with_backoff(shop, receiver):
    receiver.answers.extend([500, 503])
    subscription = webhooks.subscription_create(
        vendor=shop["alpha"], actor=shop["owner"], url=receiver.url, events=["order.created"]
    )
    _order(shop["offer"])
    drain()
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == "pending" and delivery.attempt_count == 1 and delivery.response_status == 500
    row = OutboxEvent.objects.get(topic=webhooks.WEBHOOK_DELIVERY, delivered_at__isnull=True)
    first_wait = row.available_at - delivery.last_attempt_at
    assert timedelta(seconds=1) < first_wait <= timedelta(seconds=3)
    drain()
    assert len(receiver.requests) == 1  # not due yet: the backoff holds it back

    due_now()
    drain()
    delivery.refresh_from_db()
    row.refresh_from_db()
    assert delivery.attempt_count == 2 and delivery.status == "pending"
    second_wait = row.available_at - delivery.last_attempt_at
    assert timedelta(seconds=3) < second_wait <= timedelta(seconds=5)  # doubled

    due_now()
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempt_count == 3
    assert [a.response_status for a in delivery.attempts.all()] == [500, 503, 204]
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1  # the same message each time
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0 and subscription.is_active


def test_repeated_failures_disable_the_subscription(shop, receiver, settings):
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    receiver.default = 500
    subscription = webhooks.subscription_create(
        vendor=shop["alpha"], actor=shop["owner"], url=receiver.url, events=["order.created"]
    )
    _order(shop["offer"])
    drain()
    due_now()
    drain()
    subscription.refresh_from_db()
    assert not subscription.is_active and "2" in subscription.disabled_reason
    assert WebhookDelivery.objects.get(subscription=subscription).status == "failed"
    assert not OutboxEvent.objects.filter(topic=webhooks.WEBHOOK_DELIVERY, delivered_at__isnull=True).exists()
    _order(shop["offer"], key="k-2")  # a disabled subscription gets nothing new
    drain()
    assert len(receiver.requests) == 2
    with pytest.raises(DomainError) as refused:
        webhooks.delivery_replay(
            vendor=shop["alpha"], actor=shop["owner"], delivery_id=subscription.deliveries.get().id
        )
    assert refused.value.code == "webhook_disabled"
    webhooks.subscription_enable(vendor=shop["alpha"], actor=shop["owner"], subscription_id=subscription.id)
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.consecutive_failures == 0


def test_a_delivery_can_be_replayed_from_the_log(shop, receiver):
    subscription = webhooks.subscription_create(
        vendor=shop["alpha"], actor=shop["owner"], url=receiver.url, events=["order.created"]
    )
    _order(shop["offer"])
    drain()
    delivery = webhooks.delivery_list(vendor=shop["alpha"]).get()
    webhooks.delivery_replay(vendor=shop["alpha"], actor=shop["owner"], delivery_id=delivery.id)
    drain()
    assert len(receiver.requests) == 2
    first, again = (Webhook(subscription.secret).verify(r.body, r.headers) for r in receiver.requests)
    assert first == again
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert [a.replay for a in delivery.attempts.all()] == [False, True]
    # Another seller cannot replay (or see) Alpha's deliveries.
    with pytest.raises(NotFound):
        webhooks.delivery_replay(vendor=shop["beta"], actor=shop["owner"], delivery_id=delivery.id)


@pytest.mark.parametrize(
    "url, code",
    [
        ("http://127.0.0.1:8000/hook", "webhook_url_scheme"),
        ("https://127.0.0.1/hook", "webhook_url_private"),
        ("https://localhost/hook", "webhook_url_private"),
        ("https://10.1.2.3/hook", "webhook_url_private"),
        ("https://169.254.169.254/latest", "webhook_url_private"),
        ("https://[::1]/hook", "webhook_url_private"),
        ("https://[::ffff:192.168.0.1]/hook", "webhook_url_private"),
        ("ftp://example.com/", "webhook_url_scheme"),
    ],
)
def test_private_and_loopback_targets_are_refused_outside_tests(shop, settings, url, code):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(DomainError) as refused:
        webhooks.subscription_create(vendor=shop["alpha"], actor=shop["owner"], url=url, events=["order.created"])
    assert refused.value.field == "url" and refused.value.code == code
    assert not WebhookSubscription.objects.exists()


def test_bad_input_names_the_field(shop):
    for url, events, field in [
        ("", ["order.created"], "url"),
        ("http://x.test/", [], "events"),
        ("http://x.test/", ["order.eaten"], "events"),
    ]:
        with pytest.raises(DomainError) as refused:
            webhooks.subscription_create(vendor=shop["alpha"], actor=shop["owner"], url=url, events=events)
        assert refused.value.field == field
    assert not WebhookSubscription.objects.exists()


def test_returns_and_suppressed_offers_reach_the_sellers_systems(shop, receiver):
    from buyers.returns import return_request
    from moderation.services.rules import offer_suppress
    from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

    subscription = webhooks.subscription_create(
        vendor=shop["alpha"],
        actor=shop["owner"],
        url=receiver.url,
        events=["return.requested", "offer.suppressed", "order.shipped", "order.delivered"],
    )
    order = _order(shop["offer"])
    part = order.vendor_orders.get()
    vendor_order_ship(
        vendor=shop["alpha"],
        actor=shop["owner"],
        vendor_order_id=part.id,
        carrier="dhl",
        tracking_number="003404341111",
    )
    vendor_order_mark_delivered(vendor=shop["alpha"], actor=shop["owner"], vendor_order_id=part.id)
    request = return_request(
        buyer=order.buyer,
        number=order.number,
        vendor_order_id=part.id,
        lines=[(part.lines.get().id, 1)],
        reason="damaged",
    )
    from django.db import transaction

    with transaction.atomic():
        offer_suppress(actor=None, offer=shop["offer"], reason="Test", cause="operator")
    drain()
    received = [Webhook(subscription.secret).verify(r.body, r.headers) for r in receiver.requests]
    assert [p["type"] for p in received] == ["order.shipped", "order.delivered", "return.requested", "offer.suppressed"]
    assert received[2]["data"]["return_id"] == request.id
    assert received[3]["data"] == {"offer_id": shop["offer"].id, "cause": "operator"}
