"""Invoice PDF per VendorOrder in the seller's name: numbering per vendor, contents, who may
download it (the order's buyer, a guest through the signed link, the seller's owner and finance
staff; not its fulfilment staff), and the same for credit notes."""

import pytest
from django.core import signing

from buyers.guests import guest_order_token
from buyers.models import Invoice
from buyers.services import cart_item_add, checkout_place
from tests.conftest import client_for
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import VendorMember
from vendors.services import vendor_member_add
from vendors.services.fulfilment import vendor_order_cancel
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Erika Muster", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def shop(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    shipping_profile_create(
        vendor=alpha,
        actor=alpha_owner,
        name="Paket",
        currency="EUR",
        zones=[ZoneSpec(name="Inland", countries=["DE"], rate_kind="flat", rates=[RateSpec(amount=490)])],
    )
    return {
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "a": make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Wanderjacke", price=8000, stock=20),
        "b": make_offer(vendor=beta, owner=beta_owner, category=category, title="Zelt", price=12000, stock=20),
    }


def place(buyer, *offers, key="k"):
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    return checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)


def invoice_url(order, vo):
    return f"/api/orders/{order.number}/vendor-orders/{vo.id}/invoice.pdf"


def test_buyer_downloads_the_invoice_in_the_sellers_name(shop):
    buyer = UserFactory()
    order = place(buyer, shop["a"], shop["b"])
    alpha_part = order.vendor_orders.get(vendor=shop["alpha"])
    response = client_for(buyer).get(invoice_url(order, alpha_part))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    for text in (
        b"Alpha GmbH",
        shop["alpha"].vat_id.encode(),
        b"RE-000001",
        order.number.encode(),
        b"Wanderjacke",
        b"Erika Muster",
        b"19 %",
        b"4.90 EUR",
        b"84.90 EUR",
        b"Versand / Shipping",
    ):
        assert text in pdf, text
    assert b"Zelt" not in pdf and b"Beta GmbH" not in pdf  # the other seller's part has its own invoice


def test_numbers_are_sequential_per_vendor_and_fixed_once_issued(shop):
    buyer = UserFactory()
    first = place(buyer, shop["a"], shop["b"], key="1")
    second = place(buyer, shop["a"], key="2")
    api = client_for(buyer)
    for order in (second, first):  # issued in the order asked for, not the order placed
        for vo in order.vendor_orders.all():
            assert api.get(invoice_url(order, vo)).status_code == 200
    api.get(invoice_url(first, first.vendor_orders.get(vendor=shop["alpha"])))  # again: same invoice
    numbers = {
        (inv.vendor_id, inv.vendor_order.order_id): inv.number for inv in Invoice.objects.select_related("vendor_order")
    }
    assert numbers == {
        (shop["alpha"].id, second.id): "RE-000001",
        (shop["alpha"].id, first.id): "RE-000002",
        (shop["beta"].id, first.id): "RE-000001",
    }
    # The seller's details are kept as issued.
    shop["alpha"].legal_name = "Alpha Neu GmbH"
    shop["alpha"].save()
    assert b"Alpha GmbH" in api.get(invoice_url(first, first.vendor_orders.get(vendor=shop["alpha"]))).content


def test_only_the_buyer_and_the_sellers_fulfilment_staff_get_the_invoice(shop):
    buyer = UserFactory()
    order = place(buyer, shop["a"], shop["b"])
    alpha_part = order.vendor_orders.get(vendor=shop["alpha"])
    beta_part = order.vendor_orders.get(vendor=shop["beta"])
    assert client_for(UserFactory()).get(invoice_url(order, alpha_part)).status_code == 404
    other_order = place(UserFactory(), shop["a"], key="x")
    # Another buyer's part under my order number, or my part under theirs: 404.
    assert client_for(buyer).get(invoice_url(order, other_order.vendor_orders.get())).status_code == 404
    assert client_for(buyer).get(invoice_url(other_order, alpha_part)).status_code == 404

    seller_url = f"/api/seller/orders/{alpha_part.id}/invoice.pdf"
    assert client_for(shop["alpha_owner"]).get(seller_url).status_code == 200
    assert client_for(shop["beta_owner"]).get(seller_url).status_code == 404  # another vendor's order
    fulfilment, finance = UserFactory(), UserFactory()
    vendor_member_add(vendor=shop["alpha"], user=fulfilment, role=VendorMember.Role.FULFILMENT)
    vendor_member_add(vendor=shop["alpha"], user=finance, role=VendorMember.Role.FINANCE)
    # Invoices are finance documents: finance staff download them, fulfilment staff do not.
    assert client_for(fulfilment).get(seller_url).status_code == 403
    assert client_for(finance).get(seller_url).status_code == 200
    assert client_for(finance).get(f"/api/seller/orders/{beta_part.id}/invoice.pdf").status_code == 404


def test_a_part_cancelled_before_any_invoice_gets_none(shop):
    buyer = UserFactory()
    order = place(buyer, shop["a"])
    vo = order.vendor_orders.get()
    vendor_order_cancel(actor=buyer, vendor_order_id=vo.id, reason="", by="buyer")
    response = client_for(buyer).get(invoice_url(order, vo))
    assert response.status_code == 409 and Invoice.objects.count() == 0


def test_guest_gets_the_invoice_through_the_signed_link_only(shop):
    from buyers.guests import guest_ensure

    guest = guest_ensure(session={})
    order = place(guest, shop["a"])
    vo = order.vendor_orders.get()
    token = guest_order_token(order=order)
    api = client_for(UserFactory())
    assert api.get(f"/api/guest/orders/{token}/vendor-orders/{vo.id}/invoice.pdf").status_code == 200
    forged = signing.dumps({"order": order.number}, salt="something-else")
    assert api.get(f"/api/guest/orders/{forged}/vendor-orders/{vo.id}/invoice.pdf").status_code == 404
    other = place(UserFactory(), shop["b"], key="o").vendor_orders.get()
    assert api.get(f"/api/guest/orders/{token}/vendor-orders/{other.id}/invoice.pdf").status_code == 404


def test_credit_notes_are_for_finance_staff_not_fulfilment(shop, operator):
    from payouts.services.refunds import RefundLineRequest, refund_create

    order = place(UserFactory(), shop["a"])
    vo = order.vendor_orders.get()
    refund = refund_create(
        actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(vo.lines.get().id, 1000)], reason="Kratzer"
    )
    url = f"/api/seller/refunds/{refund.id}/credit-note.pdf"
    fulfilment, finance = UserFactory(), UserFactory()
    vendor_member_add(vendor=shop["alpha"], user=fulfilment, role=VendorMember.Role.FULFILMENT)
    vendor_member_add(vendor=shop["alpha"], user=finance, role=VendorMember.Role.FINANCE)
    assert client_for(fulfilment).get(url).status_code == 403
    for allowed in (finance, shop["alpha_owner"]):
        response = client_for(allowed).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_for(shop["beta_owner"]).get(url).status_code == 404
