"""Wrong input at each endpoint of the slice: a 4xx naming the field, and nothing changed."""

import pytest

from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner, client_for(owner)


def listing(category_id, **overrides):
    body = {"category": category_id, "title": "Helm", "price": {"amount": 1999, "currency": "EUR"}, "stock": 5}
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"category": 999_999}, "category", "Unknown category"),
        ({"price": {"amount": -100, "currency": "EUR"}}, "price", "greater than zero"),
        ({"price": {"amount": 0, "currency": "EUR"}}, "price", "greater than zero"),
        ({"price": {"amount": 100, "currency": "XYZ"}}, "price", "not accepted"),
        ({"price": {"amount": "12.5", "currency": "EUR"}}, "price", "integer"),
        ({"stock": -1}, "stock", "greater than or equal to 0"),
        ({"gtin": "4006381333932"}, "gtin", "check digit"),
        ({"title": ""}, "title", "needs a title (German or English)"),
    ],
)
def test_listing_create_rejects_bad_input(seller, category, overrides, field, fragment):
    vendor, owner, seller_api = seller
    before = row_counts()
    response = seller_api.post("/api/seller/listings/", listing(category.id, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.data, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before


def test_offer_update_rejects_negative_price_and_another_vendors_offer(seller, category):
    vendor, owner, seller_api = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    other_vendor, other_owner = make_vendor(name="Beta")
    other_offer = make_offer(vendor=other_vendor, owner=other_owner, category=category, title="Anderes")
    before = row_counts()

    response = seller_api.patch(
        f"/api/seller/offers/{offer.id}/", {"price": {"amount": -5, "currency": "EUR"}}, format="json"
    )
    assert response.status_code == 400 and "price" in response.data
    # Another vendor's offer is "not found", exactly like a missing one.
    foreign = seller_api.patch(f"/api/seller/offers/{other_offer.id}/", {"stock": 0}, format="json")
    missing = seller_api.patch("/api/seller/offers/999999/", {"stock": 0}, format="json")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.data == missing.data
    assert seller_api.get(f"/api/seller/offers/{other_offer.id}/").status_code == 404
    assert Offer.objects.get(id=other_offer.id).stock == 10
    assert row_counts() == before


@pytest.fixture
def two_offers(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    return (
        make_offer(vendor=alpha, owner=alpha_owner, category=category, stock=3),
        make_offer(vendor=beta, owner=beta_owner, category=category, title="Zweites", stock=3),
    )


def test_cart_rejects_quantity_above_stock_and_unknown_offers(two_offers):
    offer, _ = two_offers
    buyer_api = client_for(UserFactory())
    before = row_counts()
    response = buyer_api.post("/api/cart/items/", {"offer": offer.id, "quantity": 4}, format="json")
    assert response.status_code == 400
    assert "Only 3" in response.data["quantity"][0]
    response = buyer_api.post("/api/cart/items/", {"offer": 999999, "quantity": 1}, format="json")
    assert response.status_code == 404 and "offer" in response.data
    response = buyer_api.post("/api/cart/items/", {"offer": offer.id, "quantity": 0}, format="json")
    assert response.status_code == 400 and "quantity" in response.data
    assert row_counts() == before


def test_cart_refuses_to_mix_currencies(settings, category, two_offers):
    settings.MARKETPLACE_CURRENCIES = ["EUR", "CHF"]
    eur_offer, _ = two_offers
    swiss, swiss_owner = make_vendor(name="Helvetia")
    chf_offer = make_offer(vendor=swiss, owner=swiss_owner, category=category, title="Uhr", currency="CHF")
    buyer_api = client_for(UserFactory())
    assert buyer_api.post("/api/cart/items/", {"offer": eur_offer.id, "quantity": 1}, format="json").status_code == 201
    before = row_counts()
    response = buyer_api.post("/api/cart/items/", {"offer": chf_offer.id, "quantity": 1}, format="json")
    assert response.status_code == 400
    assert "CHF" in response.data["offer"][0] and response.data["error_code"] == "currency_mismatch"
    assert row_counts() == before


def test_checkout_rejects_bad_input_and_changes_nothing(two_offers):
    offer, _ = two_offers
    buyer_api = client_for(UserFactory())
    address = {"name": "Erika", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
    # Empty cart.
    before = row_counts()
    response = buyer_api.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": address},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert response.status_code == 400 and "cart" in response.data
    assert row_counts() == before

    buyer_api.post("/api/cart/items/", {"offer": offer.id, "quantity": 2}, format="json")
    before = row_counts()
    cases = [
        ({"payment_method": "bitcoin", "shipping_address": address}, "k2", "payment_method"),
        (
            {"payment_method": "invoice", "shipping_address": {**address, "country": "Germany"}},
            "k3",
            "shipping_address",
        ),
        ({"payment_method": "invoice", "shipping_address": address}, "", "idempotency_key"),
    ]
    for body, key, field in cases:
        response = buyer_api.post("/api/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 400, (field, response.data)
        assert field in response.data, response.data
    assert row_counts() == before
    # Stock fell below the cart's quantity after it was added: checkout refuses, nothing sold.
    Offer.objects.filter(id=offer.id).update(stock=1)
    before = row_counts()
    response = buyer_api.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": address},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k4",
    )
    assert response.status_code == 400 and response.data["error_code"] == "insufficient_stock"
    assert row_counts() == before
    assert Offer.objects.get(id=offer.id).stock == 1


def test_search_rejects_unknown_category_and_sort(search_index, db):
    api = client_for(UserFactory())
    response = api.get("/api/search/products/", {"category": 999999})
    assert response.status_code == 400 and "category" in response.data
    response = api.get("/api/search/products/", {"sort": "cheapest"})
    assert response.status_code == 400 and "sort" in response.data
