"""Task d of issue #18: the headless product API says what the product page says."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_offer, make_vendor
from tests.frontend.test_pages import browser
from tests.vendors.test_buy_box import GTIN, ships_de
from tests.vendors.test_listings_images import picture
from vendors.models import ProductVariant
from vendors.services.images import product_image_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(category, settings, tmp_path):
    """Three sellers of one product; Beta is cheaper on the item but dearer landed (shipping)."""
    settings.MEDIA_ROOT = tmp_path
    offers = {}
    for name, price, shipping, handling in [("Alpha", 1999, 490, 2), ("Beta", 1899, 790, 1), ("Gamma", 2099, 0, 4)]:
        vendor, owner = make_vendor(name=name)
        ships_de(vendor, owner, amount=shipping)
        offers[name] = make_offer(
            vendor=vendor, owner=owner, category=category, gtin=GTIN, price=price, handling_days=handling
        )
    alpha = offers["Alpha"]
    product_image_add(
        vendor=alpha.vendor, actor=alpha.vendor.members.get().user, product_id=alpha.product_id, upload=picture()
    )
    ProductVariant.objects.create(product=alpha.product, options={"size": "M"}, gtin="")
    return offers


def _money(value):
    return {"amount": value.amount, "currency": value.currency, "formatted": str(value)} if value else None


def test_the_api_returns_the_featured_offer_landed_price_and_delivery_date_of_the_product_page(market):
    product_id = market["Alpha"].product_id
    page = browser().get(reverse("frontend:product", args=[product_id]))
    assert page.status_code == 200
    featured = page.context["featured"]
    assert featured is not None

    response = Client().get(reverse("catalog-product", args=[product_id]))
    assert response.status_code == 200
    body = response.json()
    api_featured = body["featured_offer"]
    assert api_featured["id"] == featured.offer.id
    assert api_featured["landed_price"] == _money(featured.landed_price)
    assert api_featured["delivery_date"] == featured.delivery_date.isoformat()
    assert [o["id"] for o in body["offers"]] == [row.offer.id for row in page.context["other_offers"]]
    assert [o["landed_price"] for o in body["offers"]] == [_money(r.landed_price) for r in page.context["other_offers"]]
    # Seller and trader details with every offer (DSA Art. 31), images and variants of the product.
    assert api_featured["seller"]["trader"]["legal_name"] == featured.offer.vendor.legal_name
    assert body["product"]["images"][0]["url"].startswith("http://testserver/media/products/")
    assert body["product"]["variants"][0]["options"] == {"size": "M"}
    assert body["country"] == "DE"


def test_cors_answers_configured_origins_only(market, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example.test"]
    url = reverse("catalog-product", args=[market["Alpha"].product_id])
    allowed = Client().get(url, HTTP_ORIGIN="https://shop.example.test")
    assert allowed["Access-Control-Allow-Origin"] == "https://shop.example.test"
    other = Client().get(url, HTTP_ORIGIN="https://evil.example.test")
    assert "Access-Control-Allow-Origin" not in other
    preflight = Client().options(url, HTTP_ORIGIN="https://shop.example.test", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
    # Only the catalogue API: the seller API gets no CORS answer.
    assert "Access-Control-Allow-Origin" not in Client().get(
        "/api/seller/offers/", HTTP_ORIGIN="https://shop.example.test"
    )


def test_missing_products_and_bad_countries(market, category):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(reverse("catalog-product", args=[2_000_000_000])).status_code == 404
    vendor, owner = make_vendor(name="Delta")
    pending = make_offer(vendor=vendor, owner=owner, category=category, title="Neu", moderated=False)
    assert client.get(reverse("catalog-product", args=[pending.product_id])).status_code == 404
    bad = client.get(reverse("catalog-product", args=[market["Alpha"].product_id]), {"country": "US"})
    assert bad.status_code == 400 and "country" in bad.json()
