"""The scorecard's on-time delivery rate (issue #18 item 1): from the carriers' events against the
delivery date promised when the order was placed; shown on account health and the console."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from integrations.carriers.simulator import dhl_push, send
from marketplace.models import Order
from moderation.holidays import add_business_days
from moderation.scorecards import vendor_scorecard
from tests.frontend.test_pages import browser
from tests.integrations.test_carrier_events import shipped  # noqa: F401 (fixture)
from vendors.selectors import vendor_orders_delivery_promise

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def placed_days_ago(part, days: int):
    """Move the part's order back in time; returns the promised delivery date then made."""
    Order.objects.filter(id=part.order_id).update(created_at=timezone.now() - timedelta(days=days))
    part.refresh_from_db()
    part.order.refresh_from_db()
    return vendor_orders_delivery_promise(parts=[part])[part.id]


def at_noon(day):
    return datetime.combine(day, time(12), tzinfo=BERLIN)


def test_on_time_delivery_rate_counts_carrier_deliveries_against_the_promise(shipped, operator):  # noqa: F811
    client = Client()
    # Delivered by the carrier on the promised day: on time.
    on_time = shipped(number="003404341111", key="k-1")
    promise = placed_days_ago(on_time, 20)
    ordered = timezone.localdate(on_time.order.created_at)
    # Handling days plus one business day in transit at home: never before the next business day.
    assert promise >= add_business_days(ordered, 1)
    assert send(dhl_push("003404341111", "transit", at_noon(promise) - timedelta(days=1)), client).status_code == 200
    assert send(dhl_push("003404341111", "delivered", at_noon(promise)), client).status_code == 200
    # Delivered two days after the promise: late.
    late = shipped(number="003404342222", key="k-2")
    late_promise = placed_days_ago(late, 20)
    assert (
        send(dhl_push("003404342222", "delivered", at_noon(late_promise + timedelta(days=2))), client).status_code
        == 200
    )
    # On its way by the carrier's word, never delivered, promise passed: late too.
    lost = shipped(number="003404343333", key="k-3")
    placed_days_ago(lost, 15)
    assert send(dhl_push("003404343333", "transit", timezone.now() - timedelta(days=10)), client).status_code == 200
    # Not counted: tracked but not due yet (ordered today), and shipped without any carrier event.
    fresh = shipped(number="003404344444", key="k-4")
    assert send(dhl_push("003404344444", "transit", timezone.now()), client).status_code == 200
    untracked = shipped(number="003404345555", key="k-5")
    placed_days_ago(untracked, 12)
    assert fresh.status == untracked.status == "shipped"

    card = vendor_scorecard(vendor_id=on_time.vendor_id)
    rate = card.windows[30].rates["on_time_delivery_rate"]
    assert (rate.numerator, rate.denominator) == (1, 3)
    assert str(rate.percent) == "33.33"

    # The seller's account health shows it (every metric row of the scorecard) ...
    owner = on_time.vendor.members.get().user
    html = browser(owner).get(f"/seller/health/?vendor={on_time.vendor_id}").content.decode()
    row = html.split('data-metric="on_time_delivery_rate"')[1].split("</tr>")[0]
    assert "On-time delivery rate" in row and "33.33 %" in row and "1 of 3" in row
    # ... and so does the operator's scorecard of the vendor.
    page = browser(operator).get(f"/console/scorecards/{on_time.vendor_id}/")
    assert page.status_code == 200
    console = page.content.decode()
    assert "On-time delivery rate" in console and "33.33" in console


def test_without_carrier_events_the_rate_has_no_orders(shipped):  # noqa: F811
    part = shipped(number="003404346666", key="k-6")
    placed_days_ago(part, 12)
    rate = vendor_scorecard(vendor_id=part.vendor_id).windows[30].rates["on_time_delivery_rate"]
    assert (rate.numerator, rate.denominator, rate.percent) == (0, 0, None)
