"""Fulfilment: every VendorOrder transition, its refusals, partial shipments, cancellations."""

import pytest
from django.core import mail

from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order, VendorOrder
from marketplace.outbox import outbox_deliver
from payouts.ledger import BUYER_RECEIVABLE, account_balance, vendor_payable
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import Offer
from vendors.services import vendor_member_add

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "E", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
DHL = "003404341234"  # 12 digits


@pytest.fixture
def placed(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    a = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Zelt", price=10000, stock=5)
    b = make_offer(vendor=beta, owner=beta_owner, category=category, title="Kocher", price=3000, stock=5)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=a.id, quantity=3)
    cart_item_add(buyer=buyer, offer_id=b.id, quantity=1)
    order = checkout_place(buyer=buyer, idempotency_key="k", payment_method="invoice", shipping_address=ADDRESS)
    vos = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    return {
        "order": order,
        "buyer": buyer,
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta_owner": beta_owner,
        "alpha_vo": vos[alpha.id],
        "beta_vo": vos[beta.id],
        "a": a,
        "b": b,
    }


def seller(p, key="alpha_owner"):
    return client_for(p[key])


def test_accept_ship_in_parts_and_deliver(placed):
    api, vo = seller(placed), placed["alpha_vo"]
    line = vo.lines.get()
    assert api.post(f"/api/seller/orders/{vo.id}/accept/").data["status"] == "accepted"
    response = api.post(
        f"/api/seller/orders/{vo.id}/ship/",
        {"carrier": "dhl", "tracking_number": DHL, "lines": [{"order_line_id": line.id, "quantity": 2}]},
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["tracking_url"].endswith(DHL)
    assert api.get(f"/api/seller/orders/{vo.id}/").data["status"] == "partially_shipped"
    # Not delivered before everything shipped.
    assert api.post(f"/api/seller/orders/{vo.id}/delivered/").status_code == 409
    response = api.post(
        f"/api/seller/orders/{vo.id}/ship/", {"carrier": "dpd", "tracking_number": "01234567890123"}, format="json"
    )
    assert response.status_code == 201 and response.data["lines"] == [{"order_line_id": line.id, "quantity": 1}]
    assert api.post(f"/api/seller/orders/{vo.id}/delivered/").data["status"] == "delivered"
    vo.refresh_from_db()
    assert vo.delivered_at is not None
    outbox_deliver()
    # Shipping mails speak the buyer's language (the shop's default, German, for this buyer).
    assert sum("ist unterwegs" in m.subject for m in mail.outbox) == 2
    # The buyer sees the tracking links on the order.
    order = client_for(placed["buyer"]).get(f"/api/orders/{placed['order'].number}/").data
    alpha = next(v for v in order["vendor_orders"] if v["vendor_id"] == placed["alpha"].id)
    assert [s["carrier"] for s in alpha["shipments"]] == ["dhl", "dpd"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"carrier": "pigeon", "tracking_number": DHL}, "carrier"),
        ({"carrier": "dhl", "tracking_number": "123"}, "tracking_number"),
        ({"carrier": "ups", "tracking_number": DHL}, "tracking_number"),
        ({"carrier": "dhl", "tracking_number": DHL, "lines": [{"order_line_id": 999999, "quantity": 1}]}, "lines"),
        ({"carrier": "dhl", "tracking_number": DHL, "lines": [{"order_line_id": "LINE", "quantity": 1}]}, "lines"),
    ],
)
def test_shipping_rejects_bad_input(placed, body, field):
    vo = placed["alpha_vo"]
    before = row_counts()
    response = seller(placed).post(f"/api/seller/orders/{vo.id}/ship/", body, format="json")
    assert response.status_code in (400, 404) and field in response.data, response.data
    assert row_counts() == before


def test_shipping_more_than_ordered_is_refused(placed):
    vo = placed["alpha_vo"]
    line = vo.lines.get()
    response = seller(placed).post(
        f"/api/seller/orders/{vo.id}/ship/",
        {"carrier": "dhl", "tracking_number": DHL, "lines": [{"order_line_id": line.id, "quantity": 4}]},
        format="json",
    )
    assert response.status_code == 400 and "lines" in response.data


def test_vendor_cancels_with_reason_stock_and_money_go_back(placed):
    api, vo = seller(placed), placed["alpha_vo"]
    assert api.post(f"/api/seller/orders/{vo.id}/cancel/", {"reason": ""}, format="json").status_code == 400
    response = api.post(f"/api/seller/orders/{vo.id}/cancel/", {"reason": "Out of stock after a flood"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "cancelled"
    assert Offer.objects.get(id=placed["a"].id).stock == 5
    assert account_balance(vendor_payable(placed["alpha"].id), "EUR").amount == 0
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 3000  # only Beta's part is still owed
    assert Order.objects.get(id=placed["order"].id).status == "placed"
    # Cancelled is final.
    assert api.post(f"/api/seller/orders/{vo.id}/accept/").status_code == 409


def test_buyer_cancels_before_shipping_but_not_after(placed):
    buyer_api, number = client_for(placed["buyer"]), placed["order"].number
    seller(placed, "beta_owner").post(
        f"/api/seller/orders/{placed['beta_vo'].id}/ship/",
        {"carrier": "dpd", "tracking_number": "01234567890123"},
        format="json",
    )
    refused = buyer_api.post(f"/api/orders/{number}/vendor-orders/{placed['beta_vo'].id}/cancel/", {}, format="json")
    assert refused.status_code == 409
    response = buyer_api.post(
        f"/api/orders/{number}/vendor-orders/{placed['alpha_vo'].id}/cancel/",
        {"reason": "changed my mind"},
        format="json",
    )
    assert response.status_code == 200
    assert VendorOrder.objects.get(id=placed["alpha_vo"].id).cancelled_by == "buyer"


def test_everything_cancelled_cancels_the_order(placed):
    buyer_api, number = client_for(placed["buyer"]), placed["order"].number
    for vo in (placed["alpha_vo"], placed["beta_vo"]):
        assert (
            buyer_api.post(f"/api/orders/{number}/vendor-orders/{vo.id}/cancel/", {}, format="json").status_code == 200
        )
    assert Order.objects.get(id=placed["order"].id).status == "cancelled"
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0


def test_tenants_and_roles(placed):
    beta_api, alpha_vo = seller(placed, "beta_owner"), placed["alpha_vo"]
    finance, shipper = UserFactory(), UserFactory()
    vendor_member_add(vendor=placed["alpha"], user=finance, role="finance")
    vendor_member_add(vendor=placed["alpha"], user=shipper, role="fulfilment")
    before = row_counts()
    for path, body in [
        ("", None),
        ("accept/", {}),
        ("ship/", {"carrier": "dhl", "tracking_number": DHL}),
        ("delivered/", {}),
        ("cancel/", {"reason": "x"}),
    ]:
        method = beta_api.get if body is None else beta_api.post
        assert method(f"/api/seller/orders/{alpha_vo.id}/{path}", body, format="json").status_code == 404, path
    assert [o["id"] for o in beta_api.get("/api/seller/orders/").data["results"]] == [placed["beta_vo"].id]
    # Another buyer cannot cancel this buyer's order.
    other = client_for(UserFactory())
    assert (
        other.post(
            f"/api/orders/{placed['order'].number}/vendor-orders/{alpha_vo.id}/cancel/", {}, format="json"
        ).status_code
        == 404
    )
    # Finance staff see money, not parcels; fulfilment staff ship.
    assert client_for(finance).post(f"/api/seller/orders/{alpha_vo.id}/accept/").status_code == 403
    assert row_counts() == before
    assert client_for(shipper).post(f"/api/seller/orders/{alpha_vo.id}/accept/").status_code == 200


def test_confirmation_mail_after_placing(placed):
    outbox_deliver()
    confirmations = [m for m in mail.outbox if placed["order"].number in m.subject and m.to == [placed["order"].email]]
    assert len(confirmations) == 1 and "Zelt" in confirmations[0].body
