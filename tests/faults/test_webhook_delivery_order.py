"""Stripe webhooks replayed, duplicated and shuffled end in the state one clean delivery gives.

For each generated delivery (Hypothesis: any order, any events repeated), a fresh card order of
the same two sellers receives its events through the real endpoint, signed; deferred events are
retried as the periodic task does. The order's money state is then compared with the state of an
order that received the same events once, in the order Stripe sent them.
"""
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, example, given, settings as hypothesis_settings, strategies as st

from marketplace.models import Order
from payouts.models import Dispute, JournalLine, Refund, StripeEvent
from payouts.services.webhooks import stripe_events_retry
from tests.examples import examples
from tests.payouts.conftest import place, shop, webhook  # noqa: F401  (shop is a fixture)

pytestmark = pytest.mark.django_db

EVENT_COUNT = 5


def stripe_events(order: Order) -> list[tuple[str, str, dict, int]]:
    """(event id, type, object, created) as Stripe would send them for this order, in order."""
    order.refresh_from_db()  # the intent id is written after checkout
    pi, total = order.payment_intent_id, order.total_amount
    charge = {"id": f"ch_{order.pk}", "object": "charge", "payment_intent": pi, "amount": total}
    dispute = {"id": f"dp_{order.pk}", "object": "dispute", "payment_intent": pi, "amount": 2000, "reason": "fraudulent"}
    return [
        (f"evt_{order.pk}_paid", "payment_intent.succeeded",
         {"id": pi, "object": "payment_intent", "amount": total, "amount_received": total, "currency": "eur",
          "metadata": {"order_number": order.number}, "status": "succeeded"}, 1_700_000_000),
        # Refunds made on Stripe's dashboard: each event carries the charge's running total.
        (f"evt_{order.pk}_refund1", "charge.refunded", {**charge, "amount_refunded": 1001}, 1_700_000_100),
        (f"evt_{order.pk}_refund2", "charge.refunded", {**charge, "amount_refunded": 3003}, 1_700_000_200),
        (f"evt_{order.pk}_dispute", "charge.dispute.created", {**dispute, "status": "needs_response"}, 1_700_000_300),
        (f"evt_{order.pk}_lost", "charge.dispute.closed", {**dispute, "status": "lost"}, 1_700_000_400),
    ]


def deliver_events(settings, order: Order, sequence: list[int]) -> None:
    events = stripe_events(order)
    for index in sequence:
        event_id, event_type, obj, created = events[index]
        assert webhook(settings, event_type, obj, event_id=event_id, created=created).status_code == 200
    stripe_events_retry()  # what the periodic task does for events that arrived too early


def money_state(order: Order) -> dict:
    """Everything the events change, with the order's own ids taken out so orders compare."""
    order.refresh_from_db()
    parts = {vo.id: vo.vendor_id for vo in order.vendor_orders.all()}
    refunds = defaultdict(lambda: [0, 0, 0])
    for refund in Refund.objects.filter(order=order):
        totals = refunds[(parts[refund.vendor_order_id], refund.status)]
        totals[0] += refund.amount
        totals[1] += refund.vendor_amount
        totals[2] += refund.commission_amount
    ledger = defaultdict(int)
    for line in JournalLine.objects.filter(entry__reference=order.number).select_related("entry", "account"):
        ledger[(line.entry.kind, line.account.code)] += line.amount
    return {
        "payment": (order.status, order.payment_status),
        "refunds": dict(refunds),
        "disputes": sorted(Dispute.objects.filter(order=order).values_list("status", "amount")),
        "ledger": dict(ledger),
        "events": sorted(set(StripeEvent.objects.filter(event_id__startswith=f"evt_{order.pk}_").values_list("status", flat=True))),
    }


deliveries = st.lists(st.integers(0, EVENT_COUNT - 1), max_size=4).flatmap(
    lambda repeats: st.permutations(list(range(EVENT_COUNT)) + repeats)
)


def test_any_delivery_order_with_duplicates_ends_in_the_clean_state(shop, settings, django_capture_on_commit_callbacks):  # noqa: F811
    items = [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]
    clean = place(shop["buyer"], items, method="card", capture=django_capture_on_commit_callbacks)
    deliver_events(settings, clean, list(range(EVENT_COUNT)))
    expected = money_state(clean)
    assert expected["events"] == ["processed"] and expected["payment"][1] == Order.PaymentStatus.PAID
    assert len(expected["refunds"]) == 2 and expected["disputes"] == [("lost", 2000)]

    # The database is shared by the examples (one test transaction); each uses its own order.
    @hypothesis_settings(max_examples=examples(10), suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(sequence=deliveries)
    @example(sequence=[0, 2, 1, 4, 3, 0])  # the larger refund total first; the dispute closes before it opens
    def shuffled_delivery(sequence):
        shuffled = place(shop["buyer"], items, method="card", capture=django_capture_on_commit_callbacks)
        deliver_events(settings, shuffled, sequence)
        assert money_state(shuffled) == expected

    shuffled_delivery()
