"""Service offers sold as their own priced lines: by the product's seller, or by a partner vendor
(its own part of the order); VAT and commission per line; refusals change nothing."""

import pytest

from buyers.addons.models import CartService
from buyers.addons.service_offers import cart_service_add, service_offer_create
from buyers.selectors import cart_summary
from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError, NotFound
from marketplace.money import Money
from payouts.ledger import BUYER_RECEIVABLE, account_balance, vendor_payable
from tests.buyers.loyalty.helpers import ADDRESS, all_counts, make_shop, unbalanced_entries
from tests.factories import UserFactory, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(category):
    return make_shop(category)


def test_seller_and_partner_services_are_priced_lines_of_their_provider(shop):
    alpha, offer = shop["alpha"]["vendor"], shop["alpha"]["offer"]
    partner, _owner = make_vendor(name="Montage Partner")
    warranty = service_offer_create(
        provider=alpha,
        product_id=offer.product_id,
        kind="warranty",
        title="2 years more warranty",
        price=Money(999, "EUR"),
    )
    assembly = service_offer_create(
        provider=partner,
        product_id=offer.product_id,
        kind="assembly",
        title="Assembly at home",
        price=Money(4900, "EUR"),
    )
    buyer = UserFactory()
    item = cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    cart_service_add(buyer=buyer, item_id=item.id, service_offer_id=warranty.id)
    cart_service_add(buyer=buyer, item_id=item.id, service_offer_id=assembly.id)
    shown = cart_summary(buyer=buyer)  # what the cart shows before the order button
    order = checkout_place(buyer=buyer, idempotency_key="s", payment_method="invoice", shipping_address=ADDRESS)
    assert shown.items_total.amount == order.items_total_amount
    assert shown.total.amount == order.total_amount - order.co2_amount  # CO2 is a choice at checkout

    parts = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    assert set(parts) == {alpha.id, partner.id}
    alpha_lines = {line.service_offer_id: line for line in parts[alpha.id].lines.all()}
    service_line = alpha_lines[warranty.id]
    assert (service_line.unit_price_amount, service_line.quantity, service_line.line_total_amount) == (999, 2, 1998)
    assert service_line.offer_id == offer.id and service_line.product_title == "2 years more warranty"
    assert service_line.vat_rate_bps == 1900 and service_line.vat_amount == 319  # 1998 * 19/119, half up
    assert service_line.commission_amount > 0
    assert parts[alpha.id].items_amount == 2 * 3333 + 1998
    partner_part = parts[partner.id]
    (partner_line,) = partner_part.lines.all()
    assert partner_line.service_offer_id == assembly.id and partner_line.line_total_amount == 9800
    assert partner_part.shipping_amount == 0 and partner_part.items_amount == 9800
    assert partner_part.payable_amount == 9800 - partner_part.commission_amount - partner_part.commission_vat_amount
    assert order.items_total_amount == 2 * 3333 + 1998 + 9800
    assert order.total_amount == sum(vo.total_amount for vo in parts.values()) + order.co2_amount
    assert order.vat_amount == sum(vo.vat_amount for vo in parts.values())
    assert account_balance(vendor_payable(partner.id), "EUR").amount == -partner_part.payable_amount
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == order.total_amount
    assert unbalanced_entries() == []
    assert not CartService.objects.exists()  # the cart is empty again
    offer.refresh_from_db()
    assert offer.stock == 48  # services take no stock


def test_unknown_or_foreign_service_offer_is_refused_and_changes_nothing(shop):
    alpha, beta = shop["alpha"], shop["beta"]
    other = service_offer_create(
        provider=beta["vendor"],
        product_id=beta["offer"].product_id,
        kind="protection",
        title="Protection",
        price=Money(500, "EUR"),
    )
    buyer = UserFactory()
    item = cart_item_add(buyer=buyer, offer_id=alpha["offer"].id, quantity=1)
    before = all_counts()
    for service_offer_id in (other.id, 999_999):  # for another product; missing
        with pytest.raises(DomainError) as refused:
            cart_service_add(buyer=buyer, item_id=item.id, service_offer_id=service_offer_id)
        assert refused.value.field == "service_offer" and refused.value.status_code == 400
    with pytest.raises(NotFound):
        cart_service_add(buyer=UserFactory(), item_id=item.id, service_offer_id=other.id)  # someone else's cart item
    assert all_counts() == before


def test_service_offer_input_is_checked(shop):
    alpha = shop["alpha"]
    for kwargs, field in (
        ({"kind": "cleaning"}, "kind"),
        ({"price": Money(0, "EUR")}, "price"),
        ({"title": " "}, "title"),
    ):
        args = {
            "provider": alpha["vendor"],
            "product_id": alpha["offer"].product_id,
            "kind": "warranty",
            "title": "W",
            "price": Money(100, "EUR"),
            **kwargs,
        }
        with pytest.raises(DomainError) as refused:
            service_offer_create(**args)
        assert refused.value.field == field


def test_service_offers_through_the_api(shop):
    from tests.conftest import client_for

    alpha = shop["alpha"]
    product_id = alpha["offer"].product_id
    seller = client_for(alpha["owner"])
    bad = seller.post(
        "/api/seller/service-offers/",
        {"product": product_id, "kind": "cleaning", "title": "X", "price": {"amount": 100, "currency": "EUR"}},
        format="json",
    )
    assert bad.status_code == 400 and "kind" in bad.data
    created = seller.post(
        "/api/seller/service-offers/",
        {"product": product_id, "kind": "assembly", "title": "Aufbau", "price": {"amount": 2500, "currency": "EUR"}},
        format="json",
    )
    assert created.status_code == 201, created.data
    buyer = UserFactory()
    api = client_for(buyer)
    listed = api.get(f"/api/service-offers/?product={product_id}")
    assert [o["id"] for o in listed.data] == [created.data["id"]] and listed.data[0]["price"]["amount"] == 2500
    item = cart_item_add(buyer=buyer, offer_id=alpha["offer"].id, quantity=1)
    before = all_counts()
    unknown = api.post("/api/cart/services/", {"item": item.id, "service_offer": 999_999}, format="json")
    assert unknown.status_code == 400 and "service_offer" in unknown.data
    assert all_counts() == before
    chosen = api.post("/api/cart/services/", {"item": item.id, "service_offer": created.data["id"]}, format="json")
    assert chosen.status_code == 201
    order = api.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": ADDRESS},
        format="json",
        HTTP_IDEMPOTENCY_KEY="svc",
    )
    assert order.status_code == 201 and order.data["items_total"]["amount"] == 3333 + 2500
