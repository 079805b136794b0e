"""Stripe webhooks replayed, duplicated and shuffled end in the state one clean delivery gives.

For each generated delivery (Hypothesis: any order, any events repeated), a fresh card order of
the same two sellers receives its events through the real endpoint, signed; deferred events are
retried as the periodic task does. The order's money state - ledger, refunds, disputes, and the
side effects bound for other systems (outbox rows, with their attempts) - is then compared with the
state of an order that received the same events once, in the order Stripe sent them. Finally Stripe
replays every event once more: nothing may change, not even an event's attempt count.
"""

import json
import re
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from marketplace.models import Order, OutboxEvent
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
    dispute = {
        "id": f"dp_{order.pk}",
        "object": "dispute",
        "payment_intent": pi,
        "amount": 2000,
        "reason": "fraudulent",
    }
    return [
        (
            f"evt_{order.pk}_paid",
            "payment_intent.succeeded",
            {
                "id": pi,
                "object": "payment_intent",
                "amount": total,
                "amount_received": total,
                "currency": "eur",
                "metadata": {"order_number": order.number},
                "status": "succeeded",
            },
            1_700_000_000,
        ),
        # Refunds made on Stripe's dashboard: each event carries the charge's running total.
        (f"evt_{order.pk}_refund1", "charge.refunded", {**charge, "amount_refunded": 1001}, 1_700_000_100),
        (f"evt_{order.pk}_refund2", "charge.refunded", {**charge, "amount_refunded": 3003}, 1_700_000_200),
        (f"evt_{order.pk}_dispute", "charge.dispute.created", {**dispute, "status": "needs_response"}, 1_700_000_300),
        (f"evt_{order.pk}_lost", "charge.dispute.closed", {**dispute, "status": "lost"}, 1_700_000_400),
    ]


def deliver_events(settings, order: Order, sequence: list[int]) -> int:
    """Deliver the events; returns the last outbox row id before them (the rows after it are theirs)."""
    before = OutboxEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    events = stripe_events(order)
    for index in sequence:
        event_id, event_type, obj, created = events[index]
        assert webhook(settings, event_type, obj, event_id=event_id, created=created).status_code == 200
    stripe_events_retry()  # what the periodic task does for events that arrived too early
    return before


def _without_ids(value):
    """A key or payload with its numbers replaced, so two orders' rows compare."""
    return re.sub(r"\d+", "#", value if isinstance(value, str) else json.dumps(value, sort_keys=True))


def event_attempts(order: Order) -> dict:
    rows = StripeEvent.objects.filter(event_id__startswith=f"evt_{order.pk}_").values_list("event_id", "attempts")
    return {event_id.split("_", 2)[2]: attempts for event_id, attempts in rows}


def money_state(order: Order, outbox_after: int) -> dict:
    """Everything the events change, with the order's own ids taken out so orders compare.
    ``outbox_after``: the last outbox row written before the order's events."""
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
        "events": sorted(
            set(StripeEvent.objects.filter(event_id__startswith=f"evt_{order.pk}_").values_list("status", flat=True))
        ),
        # Side effects for other systems (mails, Stripe calls, fee sync): a replayed event that
        # published its outbox row again would send twice.
        "outbox": Counter(
            (row.topic, _without_ids(row.key), _without_ids(row.payload), row.attempts, row.delivered_at is not None)
            for row in OutboxEvent.objects.filter(id__gt=outbox_after)
        ),
    }


deliveries = st.lists(st.integers(0, EVENT_COUNT - 1), max_size=4).flatmap(
    lambda repeats: st.permutations(list(range(EVENT_COUNT)) + repeats)
)


def test_any_delivery_order_with_duplicates_ends_in_the_clean_state(shop, settings, django_capture_on_commit_callbacks):  # noqa: F811
    items = [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]
    clean = place(shop["buyer"], items, method="card", capture=django_capture_on_commit_callbacks)
    expected = money_state(clean, deliver_events(settings, clean, list(range(EVENT_COUNT))))
    assert expected["events"] == ["processed"] and expected["payment"][1] == Order.PaymentStatus.PAID
    assert expected["outbox"], "the events publish side effects (order confirmation, fee sync)"
    assert len(expected["refunds"]) == 2 and expected["disputes"] == [("lost", 2000)]

    # The database is shared by the examples (one test transaction); each uses its own order.
    @hypothesis_settings(max_examples=examples(10), suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(sequence=deliveries)
    @example(sequence=[0, 2, 1, 4, 3, 0])  # the larger refund total first; the dispute closes before it opens
    def shuffled_delivery(sequence):
        shuffled = place(shop["buyer"], items, method="card", capture=django_capture_on_commit_callbacks)
        outbox_after = deliver_events(settings, shuffled, sequence)
        assert money_state(shuffled, outbox_after) == expected
        # Stripe replays everything once more: processed events are not tried again.
        attempts = event_attempts(shuffled)
        deliver_events(settings, shuffled, list(range(EVENT_COUNT)))
        assert money_state(shuffled, outbox_after) == expected
        assert event_attempts(shuffled) == attempts

    shuffled_delivery()
