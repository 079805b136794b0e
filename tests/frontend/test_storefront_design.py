"""Storefront pages built from the design system's components: product pictures (or the
placeholder) on cards and the product page, offers as offer rows with the price block, the cart
as reflowing rows, the checkout's error summary, and an empty state on every list."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from buyers.services import cart_item_add
from marketplace.outbox import outbox_deliver
from search.indexing import index_refresh
from tests.conftest import client_for
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db


def browser(user=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def picture() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 200)).save(out, format="PNG")
    return SimpleUploadedFile("lampe.png", out.getvalue())


@pytest.fixture
def shop(settings, tmp_path, search_index):
    settings.MEDIA_ROOT = tmp_path
    category = CategoryFactory(slug="leuchten", name_de="Leuchten", name_en="Lights")
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    lamp = make_offer(
        vendor=alpha,
        owner=alpha_owner,
        category=category,
        title="Tischlampe Hell",
        title_en="Desk lamp bright",
        price=4990,
        stock=3,
    )
    lamp_beta = make_offer(
        vendor=beta, owner=beta_owner, category=category, product_id=lamp.product_id, price=5290, stock=1
    )
    shade = make_offer(
        vendor=beta, owner=beta_owner, category=category, title="Lampenschirm", title_en="Lamp shade", price=1500
    )
    # A picture through the seller API (re-encoded, with a thumbnail): the lamp has one, the shade none.
    response = client_for(alpha_owner).post(
        f"/api/seller/products/{lamp.product_id}/images/", {"image": picture()}, format="multipart"
    )
    assert response.status_code == 201, response.data
    outbox_deliver()
    index_refresh()
    return {"lamp": lamp, "lamp_beta": lamp_beta, "shade": shade}


def _img_tags(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


def test_product_page_shows_the_picture_with_alt_text_and_offers_as_offer_rows(shop):
    html = browser().get(f"/p/{shop['lamp'].product_id}/").content.decode()
    pictures = [tag for tag in _img_tags(html) if "/products/" in tag]
    assert pictures and 'alt="Desk lamp bright"' in pictures[0]
    assert html.count('class="offer-row card') == 2  # one per seller, cheapest first
    assert html.index("Alpha") < html.index(">Beta<")
    assert html.count('name="offer"') == 2 and "Add to cart" in html
    assert "incl. VAT" in html
    german = browser(language="de").get(f"/p/{shop['lamp'].product_id}/").content.decode()
    assert "inkl. MwSt." in german and "49,90" in german and "52,90" in german and "In den Warenkorb" in german
    assert "offers-table" not in html  # no scrolling table any more


def test_product_without_picture_shows_the_placeholder(shop):
    html = browser().get(f"/p/{shop['shade'].product_id}/").content.decode()
    assert 'aria-label="No picture yet"' in html
    assert 'class="product-image' in html and '<img class="product-image' not in html


def test_search_cards_show_the_thumbnail_or_the_placeholder_and_the_price_block(shop):
    html = browser().get("/search/?q=lamp").content.decode()
    assert html.count('class="card product-card') == 2
    thumbnails = [tag for tag in _img_tags(html) if "/products/" in tag]
    assert len(thumbnails) == 1 and "/thumbs/" in thumbnails[0] and 'alt="Desk lamp bright"' in thumbnails[0]
    assert 'aria-label="No picture yet"' in html  # the shade
    assert html.count("incl. VAT") == 2
    german = browser(language="de").get("/search/?q=lamp").content.decode().replace("\xa0", " ")
    assert german.count("inkl. MwSt.") == 2 and "ab 49,90" in german


def test_search_without_results_has_an_empty_state_with_a_way_on(shop):
    response = browser().get("/search/?q=zzzqqq")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "empty-state" in html and "No products match" in html and 'class="btn btn-primary empty-state-action"' in html
    )


def test_cart_is_reflowing_rows_with_totals_and_remove(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["lamp"].id, quantity=2)
    html = browser(buyer).get("/cart/").content.decode()
    assert 'class="table table-reflow cart-table"' in html
    for label in ("Product", "Unit price", "Quantity", "Total"):
        assert f'data-label="{label}"' in html
    assert ">Remove<span" in html and "cart-group-totals" in html
    german = browser(buyer, language="de").get("/cart/").content.decode()
    assert "99,80" in german and ">Entfernen<span" in german


def test_checkout_errors_are_summarised_at_the_top_with_links_to_the_fields(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["lamp"].id, quantity=1)
    client = browser(buyer)
    key = client.get("/cart/").context["checkout_form"].initial["idempotency_key"]
    response = client.post(
        "/checkout/",
        {
            "idempotency_key": key,
            "payment_method": "invoice",
            "name": "",
            "street": "Hauptstr. 1",
            "postal_code": "!",
            "city": "Berlin",
            "country": "DE",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    summary = html[html.index('class="error-summary') :]
    assert html.index('class="error-summary') < html.index('action="/checkout/"')
    assert 'href="#id_name"' in summary and 'href="#id_postal_code"' in summary
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_name-error"' in html


@pytest.mark.parametrize("path", ["/cart/", "/orders/", "/wishlist/", "/messages/"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_list_says_what_to_do_when_it_is_empty(path, language):
    response = browser(UserFactory(), language=language).get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="empty-state' in html and "empty-state-action" in html
