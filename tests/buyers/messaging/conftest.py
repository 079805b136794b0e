"""A shop for messaging and claims: vendor Alpha (a member in every role), vendor Beta, buyers
Alice (an invoice order from Alpha, shipped and delivered) and Bob, and an operator."""

from types import SimpleNamespace

import pytest

from buyers.services import cart_item_add, checkout_place
from tests.factories import UserFactory, make_offer, make_operator, make_vendor
from vendors import services as vendor_services
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

ADDRESS = {"name": "Alice Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def place(buyer, offer, key: str, quantity: int = 2):
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=quantity)
    return checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)


@pytest.fixture
def shop(category):
    operator = make_operator()
    alpha, alpha_owner = make_vendor(name="Alpha", operator=operator)
    beta, beta_owner = make_vendor(name="Beta", operator=operator)
    members = {"owner": alpha_owner}
    for role in ("manager", "fulfilment", "finance"):
        members[role] = UserFactory()
        vendor_services.vendor_member_add(vendor=alpha, user=members[role], role=role)
    offer = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Helm", price=4000, stock=50)
    alice, bob = UserFactory(), UserFactory()
    order = place(alice, offer, "alice-1")
    part = order.vendor_orders.get()
    vendor_order_ship(
        vendor=alpha, actor=alpha_owner, vendor_order_id=part.id, carrier="dhl", tracking_number="003404341111"
    )
    vendor_order_mark_delivered(vendor=alpha, actor=alpha_owner, vendor_order_id=part.id)
    part.refresh_from_db()
    return SimpleNamespace(
        operator=operator,
        alpha=alpha,
        beta=beta,
        beta_owner=beta_owner,
        members=members,
        offer=offer,
        alice=alice,
        bob=bob,
        order=order,
        part=part,
    )
