"""Issue #13 (storefront) in a real Chromium, in German at 1366 px and at 390 px:

- task a, first half: a guest narrows a category by price range, condition and free shipping (the
  results change without a reload, the URL carries the filters, back and forward work), opens a
  product with pictures (gallery, enlarged view by keyboard) and sees the featured offer with its
  delivery date and shipping cost;
- task e, second half: every product card of the demo home page shows a picture.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from frontend import demo_data
from frontend.demo_images import demo_pictures
from marketplace.money import Money
from marketplace.outbox import outbox_deliver
from search.indexing import index_refresh, search_reindex
from tests.factories import CategoryFactory, make_offer, make_vendor
from vendors.services.images import product_image_add
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pictures(title: str) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"helm-{n}.png", data, content_type="image/png")
        for n, data in enumerate(demo_pictures("helme", title), start=1)
    ]


@pytest.fixture
def helmets(media, search_index):
    category = CategoryFactory(slug="helme", name_de="Helme", name_en="Helmets")
    # Rundum ships for 4,90 €, free from 40 €; Paketdienst always charges 4,90 €.
    rundum, rundum_owner = make_vendor(name="Rundum Sport")
    paket, paket_owner = make_vendor(name="Paketdienst Müller")
    shipping_profile_create(
        vendor=rundum,
        actor=rundum_owner,
        name="Standard",
        currency="EUR",
        free_shipping_threshold=Money(4000, "EUR"),
        zones=[ZoneSpec(name="DACH", countries=["DE", "AT", "CH"], rate_kind="flat", rates=[RateSpec(490)])],
    )
    shipping_profile_create(
        vendor=paket,
        actor=paket_owner,
        name="Standard",
        currency="EUR",
        zones=[ZoneSpec(name="DACH", countries=["DE", "AT", "CH"], rate_kind="flat", rates=[RateSpec(490)])],
    )
    target = make_offer(
        vendor=rundum,
        owner=rundum_owner,
        category=category,
        title="Stadthelm Aurora Blau",
        title_en="City helmet Aurora blue",
        brand="Helmwerk",
        price=4490,
        handling_days=1,
    )
    # The same helmet from a second seller, with shipping costs: not the featured offer.
    make_offer(vendor=paket, owner=paket_owner, category=category, product_id=target.product_id, price=4590)
    for upload in _pictures("Stadthelm Aurora Blau"):
        product_image_add(vendor=rundum, actor=rundum_owner, product_id=target.product_id, upload=upload)
    make_offer(  # in the price range, but used
        vendor=rundum,
        owner=rundum_owner,
        category=category,
        title="Kinderhelm Gebraucht",
        price=2900,
        condition="used",
    )
    make_offer(vendor=rundum, owner=rundum_owner, category=category, title="Skihelm Gipfel", price=14900)
    make_offer(vendor=paket, owner=paket_owner, category=category, title="Fahrradhelm Sport", price=3990)
    outbox_deliver()
    index_refresh()
    return {"category": category, "target": target}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_guest_narrows_category_and_opens_product(live_server, helmets, new_context, width):
    page = new_context("de", viewport=WIDTHS[width]).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/search/?category={helmets['category'].id}")
    results = page.locator("#search-results")
    expect(results.get_by_role("heading", name="4 Produkte")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")  # gone after a full reload

    if width == "phone":  # the filters are in a drawer
        expect(page.get_by_role("group", name="Zustand")).to_be_hidden()
        page.get_by_role("button", name=re.compile("^Filter")).click()
    filters = page.locator("#filters")
    expect(filters.get_by_role("group", name="Zustand")).to_be_visible()

    filters.get_by_role("link", name=re.compile(r"^20,00\s€\s–\s50,00\s€")).click()
    expect(results.get_by_role("heading", name="3 Produkte")).to_be_visible()
    expect(page).to_have_url(re.compile(r"price_min=20&price_max=50"))
    filters.get_by_role("checkbox", name=re.compile("^Neu")).check()
    expect(results.get_by_role("heading", name="2 Produkte")).to_be_visible()
    expect(page).to_have_url(re.compile(r"condition=new"))
    filters.get_by_role("checkbox", name=re.compile("^Versandkostenfrei")).check()
    expect(results.get_by_role("heading", name="1 Produkt", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"free_shipping=on"))
    assert "=&" not in page.url and not page.url.endswith("=")  # empty fields stay out of the URL
    assert page.evaluate("window.stillTheSamePage === true")  # no full reload

    # Back and forward walk through the filters.
    page.go_back()
    expect(results.get_by_role("heading", name="2 Produkte")).to_be_visible()
    page.go_forward()
    expect(page.locator("#search-results").get_by_role("heading", name="1 Produkt", exact=True)).to_be_visible()
    if width == "phone":
        page.get_by_role("button", name=re.compile("^Filter")).click()
        page.locator("#filters").get_by_role("button", name="1 Produkt anzeigen").click()
        expect(page.locator("#filters").get_by_role("group", name="Zustand")).to_be_hidden()

    card = page.locator(".product-card").filter(has_text="Stadthelm Aurora Blau")
    expect(card.locator("img")).to_have_attribute("srcset", re.compile(r"\b320w\b"))
    card.get_by_role("link", name="Stadthelm Aurora Blau").click()

    # The product page: three pictures, the first large; a thumbnail shows another one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Stadthelm Aurora Blau")
    main = page.locator("#gallery-main-image")
    expect(main).to_have_attribute("alt", "Stadthelm Aurora Blau")
    assert page.evaluate("document.getElementById('gallery-main-image').naturalWidth") > 0
    thumbnails = page.get_by_role("list", name="Alle Bilder").get_by_role("link")
    expect(thumbnails).to_have_count(3)
    thumbnails.nth(1).click()
    expect(main).to_have_attribute("alt", "Stadthelm Aurora Blau, Bild 2 von 3")
    # The enlarged view: a modal dialog, arrow keys step through the pictures, Escape closes it.
    page.get_by_role("link", name="Bild von Stadthelm Aurora Blau vergrößern").click()
    dialog = page.get_by_role("dialog", name="Bilder von Stadthelm Aurora Blau")
    expect(dialog).to_be_visible()
    expect(dialog.locator("figcaption")).to_have_text("Stadthelm Aurora Blau, Bild 2 von 3")
    page.keyboard.press("ArrowRight")
    expect(dialog.locator("figcaption")).to_have_text("Stadthelm Aurora Blau, Bild 3 von 3")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("link", name="Bild von Stadthelm Aurora Blau vergrößern")).to_be_focused()

    # The featured offer: the seller whose 44,90 € ship free, with the delivery date.
    buy_box = page.locator(".buy-box")
    expect(buy_box).to_contain_text("Rundum Sport")
    expect(buy_box).to_contain_text("44,90")
    expect(buy_box).to_contain_text("versandkostenfrei")
    expect(buy_box).to_contain_text(re.compile(r"Lieferung bis \w+, \d"))
    # The other seller's offer names its shipping cost.
    expect(page.locator(".offer-list")).to_contain_text(re.compile(r"zzgl\.\s4,90\s€\sVersand"))
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    assert not errors


@pytest.mark.parametrize("width", WIDTHS)
def test_every_product_card_on_the_demo_home_page_shows_an_image(live_server, media, search_index, new_context, width):
    demo_data.seed(n_products=24, skip_outbox=True)
    search_reindex()
    index_refresh()
    page = new_context("de", viewport=WIDTHS[width]).new_page()
    page.goto(live_server.url + "/")
    cards = page.locator(".product-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 12
    for index in range(cards.count()):
        image = cards.nth(index).locator("img.product-card-image")
        image.scroll_into_view_if_needed()  # loading="lazy": fetched when near the viewport
        expect(image).to_have_attribute("alt", re.compile(r"\S"))
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.evaluate("img => img.currentSrc").startswith(live_server.url + "/media/products/")
    assert cards.locator(".product-card-placeholder").count() == 0
