"""The storefront in a real Chromium: find a product, put it in the cart, place the order."""
import os

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from marketplace.models import Order
from search.indexing import index_refresh
from tests.factories import PASSWORD, CategoryFactory, UserFactory, make_offer, make_vendor

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        yield context.new_page()
        browser.close()
        # With Playwright's event loop running, Django keeps this test's database connections
        # per loop context; close them here, or they outlive the test database.
        connections.close_all()


def test_buyer_finds_a_product_and_orders_it(live_server, search_index, page):
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    vendor, owner = make_vendor(name="Röstwerk")
    make_offer(vendor=vendor, owner=owner, category=category, title="Espressobohnen Kräftig 1 kg", title_en="Espresso beans strong 1 kg", price=1890, stock=4)
    index_refresh()
    buyer = UserFactory()

    page.goto(live_server.url + "/")
    expect(page.get_by_text("Espresso beans strong 1 kg").first).to_be_visible()

    # The search box suggests as you type (a combobox once the script runs); Enter still searches.
    page.get_by_role("combobox", name="Search").first.fill("espresso")
    expect(page.get_by_role("option", name="Espresso beans strong 1 kg")).to_be_visible()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Espresso beans strong 1 kg").first.click()
    page.get_by_role("button", name="Add to cart").first.click()

    # Not logged in yet: the shop asks for a login and comes back.
    page.get_by_label("Email").or_(page.get_by_label("Username")).first.fill(buyer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Add to cart").first.click()

    expect(page.get_by_text("Röstwerk").first).to_be_visible()
    page.get_by_label("Name").fill("Erika Mustermann")
    page.get_by_label("Street and number").fill("Hauptstraße 1")
    page.get_by_label("Postal code").fill("10115")
    page.get_by_label("City").fill("Berlin")
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(Order.objects.get(buyer=buyer).number)
