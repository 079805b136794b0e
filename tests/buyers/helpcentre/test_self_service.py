"""Order self-service on the buyer's order page: cancel only before shipping, return after
delivery, invoice downloads, contact the seller, in German and English."""

import pytest
from django.test import Client

from buyers.services import cart_item_add, checkout_place
from marketplace.models import VendorOrder
from tests.conftest import row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def two_parts(category):
    """One order from two sellers: Alpha's part shipped, Beta's still open."""
    buyer = UserFactory()
    sellers = []
    for name, tracking in (("Alpha", "003404345678"), ("Beta", None)):
        vendor, owner = make_vendor(name=name)
        offer = make_offer(vendor=vendor, owner=owner, category=category, title=f"{name} Helm", stock=5)
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
        sellers.append((vendor, owner, tracking))
    order = checkout_place(buyer=buyer, idempotency_key="k", payment_method="invoice", shipping_address=ADDRESS)
    parts = {}
    for vendor, owner, tracking in sellers:
        part = order.vendor_orders.get(vendor=vendor)
        if tracking:
            vendor_order_ship(
                vendor=vendor, actor=owner, vendor_order_id=part.id, carrier="dhl", tracking_number=tracking
            )
        parts[vendor.name] = (vendor, owner, part)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(buyer)
    return {"order": order, "parts": parts, "client": client, "buyer": buyer}


def test_a_shipped_part_cannot_be_cancelled_an_open_one_can(two_parts):
    client, order = two_parts["client"], two_parts["order"]
    _v, _o, shipped = two_parts["parts"]["Alpha"]
    _v, _o, open_part = two_parts["parts"]["Beta"]
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert f"/orders/{order.number}/parts/{shipped.id}/cancel/" not in page and "data-cancel-closed" in page
    assert f"/orders/{order.number}/parts/{open_part.id}/cancel/" in page
    before = row_counts()
    response = client.post(f"/orders/{order.number}/parts/{shipped.id}/cancel/", follow=True)
    assert "cannot be cancelled" in response.content.decode()
    assert VendorOrder.objects.get(id=shipped.id).status == "shipped" and row_counts() == before
    client.post(f"/orders/{order.number}/parts/{open_part.id}/cancel/")
    assert VendorOrder.objects.get(id=open_part.id).status == "cancelled"
    page = client.get(f"/orders/{order.number}/").content.decode()
    # A cancelled part has no invoice; the shipped one has.
    assert f"/api/orders/{order.number}/vendor-orders/{shipped.id}/invoice.pdf" in page
    assert f"/api/orders/{order.number}/vendor-orders/{open_part.id}/invoice.pdf" not in page


def test_invoice_download_return_and_contact_from_the_order_page(two_parts):
    client, order = two_parts["client"], two_parts["order"]
    vendor, owner, shipped = two_parts["parts"]["Alpha"]
    page = client.get(f"/orders/{order.number}/").content.decode()
    invoice = client.get(f"/api/orders/{order.number}/vendor-orders/{shipped.id}/invoice.pdf")
    assert invoice.status_code == 200 and invoice.content.startswith(b"%PDF")
    assert "data-contact-seller" in page and "Contact Alpha" in page
    vendor_order_mark_delivered(vendor=vendor, actor=owner, vendor_order_id=shipped.id)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert f"/orders/{order.number}/parts/{shipped.id}/return/" in page
    line = shipped.lines.get()
    response = client.post(
        f"/orders/{order.number}/parts/{shipped.id}/return/", {f"line-{line.id}": "1", "reason": "damaged"}
    )
    assert response.status_code == 302
    from buyers.models import ReturnRequest

    assert ReturnRequest.objects.filter(vendor_order=shipped).exists()


def test_self_service_block_in_german(two_parts):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(two_parts["buyer"])
    page = client.get(f"/orders/{two_parts['order'].number}/").content.decode()
    assert (
        "Rechnung herunterladen (PDF)" in page and "kann nicht mehr storniert werden" in page and "Hilfe-Center" in page
    )
