"""Product texts in German and English: create through the listing, change through the product API."""

import pytest

from marketplace.models import AuditLogEntry, OutboxEvent
from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_vendor
from vendors.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner, client_for(owner)


def new_listing(category, **texts):
    return {"category": category.id, "price": {"amount": 999, "currency": "EUR"}, "stock": 1, **texts}


def test_listing_creates_both_languages_and_english_only_is_enough(seller, category):
    vendor, owner, api = seller
    response = api.post(
        "/api/seller/listings/",
        new_listing(
            category,
            title="Fahrradhelm",
            title_en="Bike helmet",
            description="Leicht.\nSicher.",
            description_en="Light.",
        ),
        format="json",
    )
    assert response.status_code == 201, response.data
    product = Product.objects.get(id=response.data["product_id"])
    assert (product.title, product.title_en, product.description, product.description_en) == (
        "Fahrradhelm",
        "Bike helmet",
        "Leicht.\nSicher.",
        "Light.",
    )
    english = api.post("/api/seller/listings/", new_listing(category, title="", title_en="Bike lock"), format="json")
    assert english.status_code == 201, english.data
    assert Product.objects.get(id=english.data["product_id"]).title_for("de") == "Bike lock"  # falls back


@pytest.mark.parametrize(
    ("texts", "field", "fragment"),
    [
        ({"title": "", "title_en": ""}, "title", "needs a title (German or English)"),
        ({"title": "   ", "title_en": " "}, "title", "needs a title (German or English)"),
        ({"title": "x" * 301}, "title", "no more than 300 characters"),
        ({"title": "Helm", "title_en": "x" * 301}, "title_en", "no more than 300 characters"),
        ({"title": "Helm", "description": "x" * 20_001}, "description", "no more than 20000 characters"),
        ({"title": "Helm", "description_en": "x" * 20_001}, "description_en", "no more than 20000 characters"),
        ({"title": "Helm\nzweite Zeile"}, "title", "without line breaks"),
    ],
)
def test_listing_refuses_bad_texts(seller, category, texts, field, fragment):
    vendor, owner, api = seller
    before = row_counts()
    response = api.post("/api/seller/listings/", new_listing(category, **texts), format="json")
    assert response.status_code == 400, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before


def test_product_texts_update_publishes_product_changed_and_audits(seller, category):
    vendor, owner, api = seller
    product = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe").product
    events = OutboxEvent.objects.filter(topic="catalog.product_changed", key=f"product:{product.id}").count()
    response = api.patch(
        f"/api/seller/products/{product.id}/",
        {"title_en": "Lamp", "description": "Warmweiß", "description_en": "Warm white", "brand": "Lux"},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert (response.data["title"], response.data["title_en"], response.data["description_en"]) == (
        "Lampe",
        "Lamp",
        "Warm white",
    )
    product.refresh_from_db()
    assert (product.title_en, product.description, product.description_en, product.brand) == (
        "Lamp",
        "Warmweiß",
        "Warm white",
        "Lux",
    )
    assert (
        OutboxEvent.objects.filter(topic="catalog.product_changed", key=f"product:{product.id}").count() == events + 1
    )
    entry = AuditLogEntry.objects.filter(action="product.updated", object_id=str(product.id)).get()
    assert entry.data == {"fields": ["brand", "description", "description_en", "title_en"]}
    # The same texts again change nothing and publish nothing.
    assert api.patch(f"/api/seller/products/{product.id}/", {"title_en": "Lamp"}, format="json").status_code == 200
    assert (
        OutboxEvent.objects.filter(topic="catalog.product_changed", key=f"product:{product.id}").count() == events + 1
    )
    # German title may go once the English one is there.
    assert api.patch(f"/api/seller/products/{product.id}/", {"title": ""}, format="json").status_code == 200
    product.refresh_from_db()
    assert product.title == "" and product.title_for("de") == "Lamp"


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"title": ""}, "title", "needs a title"),  # the English title is empty too
        ({"title": "x" * 301}, "title", "no more than 300 characters"),
        ({"title_en": "x" * 301}, "title_en", "no more than 300 characters"),
        ({"description": "x" * 20_001}, "description", "no more than 20000 characters"),
        ({"description_en": "x" * 20_001}, "description_en", "no more than 20000 characters"),
        ({"brand": "x" * 201}, "brand", "no more than 200 characters"),
        ({"title_en": "a\nb"}, "title_en", "without line breaks"),
        ({"title": 5 * [1]}, "title", "Not a valid string"),
    ],
)
def test_product_update_refuses_bad_texts(seller, category, body, field, fragment):
    vendor, owner, api = seller
    product = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe").product
    before = row_counts()
    response = api.patch(f"/api/seller/products/{product.id}/", body, format="json")
    assert response.status_code == 400, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before
    product.refresh_from_db()
    assert product.title == "Lampe"


def test_only_the_proposing_vendor_edits_texts(seller, category):
    vendor, owner, api = seller
    product = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe", gtin="4006381333931").product
    beta, beta_owner = make_vendor(name="Beta")
    # Beta sells the same catalog product, but did not propose it: the texts are not Beta's to change.
    make_offer(vendor=beta, owner=beta_owner, category=category, gtin="4006381333931")
    response = client_for(beta_owner).patch(f"/api/seller/products/{product.id}/", {"title": "Fremd"}, format="json")
    assert response.status_code == 404
    product.refresh_from_db()
    assert product.title == "Lampe"
