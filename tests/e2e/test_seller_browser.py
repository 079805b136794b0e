"""The seller portal in a real Chromium: a seller opens an order and ships it with tracking."""
import os

import pytest
from playwright.sync_api import expect

from buyers.services import cart_item_add, checkout_place
from marketplace.models import VendorOrder
from tests.e2e.test_storefront_browser import page  # noqa: F401 (fixture)
from tests.factories import PASSWORD, CategoryFactory, UserFactory, make_offer, make_vendor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDRESS = {"name": "Erika Mustermann", "street": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def test_seller_ships_an_order_with_tracking(live_server, page):  # noqa: F811
    category = CategoryFactory()
    vendor, owner = make_vendor(name="Röstwerk")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Espressobohnen 1 kg", price=1890, stock=4)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    order = checkout_place(buyer=buyer, idempotency_key="e2e-ship", payment_method="invoice", shipping_address=ADDRESS)

    page.goto(live_server.url + "/seller/orders/")
    page.get_by_label("Email").or_(page.get_by_label("Username")).first.fill(owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name=order.number).click()
    page.get_by_role("button", name="Accept order").click()
    expect(page.get_by_text("Order accepted.")).to_be_visible()
    page.get_by_label("Carrier").select_option("dhl")
    page.get_by_label("Tracking number").fill("12345")  # not a DHL number
    page.get_by_role("button", name="Record shipment").click()
    expect(page.get_by_text("not a valid DHL tracking number")).to_be_visible()
    page.get_by_label("Tracking number").fill("003404349999")
    page.get_by_role("button", name="Record shipment").click()
    expect(page.get_by_text("Shipment recorded")).to_be_visible()
    expect(page.get_by_role("link", name="003404349999")).to_be_visible()
    assert VendorOrder.objects.get(order=order).status == "shipped"
