"""Returns: window, quantities, every transition and its refusals, refunds, tenancy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from buyers.services import cart_item_add, checkout_place
from marketplace.models import VendorOrder
from payouts.ledger import BUYER_RECEIVABLE, account_balance
from payouts.models import Refund
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def delivered(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Jacke", price=8000, stock=5)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    order = checkout_place(buyer=buyer, idempotency_key="k", payment_method="invoice", shipping_address=ADDRESS)
    vo = order.vendor_orders.get()
    vendor_order_ship(vendor=vendor, actor=owner, vendor_order_id=vo.id, carrier="dhl", tracking_number="003404341234")
    vendor_order_mark_delivered(vendor=vendor, actor=owner, vendor_order_id=vo.id)
    return {"vendor": vendor, "owner": owner, "buyer": buyer, "order": order, "vo": vo, "line": vo.lines.get()}


def request_return(d, quantity=1, reason="damaged"):
    return client_for(d["buyer"]).post(
        f"/api/orders/{d['order'].number}/returns/",
        {
            "vendor_order_id": d["vo"].id,
            "lines": [{"order_line_id": d["line"].id, "quantity": quantity}],
            "reason": reason,
        },
        format="json",
    )


def test_full_return_flow_refunds_what_was_paid(delivered):
    response = request_return(delivered, quantity=2)
    assert response.status_code == 201, response.data
    return_id = response.data["id"]
    buyer_api, seller_api = client_for(delivered["buyer"]), client_for(delivered["owner"])
    assert buyer_api.get(f"/api/returns/{return_id}/label.pdf").status_code == 409  # not approved yet
    assert seller_api.post(f"/api/seller/returns/{return_id}/refund/", {}, format="json").status_code == 409
    response = seller_api.post(
        f"/api/seller/returns/{return_id}/approve/", {"instructions": "Bitte an Lager 2 senden"}, format="json"
    )
    assert response.data["status"] == "approved"
    label = buyer_api.get(f"/api/returns/{return_id}/label.pdf")
    assert label.status_code == 200 and label["Content-Type"] == "application/pdf" and label.content.startswith(b"%PDF")
    assert seller_api.post(f"/api/seller/returns/{return_id}/received/").data["status"] == "received"
    response = seller_api.post(f"/api/seller/returns/{return_id}/refund/", {}, format="json")
    assert response.status_code == 200 and response.data["status"] == "refunded"
    assert Refund.objects.get(id=response.data["refund_id"]).amount == 16000
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    assert buyer_api.get(f"/api/returns/{return_id}/").data["status"] == "refunded"


def test_partial_refund_and_rejection(delivered):
    first = request_return(delivered, quantity=1).data["id"]
    seller_api = client_for(delivered["owner"])
    seller_api.post(f"/api/seller/returns/{first}/approve/", {"instructions": "ok"}, format="json")
    seller_api.post(f"/api/seller/returns/{first}/received/")
    line_id = delivered["line"].id
    too_much = seller_api.post(
        f"/api/seller/returns/{first}/refund/", {"amounts": [{"order_line_id": line_id, "amount": 8001}]}, format="json"
    )
    assert too_much.status_code == 400 and "amounts" in too_much.data
    done = seller_api.post(
        f"/api/seller/returns/{first}/refund/", {"amounts": [{"order_line_id": line_id, "amount": 6000}]}, format="json"
    )
    assert Refund.objects.get(id=done.data["refund_id"]).amount == 6000  # worn jacket: partial
    second = request_return(delivered, quantity=1).data["id"]
    assert seller_api.post(f"/api/seller/returns/{second}/reject/", {"reason": ""}, format="json").status_code == 400
    response = seller_api.post(
        f"/api/seller/returns/{second}/reject/", {"reason": "Nach Ablauf benutzt"}, format="json"
    )
    assert response.data["status"] == "rejected"
    assert (
        seller_api.post(f"/api/seller/returns/{second}/approve/", {"instructions": "x"}, format="json").status_code
        == 409
    )


@pytest.mark.parametrize(
    ("quantity", "reason", "field"),
    [(3, "damaged", "lines"), (0, "damaged", "lines"), (1, "bored", "reason")],
)
def test_bad_return_requests_change_nothing(delivered, quantity, reason, field):
    before = row_counts()
    response = request_return(delivered, quantity=quantity, reason=reason)
    assert response.status_code == 400 and field in response.data, response.data
    assert row_counts() == before


def test_no_return_before_delivery_or_after_the_window(delivered):
    VendorOrder.objects.filter(id=delivered["vo"].id).update(delivered_at=timezone.now() - timedelta(days=15))
    response = request_return(delivered)
    assert response.status_code == 400 and response.data["error_code"] == "return_window_over"
    VendorOrder.objects.filter(id=delivered["vo"].id).update(status=VendorOrder.Status.SHIPPED, delivered_at=None)
    assert request_return(delivered).status_code == 409


def test_returns_are_walled(delivered):
    return_id = request_return(delivered).data["id"]
    other_buyer, (other_vendor, other_owner) = UserFactory(), make_vendor(name="Beta")
    before = row_counts()
    assert client_for(other_buyer).get(f"/api/returns/{return_id}/").status_code == 404
    assert client_for(other_buyer).get(f"/api/returns/{return_id}/label.pdf").status_code == 404
    assert (
        client_for(other_buyer)
        .post(
            f"/api/orders/{delivered['order'].number}/returns/",
            {
                "vendor_order_id": delivered["vo"].id,
                "lines": [{"order_line_id": delivered["line"].id, "quantity": 1}],
                "reason": "damaged",
            },
            format="json",
        )
        .status_code
        == 404
    )
    other_api = client_for(other_owner)
    for action, body in [
        ("approve/", {"instructions": "x"}),
        ("reject/", {"reason": "x"}),
        ("received/", {}),
        ("refund/", {}),
    ]:
        assert other_api.post(f"/api/seller/returns/{return_id}/{action}", body, format="json").status_code == 404
    assert other_api.get(f"/api/seller/returns/{return_id}/label.pdf").status_code == 404
    assert other_api.get("/api/seller/returns/").data["results"] == []
    assert row_counts() == before
