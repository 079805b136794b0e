"""Offers: status, SKU, return window, shipping profile, LIVE_OFFER and bulk price/stock updates."""

import pytest

from marketplace.errors import Conflict, NotFound
from marketplace.models import OutboxEvent
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import Offer
from vendors.selectors import live_offer_get
from vendors.services import offer_update, vendor_member_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner, client_for(owner)


def listing(category_id, **overrides):
    body = {"category": category_id, "title": "Helm", "price": {"amount": 1999, "currency": "EUR"}, "stock": 5}
    body.update(overrides)
    return body


def test_listing_gets_defaults_and_goes_live_on_an_active_product(seller, category):
    vendor, owner, api = seller
    beta, beta_owner = make_vendor(name="Beta")
    make_offer(vendor=beta, owner=beta_owner, category=category, gtin="4006381333931")  # approved product
    response = api.post("/api/seller/listings/", listing(category.id, gtin="4006381333931"), format="json")
    assert response.status_code == 201, response.data
    offer = Offer.objects.get(id=response.data["id"])
    assert response.data["status"] == offer.status == Offer.Status.LIVE
    assert response.data["sku"] == offer.sku == f"P{offer.product_id}"
    assert response.data["return_window_days"] == 14
    assert live_offer_get(offer_id=offer.id).id == offer.id


def test_listing_takes_sku_return_window_and_can_stay_draft(seller, category):
    vendor, owner, api = seller
    make_offer(vendor=vendor, owner=owner, category=category, gtin="4006381333931", sku="FIRST")
    body = listing(
        category.id,
        sku="HELM-01",
        return_window_days=100,
        publish=False,
        weight_g=450,
        handling_days=1,
        gtin="4006381333931",
        condition="used",
    )
    response = api.post("/api/seller/listings/", body, format="json")
    assert response.status_code == 201, response.data
    offer = Offer.objects.get(id=response.data["id"])
    assert (offer.sku, offer.return_window_days, offer.status, offer.weight_g, offer.handling_days) == (
        "HELM-01",
        100,
        Offer.Status.DRAFT,
        450,
        1,
    )
    with pytest.raises(NotFound):
        live_offer_get(offer_id=offer.id)


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"return_window_days": 15}, "return_window_days", "14, 30, 60 or 100"),
        ({"sku": "-bad sku"}, "sku", "letters, digits"),
        ({"sku": "x" * 65}, "sku", "64"),
        ({"handling_days": 31}, "handling_days", "less than or equal to 30"),
        ({"condition": "broken"}, "condition", "not a valid choice"),
        ({"weight_g": 0}, "weight_g", "greater than or equal to 1"),
        ({"shipping_profile": "abc"}, "shipping_profile", "integer"),
        ({"publish": "maybe"}, "publish", "boolean"),
    ],
)
def test_listing_rejects_bad_offer_fields(seller, category, overrides, field, fragment):
    vendor, owner, api = seller
    before = row_counts()
    response = api.post("/api/seller/listings/", listing(category.id, **overrides), format="json")
    assert response.status_code == 400, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before


def test_sku_is_unique_per_vendor_but_not_across_vendors(seller, category):
    vendor, owner, api = seller
    assert api.post("/api/seller/listings/", listing(category.id, sku="A-1"), format="json").status_code == 201
    before = row_counts()
    response = api.post("/api/seller/listings/", listing(category.id, title="Anderer", sku="A-1"), format="json")
    assert response.status_code == 409 and "sku" in response.data
    assert row_counts() == before
    beta, beta_owner = make_vendor(name="Beta")
    response = client_for(beta_owner).post("/api/seller/listings/", listing(category.id, sku="A-1"), format="json")
    assert response.status_code == 201


def test_status_changes_by_the_vendor_and_refusals(seller, category):
    vendor, owner, api = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    url = f"/api/seller/offers/{offer.id}/"
    response = api.patch(url, {"status": "paused"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "paused"
    with pytest.raises(NotFound):
        live_offer_get(offer_id=offer.id)
    assert api.patch(url, {"status": "live"}, format="json").data["status"] == "live"
    # The older boolean still works: False pauses, True makes it live again.
    assert api.patch(url, {"is_active": False}, format="json").data["status"] == "paused"
    assert api.patch(url, {"is_active": True}, format="json").data["is_active"] is True
    # The vendor cannot pick operator statuses.
    response = api.patch(url, {"status": "suppressed"}, format="json")
    assert response.status_code == 400 and "status" in response.data
    # An offer an operator suppressed stays suppressed whatever the vendor asks.
    Offer.objects.filter(id=offer.id).update(status=Offer.Status.SUPPRESSED)
    before = row_counts()
    response = api.patch(url, {"status": "live"}, format="json")
    assert response.status_code == 409 and "only an operator" in response.data["status"][0]
    assert row_counts() == before
    assert Offer.objects.get(id=offer.id).status == Offer.Status.SUPPRESSED


def test_offer_update_writes_outbox_event_and_ignores_no_op(seller, category):
    vendor, owner, api = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    events = OutboxEvent.objects.count()
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, stock=offer.stock)
    assert OutboxEvent.objects.count() == events
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, return_window_days=30, sku="NEU-1")
    assert OutboxEvent.objects.count() == events + 1
    assert OutboxEvent.objects.order_by("-id")[0].key == f"product:{offer.product_id}"
    offer.refresh_from_db()
    assert (offer.return_window_days, offer.sku) == (30, "NEU-1")


def test_offer_update_refuses_taken_sku(seller, category):
    vendor, owner, api = seller
    first = make_offer(vendor=vendor, owner=owner, category=category, sku="ONE")
    second = make_offer(vendor=vendor, owner=owner, category=category, title="Zwei", sku="TWO")
    with pytest.raises(Conflict) as error:
        offer_update(vendor=vendor, actor=owner, offer_id=second.id, sku="ONE")
    assert error.value.field == "sku"
    assert Offer.objects.get(id=first.id).sku == "ONE" and Offer.objects.get(id=second.id).sku == "TWO"


# --- bulk price and stock -----------------------------------------------------------------


@pytest.fixture
def stocked(seller, category):
    vendor, owner, api = seller
    offers = [
        make_offer(vendor=vendor, owner=owner, category=category, title=f"Artikel {n}", sku=f"SKU-{n}", stock=5)
        for n in range(3)
    ]
    return vendor, owner, api, offers


def test_bulk_update_reports_per_row_and_keeps_good_rows(stocked):
    vendor, owner, api, offers = stocked
    beta, beta_owner = make_vendor(name="Beta")
    make_offer(vendor=beta, owner=beta_owner, category=offers[0].product.category, title="Fremd", sku="BETA-1")
    events_before = OutboxEvent.objects.count()
    rows = [
        {"sku": "SKU-0", "price": {"amount": 2500, "currency": "EUR"}, "stock": 7},
        {"sku": "SKU-1", "stock": -3},
        {"sku": "BETA-1", "stock": 0},  # another vendor's SKU is unknown here
        {"sku": "SKU-2", "stock": 5},  # unchanged
        {"sku": "SKU-0", "stock": 1},  # twice in one call
        {"sku": "SKU-2"},
        {"sku": "SKU-1", "price": {"amount": 10, "currency": "USD"}},
    ]
    response = api.post("/api/seller/offers/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 200, response.data
    results = response.data["results"]
    assert [r["status"] for r in results] == ["updated", "error", "error", "unchanged", "error", "error", "error"]
    assert "stock" in results[1]["errors"]
    assert "no offer with SKU 'BETA-1'" in results[2]["errors"]["sku"][0]
    assert "twice" in results[4]["errors"]["sku"][0]
    assert "price" in results[5]["errors"]
    assert "USD" in results[6]["errors"]["price"][0]
    assert (response.data["updated"], response.data["unchanged"], response.data["failed"]) == (1, 1, 5)
    first = Offer.objects.get(id=offers[0].id)
    assert (first.price_amount, first.stock) == (2500, 7)
    assert Offer.objects.get(id=offers[1].id).stock == 5
    assert Offer.objects.get(sku="BETA-1").stock == 10
    # One outbox event for the one changed row.
    assert OutboxEvent.objects.count() == events_before + 1


@pytest.mark.parametrize("body", [{}, {"rows": []}, {"rows": "SKU-0"}, {"rows": [{"sku": "x", "stock": 1}] * 1001}])
def test_bulk_update_rejects_a_malformed_body(stocked, body):
    vendor, owner, api, offers = stocked
    before = row_counts()
    response = api.post("/api/seller/offers/bulk/", body, format="json")
    assert response.status_code == 400 and "rows" in response.data
    assert row_counts() == before


@pytest.mark.parametrize("role", ["fulfilment", "finance"])
def test_roles_without_manage_listings_cannot_change_offers(stocked, role):
    vendor, owner, api, offers = stocked
    staff = UserFactory()
    vendor_member_add(vendor=vendor, user=staff, role=role)
    staff_api = client_for(staff)
    before = row_counts()
    response = staff_api.post("/api/seller/offers/bulk/", {"rows": [{"sku": "SKU-0", "stock": 0}]}, format="json")
    assert response.status_code == 403
    response = staff_api.patch(f"/api/seller/offers/{offers[0].id}/", {"status": "paused"}, format="json")
    assert response.status_code == 403
    response = staff_api.post("/api/seller/listings/", listing(offers[0].product.category_id), format="json")
    assert response.status_code == 403
    assert row_counts() == before
    assert Offer.objects.get(id=offers[0].id).stock == 5


def test_manager_may_bulk_update(stocked):
    vendor, owner, api, offers = stocked
    manager = UserFactory()
    vendor_member_add(vendor=vendor, user=manager, role="manager")
    response = client_for(manager).post(
        "/api/seller/offers/bulk/", {"rows": [{"sku": "SKU-0", "stock": 0}]}, format="json"
    )
    assert response.status_code == 200 and response.data["updated"] == 1


def test_other_vendors_offers_are_not_found(stocked):
    vendor, owner, api, offers = stocked
    beta, beta_owner = make_vendor(name="Beta")
    beta_api = client_for(beta_owner)
    before = row_counts()
    foreign = beta_api.patch(f"/api/seller/offers/{offers[0].id}/", {"status": "paused"}, format="json")
    missing = beta_api.patch("/api/seller/offers/999999/", {"status": "paused"}, format="json")
    assert foreign.status_code == missing.status_code == 404 and foreign.data == missing.data
    response = beta_api.post("/api/seller/offers/bulk/", {"rows": [{"sku": "SKU-0", "stock": 0}]}, format="json")
    assert response.data["results"][0]["status"] == "error"
    assert row_counts() == before
    assert Offer.objects.get(id=offers[0].id).stock == 5


def test_paused_offer_cannot_be_bought(stocked):
    vendor, owner, api, offers = stocked
    offer_update(vendor=vendor, actor=owner, offer_id=offers[0].id, status=Offer.Status.PAUSED)
    buyer_api = client_for(UserFactory())
    response = buyer_api.post("/api/cart/items/", {"offer": offers[0].id, "quantity": 1}, format="json")
    assert response.status_code == 404
    assert (
        client_for(UserFactory())
        .post("/api/cart/items/", {"offer": offers[1].id, "quantity": 1}, format="json")
        .status_code
        == 201
    )
