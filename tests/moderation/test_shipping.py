"""Ship-by dates over German business days, configurable holidays, late flags, tracking rule."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order, VendorOrder
from moderation.holidays import add_business_days, holidays
from moderation.models import LateShipment
from moderation.shipping import shipping_rule_violations, vendor_order_ship_by
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_ship

BERLIN = ZoneInfo("Europe/Berlin")


def test_german_holidays_2024():
    assert {
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 9),
        date(2024, 5, 20),
        date(2024, 10, 3),
        date(2024, 12, 25),
        date(2024, 12, 26),
        date(2024, 1, 1),
        date(2024, 5, 1),
    } == holidays(2024)


def test_regional_and_extra_holidays_from_settings(settings):
    settings.MODERATION_REGIONAL_HOLIDAYS = ["corpus_christi", "reformation_day"]
    settings.MODERATION_EXTRA_HOLIDAYS = ["2024-12-24"]
    days = holidays(2024)
    assert {date(2024, 5, 30), date(2024, 10, 31), date(2024, 12, 24)} <= days and len(days) == 12


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2024, 3, 27), 0, date(2024, 3, 27)),  # Wednesday, same day
        (date(2024, 3, 27), 1, date(2024, 3, 28)),
        (date(2024, 3, 28), 1, date(2024, 4, 2)),  # over Good Friday, weekend, Easter Monday
        (date(2024, 3, 30), 0, date(2024, 4, 2)),  # placed Saturday before Easter
        (date(2024, 12, 23), 2, date(2024, 12, 27)),  # Christmas
    ],
)
def test_add_business_days(start, days, expected):
    assert add_business_days(start, days) == expected


@pytest.fixture
def vendor_order(db, category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, price=8000, handling_days=1)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    order = checkout_place(
        buyer=buyer,
        idempotency_key="k",
        payment_method="invoice",
        shipping_address={"name": "E", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"},
    )
    # Placed on Maundy Thursday 2024, 10:00 in Berlin: one handling day ends on Tuesday after Easter.
    Order.objects.filter(id=order.id).update(created_at=datetime(2024, 3, 28, 10, tzinfo=BERLIN))
    vo = VendorOrder.objects.select_related("order").get(order=order)
    return vo, vendor, owner


def test_ship_by_and_late_flag(vendor_order):
    vo, vendor, owner = vendor_order
    assert vendor_order_ship_by(vo) == date(2024, 4, 2)
    assert shipping_rule_violations(vo, today=date(2024, 4, 2)) == []
    assert [v.code for v in shipping_rule_violations(vo, today=date(2024, 4, 3))] == ["late_shipment"]
    assert LateShipment.objects.count() == 0
    call_command("late_shipments_flag", lookback_days=5000)  # today is long after: unshipped and late
    flag = LateShipment.objects.get()
    assert (flag.vendor_order_id, flag.ship_by, flag.shipped_at) == (vo.id, date(2024, 4, 2), None)
    call_command("late_shipments_flag", lookback_days=5000)
    assert LateShipment.objects.count() == 1  # idempotent


def test_shipped_on_time_is_not_late_and_tracking_rule(vendor_order, settings):
    vo, vendor, owner = vendor_order
    vendor_order_ship(vendor=vendor, actor=owner, vendor_order_id=vo.id, carrier="dhl", tracking_number="003404341234")
    VendorOrder.objects.filter(id=vo.id).update(shipped_at=datetime(2024, 4, 2, 17, tzinfo=BERLIN))
    vo.refresh_from_db()
    assert shipping_rule_violations(vo) == []
    # A shipment whose tracking number is not valid for its carrier breaks the rule above the threshold.
    vo.shipments.update(tracking_number="BAD")
    settings.MODERATION_TRACKING_REQUIRED_ABOVE = 5000
    assert [v.code for v in shipping_rule_violations(vo)] == ["tracking_required"]
    settings.MODERATION_TRACKING_REQUIRED_ABOVE = 8000  # 8000 is not above 8000
    assert shipping_rule_violations(vo) == []
    VendorOrder.objects.filter(id=vo.id).update(shipped_at=datetime(2024, 4, 3, 9, tzinfo=BERLIN))
    vo.refresh_from_db()
    assert [v.code for v in shipping_rule_violations(vo)] == ["late_shipment"]
