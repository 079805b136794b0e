"""Stripe answering with errors, timeouts and rate limits (a fault proxy in front of stripe-mock).

Each test asserts the two things that keep money exact when Stripe misbehaves: every retry of
one money movement carries the idempotency key of its first attempt (so Stripe acts once), and
our own state — payouts, refunds, orders, the ledger — ends as it would after one clean call.
"""

import pytest
from django.utils import timezone

from marketplace.models import Order, OrderLine, OutboxEvent
from marketplace.outbox import outbox_deliver
from payouts.ledger import account_balance, vendor_payable
from payouts.models import JournalEntry, Payout, PayoutRun, Refund
from payouts.services.payout_runs import payout_run_start
from payouts.services.refunds import RefundLineRequest, refund_create
from payouts.tasks import payout_run_task
from tests.conftest import client_for
from tests.faults.stripe_proxy import DELAY, DROP_AFTER, ERROR_500, RATE_LIMIT, Rule, StripeFaultProxy
from tests.payouts.conftest import ADDRESS, deliver, pay, place, shop  # noqa: F401  (shop is a fixture)

pytestmark = pytest.mark.django_db

TRANSFERS, REFUNDS, INTENTS = "/v1/transfers", "/v1/refunds", "/v1/payment_intents"


@pytest.fixture
def proxy(settings):
    faults = StripeFaultProxy(upstream=settings.STRIPE_API_BASE)
    settings.STRIPE_API_BASE = faults.url
    settings.STRIPE_TIMEOUT_SECONDS = 1.0
    yield faults
    faults.close()


def owed(vendor) -> int:
    return -account_balance(vendor_payable(vendor.id), "EUR").amount


@pytest.mark.parametrize(
    "fault", [ERROR_500, DROP_AFTER, DELAY], ids=["server-error", "dropped-after-acting", "timeout"]
)
def test_a_failed_transfer_call_is_retried_with_its_first_key_and_pays_once(shop, proxy, fault):  # noqa: F811
    deliver(place(shop["buyer"], [(shop["alpha_offer"], 1)]))
    proxy.add(Rule("POST", TRANSFERS, fault, times=2 if fault == ERROR_500 else 1, seconds=2.0))
    run = payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)
    payout = run.payouts.get()
    assert run.status == PayoutRun.Status.FINISHED
    assert payout.status == Payout.Status.PAID and payout.stripe_transfer_id.startswith("tr_")
    keys = proxy.keys("POST", TRANSFERS)
    assert len(keys) >= 2 and set(keys) == {payout.idempotency_key}
    assert JournalEntry.objects.filter(kind="payout").count() == 1
    assert owed(shop["alpha"]) == 0


def test_a_rate_limited_transfer_stays_pending_and_the_next_run_pays_it_with_the_same_key(shop, proxy):  # noqa: F811
    deliver(place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]))
    proxy.add(Rule("POST", TRANSFERS, RATE_LIMIT, times=1))
    run = payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)
    statuses = sorted(run.payouts.values_list("status", flat=True))
    assert statuses == ["paid", "pending"] and run.status == PayoutRun.Status.RUNNING
    limited = run.payouts.get(status=Payout.Status.PENDING)
    assert owed(shop["alpha"]) == owed(shop["beta"]) == 0  # booked as paid out: no other run pays it again

    result = payout_run_task()  # the next scheduled run finishes the pending transfer first
    limited.refresh_from_db()
    assert limited.status == Payout.Status.PAID and result["resumed"] == [run.pk]
    assert PayoutRun.objects.get(id=result["run"]).payouts.count() == 0
    assert proxy.keys("POST", TRANSFERS).count(limited.idempotency_key) == 2  # the 429, then the retry
    assert JournalEntry.objects.filter(kind="payout").count() == 2
    assert not JournalEntry.objects.filter(kind="payout_failed").exists()


def test_a_refund_stripe_keeps_failing_waits_in_the_outbox_and_goes_out_once_with_its_key(
    shop, proxy, settings, django_capture_on_commit_callbacks
):  # noqa: F811
    order = place(shop["buyer"], [(shop["alpha_offer"], 2)], method="card", capture=django_capture_on_commit_callbacks)
    pay(settings, order)
    vo = order.vendor_orders.get()
    line = OrderLine.objects.get(vendor_order=vo)
    proxy.add(Rule("POST", REFUNDS, ERROR_500, times=3))  # the client's first try and both retries fail
    refund = refund_create(
        actor=None, vendor_order_id=vo.id, lines=[RefundLineRequest(line.id, 3999)], reason="Ein Helm defekt"
    )
    report = outbox_deliver()
    refund.refresh_from_db()
    assert report.failed == 1 and refund.status == Refund.Status.PENDING  # outcome unknown: kept, not failed
    entries = JournalEntry.objects.filter(kind="refund").count()

    OutboxEvent.objects.filter(delivered_at__isnull=True).update(available_at=timezone.now())  # backoff over
    assert outbox_deliver().delivered == 1
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and refund.stripe_refund_id.startswith("re_")
    assert set(proxy.keys("POST", REFUNDS)) == {refund.idempotency_key} and len(proxy.keys("POST", REFUNDS)) == 4
    assert JournalEntry.objects.filter(kind="refund").count() == entries  # booked once, when it was asked for
    assert not JournalEntry.objects.filter(kind="refund_failed").exists()


@pytest.mark.django_db(transaction=True)  # the intent is asked for after a real commit
def test_a_card_checkout_while_stripe_is_down_keeps_one_order_and_a_retry_gets_its_intent(shop, proxy):  # noqa: F811
    buyer = shop["buyer"]
    api = client_for(buyer)
    assert (
        api.post("/api/cart/items/", {"offer": shop["alpha_offer"].id, "quantity": 2}, format="json").status_code == 201
    )
    stock_before = shop["alpha_offer"].stock
    proxy.add(Rule("POST", INTENTS, ERROR_500, times=3))
    body = {"payment_method": "card", "shipping_address": ADDRESS}
    first = api.post("/api/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="checkout-stripe-down")
    assert first.status_code in (502, 503), first.content
    order = Order.objects.get(buyer=buyer)  # committed before Stripe was asked; waits for payment
    assert order.payment_status != Order.PaymentStatus.PAID and order.payment_intent_id == ""

    again = api.post("/api/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="checkout-stripe-down")
    assert again.status_code in (200, 201), again.content
    assert again.json()["number"] == order.number and again.json()["payment_client_secret"]
    assert Order.objects.filter(buyer=buyer).count() == 1
    shop["alpha_offer"].refresh_from_db()
    assert shop["alpha_offer"].stock == stock_before - 2  # reserved once
    assert set(proxy.keys("POST", INTENTS)) == {f"order-{order.pk}-payment-intent"}
