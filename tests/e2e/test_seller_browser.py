"""The seller portal in a real Chromium: a seller opens an order and ships it with tracking."""

import pytest
from playwright.sync_api import expect

from buyers.services import cart_item_add, checkout_place
from marketplace.models import VendorOrder
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    VALID_IBAN,
    VALID_VAT_ID,
    CategoryFactory,
    UserFactory,
    make_offer,
    make_operator,
    make_sellable,
    make_trader_verified,
    make_vendor,
)
from vendors.models import Offer, Vendor
from vendors.selectors import LIVE_OFFER
from vendors.services import vendor_approve, vendor_review_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDRESS = {
    "name": "Erika Mustermann",
    "street": "Hauptstraße 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
}


def test_seller_ships_an_order_with_tracking(live_server, page):
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
    expect(page.get_by_text("not a valid DHL tracking number").first).to_be_visible()
    page.get_by_label("Tracking number").fill("003404349999")
    page.get_by_role("button", name="Record shipment").click()
    expect(page.get_by_text("Shipment recorded")).to_be_visible()
    expect(page.get_by_role("link", name="003404349999")).to_be_visible()
    assert VendorOrder.objects.get(order=order).status == "shipped"


def test_vendor_onboards_lists_by_catalog_match_imports_a_csv_and_ships(live_server, page):
    coffee = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    other, other_owner = make_vendor(name="Röstwerk")
    # The shared catalog already has this product (another seller offers it).
    make_offer(
        vendor=other,
        owner=other_owner,
        category=coffee,
        title="Espressobohnen 1 kg",
        gtin="4006381333931",
        price=1890,
        stock=4,
    )
    seller = UserFactory(email="anna@kaffeehaus.test")

    # Onboarding: the portal sends a newcomer to the application form.
    page.goto(live_server.url + "/seller/")
    log_in(page, seller)
    page.get_by_role("link", name="Apply as a seller").click()
    page.get_by_label("Shop name").fill("Kaffeehaus Anna")
    page.get_by_label("Legal name").fill("Kaffeehaus Anna GmbH")
    page.get_by_label("Legal form").select_option("gmbh")
    page.get_by_label("VAT ID").fill(VALID_VAT_ID)
    page.get_by_label("Street and number").fill("Hauptstraße 1")
    page.get_by_label("Postal code").fill("10115")
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Country").select_option("DE")
    page.get_by_label("Business e-mail address").fill("anna@kaffeehaus.test")
    page.get_by_label("Contact person").fill("Anna Bohne")
    page.get_by_label("IBAN").fill("DE00 1234")  # a typo first
    page.get_by_label("Coffee").check()
    page.get_by_label("Return policy").fill("30 Tage Rückgabe.")
    page.get_by_role("button", name="Send application").click()
    expect(page.locator("#id_iban-error")).to_contain_text("IBAN")
    assert not Vendor.objects.filter(name="Kaffeehaus Anna").exists()
    page.get_by_label("IBAN").fill(VALID_IBAN)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("your application for Kaffeehaus Anna is with our team")).to_be_visible()
    vendor = Vendor.objects.get(name="Kaffeehaus Anna")
    assert vendor.status == "applied"

    # An operator approves (the console walkthrough clicks this); payouts get connected.
    operator = make_operator()
    vendor_review_start(actor=operator, vendor_id=vendor.id)
    vendor = make_sellable(vendor_approve(actor=operator, vendor_id=vendor.id))

    # A listing that matches the catalog by GTIN: an offer on the existing product, no duplicate.
    page.get_by_role("link", name="New listing").click()
    page.get_by_label("GTIN / EAN").first.fill("4006381333931")
    page.get_by_role("button", name="Search the catalog").click()
    match = page.locator(".catalog-match")
    expect(match.get_by_role("heading", name="Espressobohnen 1 kg")).to_be_visible()
    match.get_by_label("Price").fill("17.50")
    match.get_by_label("Stock").fill("6")
    match.get_by_role("button", name="Sell this product").click()
    expect(page.get_by_text("Listing saved: Espressobohnen 1 kg is on sale.")).to_be_visible()
    offer = Offer.objects.get(vendor=vendor)
    assert offer.product.gtin == "4006381333931" and offer.price_amount == 1750 and offer.stock == 6

    # A spreadsheet with one bad row: the check names it, the import skips it.
    page.get_by_role("link", name="Import").click()
    csv = (
        "sku,title,category,price,stock\n"
        "MILCH-1,Milchkännchen 0.3 l,kaffee,12.90,5\n"
        "FILTER-2,Filtertüten 100 Stück,kaffee,zwölf,8\n"
    ).encode()
    page.get_by_label("CSV or XLSX file").set_input_files(
        files=[{"name": "sortiment.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("[data-import-status=checked]")).to_be_visible()
    error_row = page.locator(".import-errors tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row.locator("td").nth(0)).to_have_text("3")
    expect(error_row.locator("td").nth(1)).to_have_text("price")
    expect(error_row).to_contain_text("'zwölf' is not a price")
    page.get_by_role("button", name="Import the 1 row without errors", exact=True).click()
    expect(page.locator("[data-import-status=done]")).to_be_visible()
    expect(page.get_by_text("1 offers created")).to_be_visible()
    assert set(Offer.objects.filter(vendor=vendor).values_list("sku", flat=True)) == {offer.sku, "MILCH-1"}

    # Offers go live once the trader data (DSA Art. 30) is complete; the portal form for it has
    # its own page tests (tests/vendors/test_trader_pages.py).
    make_trader_verified(Vendor.objects.get(id=vendor.id))
    assert Offer.objects.filter(LIVE_OFFER, id=offer.id).exists()

    # An order comes in; the seller accepts and ships it with tracking.
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    order = checkout_place(
        buyer=buyer, idempotency_key="e2e-onboard", payment_method="invoice", shipping_address=ADDRESS
    )
    page.get_by_role("link", name="Orders", exact=True).last.click()
    page.get_by_role("link", name=order.number).click()
    page.get_by_role("button", name="Accept order").click()
    page.get_by_label("Carrier").select_option("dhl")
    page.get_by_label("Tracking number").fill("003404349999")
    page.get_by_role("button", name="Record shipment").click()
    expect(page.get_by_text("Shipment recorded")).to_be_visible()
    assert VendorOrder.objects.get(order=order).status == "shipped"
