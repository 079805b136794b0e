"""The storefront in a real Chromium: a buyer finds products by search and facets, buys from two
sellers in one checkout and, once both have shipped, sees two shipments with tracking."""

import pytest
from playwright.sync_api import expect

from marketplace.models import Order, VendorOrder
from search.indexing import index_refresh
from tests.e2e.conftest import log_in
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_ship

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_buyer_finds_products_buys_from_two_sellers_and_sees_two_shipments(live_server, search_index, page):
    coffee = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    tea = CategoryFactory(slug="tee", name_de="Tee", name_en="Tea")
    roaster, roaster_owner = make_vendor(name="Röstwerk")
    mill, mill_owner = make_vendor(name="Mühlenhof")
    make_offer(
        vendor=roaster,
        owner=roaster_owner,
        category=coffee,
        title="Espressobohnen Kräftig 1 kg",
        title_en="Espresso beans strong 1 kg",
        price=1890,
        stock=4,
    )
    make_offer(
        vendor=mill,
        owner=mill_owner,
        category=coffee,
        title="Espressomühle Handbetrieb",
        title_en="Espresso grinder manual",
        price=4900,
        stock=2,
    )
    make_offer(
        vendor=mill,
        owner=mill_owner,
        category=tea,
        title="Espresso-Tee Mischung",
        title_en="Espresso tea blend",
        price=690,
        stock=9,
    )
    index_refresh()
    buyer = UserFactory()

    page.goto(live_server.url + "/")
    expect(page.get_by_text("Espresso beans strong 1 kg").first).to_be_visible()

    # The search box suggests as you type (a combobox once the script runs); Enter still searches.
    page.get_by_role("combobox", name="Search").first.fill("espresso")
    expect(page.get_by_role("option", name="Espresso beans strong 1 kg")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="3 products")).to_be_visible()
    # The category facet narrows the results: the tea leaves.
    page.locator(".facets").get_by_role("link", name="Coffee").click()
    expect(page.get_by_role("heading", name="2 products")).to_be_visible()
    expect(page.get_by_role("link", name="Espresso tea blend")).to_have_count(0)

    page.get_by_role("link", name="Espresso beans strong 1 kg").first.click()
    page.get_by_role("button", name="Add to cart").first.click()
    # Not logged in yet: the item goes into the guest's cart, and logging in takes it along.
    expect(page.get_by_text("Added to your cart.")).to_be_visible()
    page.locator("#checkout-contact").get_by_role("link", name="Log in").click()
    log_in(page, buyer)
    expect(page.get_by_text("Espresso beans strong 1 kg").first).to_be_visible()

    page.goto(live_server.url + "/search/?q=grinder")
    page.get_by_role("link", name="Espresso grinder manual").first.click()
    page.get_by_role("button", name="Add to cart").first.click()

    # One cart, grouped by seller; one checkout.
    expect(page.get_by_text("Röstwerk").first).to_be_visible()
    expect(page.get_by_text("Mühlenhof").first).to_be_visible()
    page.get_by_label("Name").fill("Erika Mustermann")
    page.get_by_label("Street and number").fill("Hauptstraße 1")
    page.get_by_label("Postal code").fill("10115")
    page.get_by_label("City").fill("Berlin")
    page.get_by_role("button", name="Order with obligation to pay").click()

    order = Order.objects.get(buyer=buyer)
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    parts = {vo.vendor_id: vo for vo in VendorOrder.objects.filter(order=order)}
    assert set(parts) == {roaster.id, mill.id}

    # Both sellers ship (through the same service as their portal).
    vendor_order_ship(
        vendor=roaster,
        actor=roaster_owner,
        vendor_order_id=parts[roaster.id].id,
        carrier="dhl",
        tracking_number="003404341111",
    )
    vendor_order_ship(
        vendor=mill, actor=mill_owner, vendor_order_id=parts[mill.id].id, carrier="dhl", tracking_number="003404342222"
    )
    page.reload()
    expect(page.get_by_role("link", name="Track parcel")).to_have_count(2)
    expect(page.get_by_role("link", name="Track parcel 003404341111")).to_be_visible()
    expect(page.get_by_role("link", name="Track parcel 003404342222")).to_be_visible()
