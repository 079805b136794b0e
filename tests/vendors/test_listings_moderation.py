"""Listing flow: catalog search first, attach to a product or propose one for moderation."""

import pytest

from marketplace.errors import NotFound
from marketplace.models import AuditLogEntry, OutboxEvent
from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_vendor
from vendors.models import Offer, Product
from vendors.selectors import live_offer_get

pytestmark = pytest.mark.django_db
GTIN = "4006381333931"


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner, client_for(owner)


def propose(api, category, **overrides):
    body = {
        "category": category.id,
        "title": "Fahrradhelm Blitz",
        "brand": "Kask",
        "price": {"amount": 3999, "currency": "EUR"},
        "stock": 4,
    }
    body.update(overrides)
    return api.post("/api/seller/listings/", body, format="json")


def test_new_product_waits_for_moderation_then_goes_live(seller, category, operator):
    vendor, owner, api = seller
    response = propose(api, category)
    assert response.status_code == 201, response.data
    assert (response.data["status"], response.data["product_status"]) == ("pending", "pending")
    offer_id, product_id = response.data["id"], response.data["product_id"]
    with pytest.raises(NotFound):
        live_offer_get(offer_id=offer_id)
    # The vendor cannot publish it past moderation.
    response = api.patch(f"/api/seller/offers/{offer_id}/", {"status": "live"}, format="json")
    assert response.status_code == 409 and "operator" in response.data["status"][0]

    operator_api = client_for(operator)
    queue = operator_api.get("/api/operator/products/").data["results"]
    assert [p["id"] for p in queue] == [product_id]
    events = OutboxEvent.objects.filter(key=f"product:{product_id}").count()
    response = operator_api.post(f"/api/operator/products/{product_id}/approve/")
    assert response.status_code == 200 and response.data["status"] == "active"
    assert Offer.objects.get(id=offer_id).status == Offer.Status.LIVE
    assert live_offer_get(offer_id=offer_id).id == offer_id
    assert OutboxEvent.objects.filter(key=f"product:{product_id}").count() == events + 1
    assert AuditLogEntry.objects.filter(action="product.approved", object_id=str(product_id)).exists()
    # Approving twice changes nothing; rejecting an approved product is refused.
    assert operator_api.post(f"/api/operator/products/{product_id}/approve/").status_code == 200
    response = operator_api.post(
        f"/api/operator/products/{product_id}/reject/", {"reason": "Doch nicht"}, format="json"
    )
    assert response.status_code == 409 and "status" in response.data


def test_rejection_needs_a_reason_and_rejects_waiting_offers(seller, category, operator):
    vendor, owner, api = seller
    data = propose(api, category).data
    operator_api = client_for(operator)
    before = row_counts()
    for body in ({}, {"reason": "   "}):
        response = operator_api.post(f"/api/operator/products/{data['product_id']}/reject/", body, format="json")
        assert response.status_code == 400 and "reason" in response.data
    assert row_counts() == before
    response = operator_api.post(
        f"/api/operator/products/{data['product_id']}/reject/", {"reason": "Titel nennt keine Größe"}, format="json"
    )
    assert response.status_code == 200 and response.data["moderation_reason"] == "Titel nennt keine Größe"
    assert Offer.objects.get(id=data["id"]).status == Offer.Status.REJECTED
    assert api.get(f"/api/seller/offers/{data['id']}/").data["product_status"] == "rejected"
    assert operator_api.post(f"/api/operator/products/{data['product_id']}/approve/").status_code == 409
    assert operator_api.post("/api/operator/products/999999/approve/").status_code == 404
    assert operator_api.get("/api/operator/products/", {"status": "unknown"}).status_code == 400


def test_sellers_cannot_moderate(seller, category):
    vendor, owner, api = seller
    data = propose(api, category).data
    before = row_counts()
    assert api.get("/api/operator/products/").status_code == 403
    assert api.post(f"/api/operator/products/{data['product_id']}/approve/").status_code == 403
    assert (
        api.post(f"/api/operator/products/{data['product_id']}/reject/", {"reason": "x"}, format="json").status_code
        == 403
    )
    assert row_counts() == before
    assert Product.objects.get(id=data["product_id"]).status == Product.Status.PENDING


def test_catalog_search_by_gtin_and_text_then_attach_goes_live(seller, category):
    vendor, owner, api = seller
    beta, beta_owner = make_vendor(name="Beta")
    existing = make_offer(
        vendor=beta, owner=beta_owner, category=category, title="Kopfhörer Ruhe Pro", gtin=GTIN, brand="Sono"
    )
    hidden = make_offer(vendor=beta, owner=beta_owner, category=category, title="Kopfhörer Geheim", moderated=False)
    mine = propose(api, category, title="Kopfhörer Eigenbau").data

    found = api.get("/api/seller/catalog/search/", {"gtin": GTIN}).data
    assert [p["id"] for p in found] == [existing.product_id] and found[0]["live_offer_count"] == 1
    titles = {p["title_de"] for p in api.get("/api/seller/catalog/search/", {"q": "kopfhörer"}).data}
    # Another vendor's product under moderation is not offered for listing; one's own is.
    assert titles == {"Kopfhörer Ruhe Pro", "Kopfhörer Eigenbau"}
    assert hidden.product.title not in titles and mine["product_id"]

    response = api.post(
        "/api/seller/listings/",
        {"product": existing.product_id, "price": {"amount": 1500, "currency": "EUR"}, "stock": 2},
        format="json",
    )
    assert response.status_code == 201 and response.data["status"] == "live"
    assert response.data["product_id"] == existing.product_id
    before = row_counts()
    response = api.post(
        "/api/seller/listings/",
        {"product": hidden.product_id, "price": {"amount": 1500, "currency": "EUR"}, "stock": 2},
        format="json",
    )
    assert response.status_code == 404 and "product" in response.data
    assert row_counts() == before


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [({"gtin": "4006381333932"}, "gtin", "check digit"), ({"q": "a"}, "q", "at least 2"), ({}, "q", "gtin")],
)
def test_catalog_search_rejects_bad_input(seller, params, field, fragment):
    vendor, owner, api = seller
    response = api.get("/api/seller/catalog/search/", params)
    assert response.status_code == 400 and fragment in response.data[field][0]


def test_new_product_needs_category_and_title(seller, category):
    vendor, owner, api = seller
    before = row_counts()
    response = api.post(
        "/api/seller/listings/",
        {"price": {"amount": 100, "currency": "EUR"}, "stock": 1, "title": "Neu"},
        format="json",
    )
    assert response.status_code == 400 and "category" in response.data
    response = propose(api, category, title=" ")
    assert response.status_code == 400 and "title" in response.data
    assert row_counts() == before
