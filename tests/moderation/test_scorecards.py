"""Scorecard arithmetic on constructed order histories: exact fractions per metric, the window
boundary (day 30 counts, day 31 does not), the minimum number of orders, defect sources."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from buyers.returns import return_request
from marketplace.money import Money
from moderation import scorecards
from moderation.scorecards import NOT_YET_MEASURED, Rate, defect_source_register, scorecard_as_dict, vendor_scorecard
from payouts.services.disputes import dispute_close, dispute_open
from tests.factories import make_offer, make_vendor
from tests.moderation.history import History

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, price=3000, stock=500, handling_days=2)
    return History(vendor=vendor, owner=owner, offer=offer, today=timezone.localdate())


def rates(card, days=30):
    return {name: (r.numerator, r.denominator) for name, r in card.windows[days].rates.items()}


def test_every_rate_is_an_exact_fraction(history, monkeypatch):
    h = history
    # The unregistered state (the reviews and messaging apps register these when installed).
    monkeypatch.setattr(scorecards, "_measures", {})
    returned = h.deliver(h.ship(h.place(days_ago=20)))
    return_request(
        buyer=returned.buyer,
        number=returned.order.number,
        vendor_order_id=returned.id,
        lines=[(returned.lines.get().id, 1)],
        reason="damaged",
    )
    won = h.deliver(h.ship(h.place(days_ago=19)))
    h.ship(h.place(days_ago=18), days_after=10)  # late
    h.ship(h.place(days_ago=17), valid_tracking=False)
    h.cancel(h.place(days_ago=16), by="vendor")
    h.cancel(h.place(days_ago=15), by="buyer")  # not the seller's cancellation
    h.place(days_ago=14)  # unshipped past ship-by: late
    h.place(days_ago=0)  # not due yet: no late-rate order
    charged = h.ship(h.place(days_ago=13))
    dispute_open(order_id=charged.order_id, stripe_dispute_id="dp_lost", amount=Money(3000, "EUR"))
    dispute_open(order_id=won.order_id, stripe_dispute_id="dp_won", amount=Money(3000, "EUR"))
    dispute_close(stripe_dispute_id="dp_won", won=True)  # the seller proved its case: no defect

    card = vendor_scorecard(vendor_id=h.vendor.id, today=h.today)
    assert card.windows[30].orders == 9
    assert rates(card) == {
        "order_defect_rate": (1, 9),
        "late_shipment_rate": (2, 6),
        "cancellation_rate": (1, 9),
        "valid_tracking_rate": (4, 5),
        "return_rate": (1, 2),
        "on_time_delivery_rate": (0, 0),  # no carrier reported on any parcel (integrations.delivery_rate)
    }
    # Other apps add their sources (claims, ratings); this history has none of those.
    assert card.windows[30].defects_by_source["chargeback"] == 1
    assert sum(card.windows[30].defects_by_source.values()) == 1
    assert rates(card, 90) == rates(card)  # nothing older than 30 days
    late = card.windows[30].rates["late_shipment_rate"]
    assert late.fraction == Fraction(1, 3) and late.percent == Decimal("33.33")
    assert card.windows[30].rates["valid_tracking_rate"].percent == Decimal("80.00")
    # Ratings and response times do not exist yet: nothing is invented.
    body = scorecard_as_dict(card)
    assert card.average_rating is None and card.response_time_hours is None
    assert body["average_rating"] == {"value": None, "note": NOT_YET_MEASURED}
    assert body["windows"]["30"]["rates"]["return_rate"] == {
        "numerator": 1,
        "denominator": 2,
        "percent": "50.00",
        "min_orders": 10,
        "counts": False,
    }


def test_window_boundary_day_30_counts_day_31_does_not(history):
    h = history
    h.cancel(h.place(days_ago=30), by="vendor")
    h.cancel(h.place(days_ago=31), by="vendor")
    h.ship(h.place(days_ago=90))
    h.ship(h.place(days_ago=91))
    h.cancel(h.place(days_ago=5), by="system")  # an unpaid order the system dropped: never the seller's
    card = vendor_scorecard(vendor_id=h.vendor.id, today=h.today)
    assert card.windows[30].orders == 1 and rates(card)["cancellation_rate"] == (1, 1)
    assert card.windows[90].orders == 3 and rates(card, 90)["cancellation_rate"] == (2, 3)
    assert rates(card, 90)["late_shipment_rate"] == (0, 1)


def test_minimum_orders_before_a_rate_counts(history, settings):
    h = history
    for days_ago in (3, 4):
        h.cancel(h.place(days_ago=days_ago), by="vendor")
    h.ship(h.place(days_ago=5))
    settings.MODERATION_SCORECARD_MIN_ORDERS = 4
    cancellation = vendor_scorecard(vendor_id=h.vendor.id, today=h.today).windows[30].rates["cancellation_rate"]
    assert (cancellation.numerator, cancellation.denominator, cancellation.counts) == (2, 3, False)
    assert not cancellation.breaches(bound="max", limit_bps=250)
    settings.MODERATION_SCORECARD_MIN_ORDERS = 3
    cancellation = vendor_scorecard(vendor_id=h.vendor.id, today=h.today).windows[30].rates["cancellation_rate"]
    assert cancellation.counts and cancellation.breaches(bound="max", limit_bps=250)


@pytest.mark.parametrize(
    ("numerator", "denominator", "bound", "limit", "breached"),
    [
        (4, 100, "max", 400, False),  # exactly 4 % is not above 4 %
        (401, 10000, "max", 400, True),
        (95, 100, "min", 9500, False),  # exactly 95 % is not below 95 %
        (1899, 2000, "min", 9500, True),
        (1, 3, "max", 3333, True),  # 33.333.. % > 33.33 %: compared exactly, not rounded
    ],
)
def test_threshold_comparison_is_exact(numerator, denominator, bound, limit, breached):
    assert Rate(numerator, denominator, 1).breaches(bound=bound, limit_bps=limit) is breached


def test_a_new_defect_source_plugs_into_the_order_defect_rate(history):
    from moderation import scorecards

    h = history
    first, second = h.place(days_ago=3), h.place(days_ago=2)
    h.place(days_ago=1)
    saved = dict(scorecards._defect_sources)
    try:
        # A stand-in for the claims the customer-services issue will add: the same order twice counts once.
        scorecards._defect_sources.clear()
        defect_source_register("chargeback", saved["chargeback"])
        defect_source_register("claim", lambda orders: [first.id, first.id, second.id])
        card = vendor_scorecard(vendor_id=h.vendor.id, today=h.today)
    finally:
        scorecards._defect_sources.clear()
        scorecards._defect_sources.update(saved)
    assert rates(card)["order_defect_rate"] == (2, 3)
    assert card.windows[30].defects_by_source == {"chargeback": 0, "claim": 2}


def test_registered_measures_are_shown_not_enforced(history, monkeypatch):
    """average_rating and response_time come from registered sources over the 90-day window."""
    h = history
    seen = []

    def ratings(vendor_id, since):
        seen.append((vendor_id, since))
        return (9, 2) if vendor_id == h.vendor.id else None

    monkeypatch.setattr(scorecards, "_measures", {})
    scorecards.measure_register("average_rating", ratings)
    scorecards.measure_register("response_time", lambda vendor_id, since: (0, 0))
    with pytest.raises(ValueError):
        scorecards.measure_register("speed", ratings)
    card = vendor_scorecard(vendor_id=h.vendor.id, today=h.today)
    assert seen == [(h.vendor.id, scorecards.window_start(today=h.today, days=90))]
    assert card.average_rating == Decimal("4.50") and card.response_time_hours is None
    body = scorecard_as_dict(card)
    assert body["average_rating"] == {"value": "4.50", "note": "", "numerator": 9, "denominator": 2}
    assert body["response_time_hours"] == {"value": None, "note": scorecards.NO_DATA, "numerator": 0, "denominator": 0}
    scorecards.measure_register("response_time", lambda vendor_id, since: (5400, 3))
    assert vendor_scorecard(vendor_id=h.vendor.id, today=h.today).response_time_hours == Decimal("0.50")
