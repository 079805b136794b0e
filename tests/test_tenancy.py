"""Tenants are walled: another vendor's or buyer's objects are 404, exactly like missing ones."""

import pytest

from buyers.services import cart_item_add
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services import vendor_member_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    alpha_offer = make_offer(vendor=alpha, owner=alpha_owner, category=category)
    beta_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="B")
    return {
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "alpha_offer": alpha_offer,
        "beta_offer": beta_offer,
    }


def test_vendor_staff_cannot_see_or_change_other_vendors_offers(world):
    api = client_for(world["alpha_owner"])
    offers = api.get("/api/seller/offers/").data["results"]
    assert [o["id"] for o in offers] == [world["alpha_offer"].id]
    before = row_counts()
    for method, body in (("get", None), ("patch", {"stock": 0})):
        response = getattr(api, method)(f"/api/seller/offers/{world['beta_offer'].id}/", body, format="json")
        assert response.status_code == 404
    # Naming the other vendor explicitly does not help either.
    response = api.get("/api/seller/offers/", HTTP_X_VENDOR=str(world["beta"].id))
    assert response.status_code == 404
    assert row_counts() == before


def test_roles_limit_what_staff_may_change(world):
    fulfilment = UserFactory()
    vendor_member_add(vendor=world["alpha"], user=fulfilment, role="fulfilment")
    api = client_for(fulfilment)
    assert api.get(f"/api/seller/offers/{world['alpha_offer'].id}/").status_code == 200
    response = api.patch(
        f"/api/seller/offers/{world['alpha_offer'].id}/", {"price": {"amount": 1, "currency": "EUR"}}, format="json"
    )
    assert response.status_code == 403
    # A foreign offer stays a 404 for this role too (no confirmation that it exists).
    assert api.patch(f"/api/seller/offers/{world['beta_offer'].id}/", {"stock": 1}, format="json").status_code == 404


def test_a_buyer_never_reaches_another_buyers_cart_or_orders(world):
    alice, bob = UserFactory(), UserFactory()
    item = cart_item_add(buyer=alice, offer_id=world["alpha_offer"].id, quantity=1)
    bob_api = client_for(bob)
    before = row_counts()
    assert bob_api.patch(f"/api/cart/items/{item.id}/", {"quantity": 3}, format="json").status_code == 404
    assert bob_api.delete(f"/api/cart/items/{item.id}/").status_code == 404
    assert bob_api.get("/api/cart/").data["item_count"] == 0
    assert row_counts() == before

    address = {"name": "Alice", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
    alice_api = client_for(alice)
    response = alice_api.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": address},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a",
    )
    assert response.status_code == 201
    number = response.data["number"]
    assert bob_api.get(f"/api/orders/{number}/").status_code == 404
    assert bob_api.get("/api/orders/").data["results"] == []
    # Bob reusing Alice's idempotency key places his own (empty-cart) checkout, not hers.
    response = bob_api.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": address},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a",
    )
    assert response.status_code == 400


def test_anonymous_users_get_401_on_private_endpoints(world, api):
    for path in ("/api/cart/", "/api/orders/", "/api/seller/offers/", f"/api/seller/offers/{world['alpha_offer'].id}/"):
        assert api.get(path).status_code in (401, 403)


def test_only_operators_approve_vendors(world):
    pending, owner = make_vendor(name="Gamma", approved=False)
    for user in (world["alpha_owner"], UserFactory()):
        response = client_for(user).post(f"/api/operator/vendors/{pending.id}/approve/")
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "applied"
