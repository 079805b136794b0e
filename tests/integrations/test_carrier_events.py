"""Task a of issue #18: carrier events delivered through the real endpoint by the push simulator."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buyers.messaging.claims import claim_open
from buyers.services import cart_item_add, checkout_place
from integrations.carriers.simulator import dhl_push, dpd_push, generic_push, send
from integrations.models import TrackingEvent
from integrations.tracking import parts_auto_deliver
from marketplace.models import AuditLogEntry, VendorOrder
from tests.conftest import row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import browser
from vendors.services.fulfilment import vendor_order_ship

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Alice Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def shipped(category):
    """A seller's part shipped with ``carrier`` and ``number``."""
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", stock=10)

    def ship(carrier="dhl", number="003404341111", key="k-1"):
        buyer = UserFactory()
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
        order = checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)
        part = order.vendor_orders.get()
        vendor_order_ship(vendor=vendor, actor=owner, vendor_order_id=part.id, carrier=carrier, tracking_number=number)
        part.refresh_from_db()
        return part

    return ship


def _delivered_audits(part) -> int:
    return AuditLogEntry.objects.filter(action="vendor_order.delivered", object_id=str(part.id)).count()


def test_a_dhl_delivered_event_marks_the_part_delivered_once_and_starts_the_payout_hold(shipped):
    part = shipped()
    client = Client()
    now = timezone.now()
    transit = send(dhl_push("003404341111", "transit", now - timedelta(hours=5)), client)
    assert transit.status_code == 200 and transit.json()["stored"] == 1
    part.refresh_from_db()
    assert part.status == "shipped"

    delivered = send(dhl_push("003404341111", "delivered", now - timedelta(hours=1)), client)
    assert delivered.status_code == 200
    part.refresh_from_db()
    assert part.status == "delivered"
    delivered_at = part.delivered_at
    assert delivered_at is not None  # the payout hold runs from here (payouts.selectors.balances.hold_cutoff)

    # The same event again, and a later in-transit scan: nothing moves.
    again = send(dhl_push("003404341111", "delivered", now - timedelta(hours=1)), client)
    assert again.status_code == 200 and again.json()["stored"] == 0
    assert send(dhl_push("003404341111", "transit", now), client).status_code == 200
    part.refresh_from_db()
    assert part.status == "delivered" and part.delivered_at == delivered_at
    assert _delivered_audits(part) == 1
    assert list(TrackingEvent.objects.filter(shipment__vendor_order=part).values_list("code", flat=True)) == [
        "in_transit",
        "delivered",
        "in_transit",
    ]
    shipment = part.shipments.get()
    assert shipment.delivered_at is not None
    # The buyer sees the carrier's events on the order page.
    page = browser(part.order.buyer).get(reverse("frontend:order", args=[part.order.number])).content.decode()
    assert "Parcel tracking" in page and "Berlin" in page and "successfully delivered" in page


def test_events_out_of_order_still_deliver_once(shipped):
    part = shipped()
    client = Client()
    now = timezone.now()
    send(dhl_push("003404341111", "delivered", now), client)
    send(dhl_push("003404341111", "transit", now - timedelta(days=1)), client)  # an older scan arrives late
    send(dhl_push("003404341111", "delivered", now), client)
    part.refresh_from_db()
    assert part.status == "delivered" and _delivered_audits(part) == 1


def test_a_dpd_push_is_answered_as_dpd_expects_and_delivers(shipped):
    part = shipped(carrier="dpd", number="01234567890123")
    client = Client()
    response = send(dpd_push("01234567890123", "DELIVERED", timezone.now(), pushid="4711"), client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert b"<pushid>4711</pushid><status>OK</status>" in response.content
    part.refresh_from_db()
    assert part.status == "delivered"
    event = TrackingEvent.objects.get(shipment__vendor_order=part)
    assert event.code == "delivered" and event.location == "0163"


def test_the_generic_format_delivers_other_carriers(shipped):
    part = shipped(carrier="gls", number="ABC12345")
    response = send(generic_push("gls", "ABC12345", "delivered", timezone.now()), Client())
    assert response.status_code == 200
    part.refresh_from_db()
    assert part.status == "delivered"


@pytest.mark.parametrize(
    "push",
    [
        lambda: dhl_push("003404341111", "delivered", timezone.now(), token="wrong"),
        lambda: dhl_push("003404341111", "delivered", timezone.now(), token=""),
        lambda: dpd_push("003404341111", "DELIVERED", timezone.now(), token="wrong"),
        lambda: generic_push("dhl", "003404341111", "delivered", timezone.now(), secret="wrong"),
    ],
)
def test_pushes_without_the_carriers_credentials_are_refused(shipped, push):
    part = shipped()
    before = row_counts()
    response = send(push(), Client())
    assert response.status_code == 401
    assert row_counts() == before
    part.refresh_from_db()
    assert part.status == "shipped"


def test_bad_pushes_say_what_is_wrong_and_change_nothing(shipped):
    shipped()
    client = Client()
    before = row_counts()
    bad_dpd = dpd_push("003404341111", "DELIVERED", timezone.now())
    bad_dpd.query.pop("statusdate")
    response = send(bad_dpd, client)
    assert response.status_code == 400 and "statusdate" in response.json()["detail"]
    response = send(generic_push("nope", "1", "delivered", timezone.now()), client)
    assert response.status_code == 400 and "carrier" in response.json()["detail"]
    assert client.post("/api/carriers/pigeon/events/").status_code == 404
    assert row_counts() == before


def test_scans_of_unknown_parcels_are_acknowledged_and_dropped(shipped):
    shipped()
    before = row_counts()
    response = send(dhl_push("999999999999", "delivered", timezone.now()), Client())
    assert response.status_code == 200 and response.json()["stored"] == 0
    assert row_counts() == before


def _shipped_on(part, day: date):
    VendorOrder.objects.filter(id=part.id).update(shipped_at=datetime(day.year, day.month, day.day, 15, tzinfo=BERLIN))


def test_a_part_without_events_is_delivered_after_the_configured_business_days(shipped, settings):
    settings.DELIVERY_AUTO_CONFIRM_BUSINESS_DAYS = 3
    quiet = shipped(number="003404341111", key="k-1")
    scanned = shipped(number="003404342222", key="k-2")
    missing = shipped(number="003404343333", key="k-3")
    for part in (quiet, scanned, missing):
        _shipped_on(part, date(2026, 12, 22))  # a Tuesday before Christmas
    send(dhl_push("003404342222", "transit", timezone.now()), Client())
    settings.MESSAGING_CLAIM_NOT_RECEIVED_DAYS = -60  # the buyer may report it missing at once
    claim_open(
        buyer=missing.order.buyer,
        number=missing.order.number,
        vendor_order_id=missing.id,
        reason="not_received",
        body="Das Paket ist nie angekommen.",
    )
    # 23rd, 24th, (25th, 26th holidays, 27th Sunday), 28th: the third business day after the 22nd.
    assert parts_auto_deliver(today=date(2026, 12, 24)) == []
    assert parts_auto_deliver(today=date(2026, 12, 28)) == [quiet.id]  # not the one reported missing
    quiet.refresh_from_db()
    assert quiet.status == "delivered" and _delivered_audits(quiet) == 1
    scanned.refresh_from_db()
    assert scanned.status == "shipped"  # the carrier speaks for this one
    assert parts_auto_deliver(today=date(2026, 12, 29)) == []  # once
