"""Screenshots of the main pages in English and German (tests/e2e/screenshots/, ignored by git),
for a person to look at; each page is also checked to be in the asked language."""

import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

from buyers.services import cart_item_add, checkout_place
from search.indexing import index_refresh
from tests.e2e.conftest import screenshot
from tests.factories import CategoryFactory, UserFactory, login_operator, make_offer, make_operator, make_vendor
from vendors.services.imports import import_job_check, import_job_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDRESS = {
    "name": "Erika Mustermann",
    "street": "Hauptstraße 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
}
# A word each language's page shows (the main navigation), to prove the language switched.
SHOP = {"en": "Shop", "de": "Shop"}
CART = {"en": "Cart", "de": "Warenkorb"}
CSV = b"sku,title,category,price,stock\nMILCH-1,Milchk\xc3\xa4nnchen,kaffee,12.90,5\nFILTER-2,Filtert\xc3\xbcten,kaffee,zw\xc3\xb6lf,8\n"


def _signed_in(new_page, live_server, user, language: str):
    """A page of a browser context already signed in as ``user`` (the session cookie of a login)."""
    client = Client()
    if user.is_staff:
        login_operator(client, user)  # operators need a verified second factor
    else:
        client.force_login(user)
    page = new_page(language)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.mark.parametrize("language", ["en", "de"])
def test_main_pages_in_both_languages(live_server, search_index, new_page, language):
    coffee = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    roaster, roaster_owner = make_vendor(name="Röstwerk")
    mill, mill_owner = make_vendor(name="Mühlenhof")
    beans = make_offer(
        vendor=roaster,
        owner=roaster_owner,
        category=coffee,
        title="Espressobohnen Kräftig 1 kg",
        title_en="Espresso beans strong 1 kg",
        brand="Röstwerk",
        price=1890,
        stock=4,
    )
    grinder = make_offer(
        vendor=mill,
        owner=mill_owner,
        category=coffee,
        title="Espressomühle Handbetrieb",
        title_en="Espresso grinder manual",
        brand="Mühlenhof",
        price=4900,
        stock=2,
    )
    index_refresh()
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=grinder.id, quantity=1)
    order = checkout_place(
        buyer=buyer, idempotency_key=f"shots-{language}", payment_method="invoice", shipping_address=ADDRESS
    )
    cart_item_add(buyer=buyer, offer_id=beans.id, quantity=2)
    cart_item_add(buyer=buyer, offer_id=grinder.id, quantity=1)
    job = import_job_create(
        vendor=mill, actor=mill_owner, upload=SimpleUploadedFile("sortiment.csv", CSV), enqueue=False
    )
    import_job_check(job_id=job.id)
    url = live_server.url
    cart_word = CART[language]
    started = time.time()
    taken = []  # the pictures this run took (files of earlier runs do not count)

    page = _signed_in(new_page, live_server, buyer, language)
    for name, path in [
        ("home", "/"),
        ("search", "/search/?q=espresso"),
        ("product", f"/p/{beans.product_id}/"),
        ("cart", "/cart/"),
        ("order", f"/orders/{order.number}/"),
    ]:
        page.goto(url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("navigation").get_by_role("link", name=cart_word, exact=True)).to_be_visible()
        taken.append(screenshot(page, name, language=language))
    # The checkout step: the cart's address and payment form, filled in.
    page.goto(url + "/cart/")
    page.locator("input[name=name]").fill(ADDRESS["name"])
    page.locator("input[name=street]").fill(ADDRESS["street"])
    page.locator("input[name=postal_code]").fill(ADDRESS["postal_code"])
    page.locator("input[name=city]").fill(ADDRESS["city"])
    page.locator("form:has(input[name=street])").scroll_into_view_if_needed()
    taken.append(screenshot(page, "checkout", language=language))

    seller = _signed_in(new_page, live_server, mill_owner, language)
    for name, path in [
        ("seller-dashboard", "/seller/"),
        ("seller-listings", "/seller/listings/new/?q=espresso"),
        ("seller-import", "/seller/imports/"),
        ("seller-import-errors", f"/seller/imports/{job.id}/"),
        ("seller-orders", "/seller/orders/"),
        ("seller-returns", "/seller/returns/"),
        ("seller-staff", "/seller/staff/"),
        ("seller-order", f"/seller/orders/{order.vendor_orders.get().id}/"),
        ("seller-payouts", "/seller/payouts/"),
    ]:
        seller.goto(url + path)
        expect(seller.locator("html")).to_have_attribute("lang", language)
        taken.append(screenshot(seller, name, language=language))

    operator = _signed_in(new_page, live_server, make_operator(), language)
    for name, path in [
        ("console", "/console/"),
        ("console-moderation", "/console/moderation/"),
        ("console-payouts", "/console/payouts/"),
    ]:
        operator.goto(url + path)
        expect(operator.locator("html")).to_have_attribute("lang", language)
        taken.append(screenshot(operator, name, language=language))

    # Each main page was pictured by this test: the file is there, is a PNG and was written now.
    written = {
        p.name
        for p in taken
        if p.exists() and p.stat().st_mtime >= started - 1 and p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    }
    expected = {
        f"{language}-{n}.png"
        for n in (
            "home",
            "search",
            "product",
            "cart",
            "checkout",
            "order",
            "seller-dashboard",
            "seller-listings",
            "seller-orders",
            "console",
        )
    }
    assert expected <= written, f"not pictured in this run: {sorted(expected - written)}"
