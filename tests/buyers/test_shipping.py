"""Shipping per vendor group: shown in the cart with progress to free shipping, charged at
checkout (order and seller part), credited to the seller in the ledger, refunded by the rules;
click and collect at a seller's pickup location."""

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from buyers.coupons import cart_coupon_apply, coupon_create
from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError
from marketplace.models import Order
from marketplace.money import Money
from payouts.ledger import BUYER_RECEIVABLE, account_balance, vendor_payable
from payouts.models import JournalLine, Refund
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.conftest import client_for, row_counts
from tests.examples import examples
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_cancel, vendor_order_mark_delivered, vendor_order_ship
from vendors.services.shipping import PickupSpec, RateSpec, ZoneSpec, shipping_profile_create

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def give_profile(vendor, owner, *, flat=490, threshold=5000, pickup=False):
    return shipping_profile_create(
        vendor=vendor,
        actor=owner,
        name="Paket",
        currency="EUR",
        free_shipping_threshold=Money(threshold, "EUR") if threshold else None,
        zones=[ZoneSpec(name="Inland", countries=["DE"], rate_kind="flat", rates=[RateSpec(amount=flat)])],
        pickup_locations=[
            PickupSpec(name="Laden", street="Hauptstr. 1", postal_code="10115", city="Berlin", country="DE")
        ]
        if pickup
        else [],
    )


@pytest.fixture
def shop(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")  # no shipping profile: ships free
    give_profile(alpha, alpha_owner, pickup=True)
    return {
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "a": make_offer(vendor=alpha, owner=alpha_owner, category=category, title="A", price=1500, stock=50),
        "b": make_offer(vendor=beta, owner=beta_owner, category=category, title="B", price=2000, stock=50),
    }


def place(buyer, key="k", **kwargs):
    return checkout_place(
        buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS, **kwargs
    )


def unbalanced_entries():
    return list(JournalLine.objects.values("entry_id", "currency").annotate(total=Sum("amount")).exclude(total=0))


def test_cart_shows_shipping_per_group_and_progress_to_free_shipping(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=2)
    cart_item_add(buyer=buyer, offer_id=shop["b"].id, quantity=1)
    data = client_for(buyer).get("/api/cart/").data
    groups = {g["vendor_id"]: g for g in data["groups"]}
    alpha, beta = groups[shop["alpha"].id], groups[shop["beta"].id]
    assert alpha["shipping"]["amount"] == 490
    [progress] = alpha["free_shipping"]
    assert progress["profile_name"] == "Paket" and progress["reached"] is False
    assert [progress[k]["amount"] for k in ("threshold", "subtotal", "missing")] == [5000, 3000, 2000]
    assert [p["name"] for p in alpha["pickup_locations"]] == ["Laden"]
    assert alpha["total"]["amount"] == 3000 + 490
    assert beta["shipping"]["amount"] == 0 and beta["free_shipping"] == [] and beta["pickup_locations"] == []
    assert data["shipping"]["amount"] == 490 and data["total"]["amount"] == 3000 + 490 + 2000
    assert data["country"] == "DE"

    # Reaching the threshold makes the parcel free.
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=2)
    alpha = {g["vendor_id"]: g for g in client_for(buyer).get("/api/cart/").data["groups"]}[shop["alpha"].id]
    assert alpha["shipping"]["amount"] == 0
    assert alpha["free_shipping"][0]["reached"] is True and alpha["free_shipping"][0]["missing"]["amount"] == 0


def test_cart_to_a_country_the_seller_does_not_serve_says_so_and_checkout_refuses(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=1)
    data = client_for(buyer).get("/api/cart/?country=FR").data
    assert data["groups"][0]["shipping_unavailable"] and any("FR" in notice for notice in data["notices"])
    assert client_for(buyer).get("/api/cart/?country=france").status_code == 400
    before = row_counts()
    response = client_for(buyer).post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": {**ADDRESS, "country": "FR"}},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 400
    assert "shipping_address.country" in str(response.data) and "FR" in str(response.data)
    assert row_counts() == before


def test_checkout_charges_shipping_to_the_order_and_the_sellers_payable(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=1)
    cart_item_add(buyer=buyer, offer_id=shop["b"].id, quantity=1)
    order = place(buyer)
    assert (order.items_total_amount, order.shipping_amount, order.total_amount) == (3500, 490, 3990)
    alpha = order.vendor_orders.get(vendor=shop["alpha"])
    beta = order.vendor_orders.get(vendor=shop["beta"])
    assert alpha.shipping_amount == 490 and beta.shipping_amount == 0
    # 19 % German VAT included in 4.90 shipping (shipping follows the goods' rate).
    assert alpha.shipping_vat_amount == 78
    assert alpha.vat_amount == alpha.lines.get().vat_amount + 78
    assert order.vat_amount == alpha.vat_amount + beta.vat_amount
    # Shipping goes to the seller whole; commission stays on the items.
    assert alpha.payable_amount == 1500 + 490 - alpha.commission_amount - alpha.commission_vat_amount
    assert account_balance(vendor_payable(shop["alpha"].id), "EUR").amount == -alpha.payable_amount  # credit: owed
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 3990
    assert unbalanced_entries() == []
    detail = client_for(buyer).get(f"/api/orders/{order.number}/").data
    assert detail["shipping"]["amount"] == 490
    assert {vo["vendor_id"]: vo["shipping_amount"] for vo in detail["vendor_orders"]} == {
        shop["alpha"].id: 490,
        shop["beta"].id: 0,
    }


def test_cancelling_a_seller_part_refunds_its_shipping(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=1)
    order = place(buyer)
    vo = order.vendor_orders.get()
    vendor_order_cancel(actor=buyer, vendor_order_id=vo.id, reason="", by="buyer")
    refund = Refund.objects.get(vendor_order=vo)
    assert refund.amount == 1500 + 490
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    assert account_balance(vendor_payable(shop["alpha"].id), "EUR").amount == 0
    assert unbalanced_entries() == []


def test_partial_refund_keeps_shipping_until_the_last_line_is_refunded(shop, category):
    second = make_offer(
        vendor=shop["alpha"], owner=shop["alpha_owner"], category=category, title="A2", price=700, stock=5
    )
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=1)
    cart_item_add(buyer=buyer, offer_id=second.id, quantity=1)
    vo = place(buyer).vendor_orders.get()
    first_line, second_line = vo.lines.order_by("id")
    one = refund_create(actor=buyer, vendor_order_id=vo.id, lines=[RefundLineRequest(first_line.id)], reason="r")
    assert one.amount == first_line.line_total_amount
    two = refund_create(actor=buyer, vendor_order_id=vo.id, lines=[RefundLineRequest(second_line.id)], reason="r")
    assert two.amount == second_line.line_total_amount + 490  # the last line takes the shipping with it
    assert account_balance(vendor_payable(shop["alpha"].id), "EUR").amount == 0
    with pytest.raises(DomainError) as nothing_left:
        refund_create(actor=buyer, vendor_order_id=vo.id, lines=[], reason="r", shipping=True)
    assert nothing_left.value.field == "shipping"
    assert unbalanced_entries() == []


def _delivered(shop, buyer, quantity):
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=quantity)
    order = place(buyer)
    vo = order.vendor_orders.get()
    vendor_order_ship(
        vendor=shop["alpha"],
        actor=shop["alpha_owner"],
        vendor_order_id=vo.id,
        carrier="dhl",
        tracking_number="003404341234",
    )
    vendor_order_mark_delivered(vendor=shop["alpha"], actor=shop["alpha_owner"], vendor_order_id=vo.id)
    return order, vo


def _return_and_refund(shop, buyer, order, vo, quantity, amount=None):
    line = vo.lines.get()
    seller = client_for(shop["alpha_owner"])
    return_id = (
        client_for(buyer)
        .post(
            f"/api/orders/{order.number}/returns/",
            {
                "vendor_order_id": vo.id,
                "lines": [{"order_line_id": line.id, "quantity": quantity}],
                "reason": "damaged",
            },
            format="json",
        )
        .data["id"]
    )
    seller.post(f"/api/seller/returns/{return_id}/approve/", {"instructions": "Lager 2"}, format="json")
    seller.post(f"/api/seller/returns/{return_id}/received/")
    body = {"amounts": [{"order_line_id": line.id, "amount": amount}]} if amount else {}
    response = seller.post(f"/api/seller/returns/{return_id}/refund/", body, format="json")
    assert response.status_code == 200, response.data
    return Refund.objects.get(id=response.data["refund_id"])


def test_returns_refund_shipping_only_once_every_unit_is_back(shop):
    buyer = UserFactory()
    order, vo = _delivered(shop, buyer, quantity=2)
    assert _return_and_refund(shop, buyer, order, vo, 1).amount == 1500  # partial return: no shipping
    assert _return_and_refund(shop, buyer, order, vo, 1).amount == 1500 + 490  # the rest: shipping too
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
    assert unbalanced_entries() == []


def test_return_of_everything_with_a_reduced_refund_still_refunds_shipping(shop):
    buyer = UserFactory()
    order, vo = _delivered(shop, buyer, quantity=1)
    assert _return_and_refund(shop, buyer, order, vo, 1, amount=1000).amount == 1000 + 490
    assert unbalanced_entries() == []


def test_click_and_collect_charges_no_shipping_and_keeps_the_pickup_address(shop):
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=1)
    location = client_for(buyer).get("/api/cart/").data["groups"][0]["pickup_locations"][0]["id"]
    response = client_for(buyer).post(
        "/api/checkout/",
        {
            "payment_method": "invoice",
            "shipping_address": ADDRESS,
            "pickup_locations": [{"vendor": shop["alpha"].id, "pickup_location": location}],
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 201, response.data
    assert response.data["shipping"]["amount"] == 0 and response.data["total"]["amount"] == 1500
    vendor_order = response.data["vendor_orders"][0]
    assert vendor_order["shipping_amount"] == 0 and vendor_order["pickup_address"]["name"] == "Laden"
    assert Order.objects.get().vendor_orders.get().pickup_location_id == location


def test_pickup_at_another_sellers_location_or_an_unknown_one_is_refused(shop, category):
    gamma, gamma_owner = make_vendor(name="Gamma")
    foreign = give_profile(gamma, gamma_owner, pickup=True).pickup_locations.get()
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=1)
    before = row_counts()
    for choice in (
        {"vendor": shop["alpha"].id, "pickup_location": foreign.id},
        {"vendor": shop["alpha"].id, "pickup_location": 999_999},
        {"vendor": gamma.id, "pickup_location": foreign.id},
    ):
        response = client_for(buyer).post(
            "/api/checkout/",
            {"payment_method": "invoice", "shipping_address": ADDRESS, "pickup_locations": [choice]},
            format="json",
            HTTP_IDEMPOTENCY_KEY="k",
        )
        assert response.status_code == 400, response.data
        assert "pickup_locations" in str(response.data)
    assert row_counts() == before


def test_pickup_only_where_every_item_of_the_group_may_be_collected(shop, category):
    bulky = shipping_profile_create(
        vendor=shop["alpha"],
        actor=shop["alpha_owner"],
        name="Sperrgut",
        currency="EUR",
        zones=[ZoneSpec(name="Inland", countries=["DE"], rate_kind="flat", rates=[RateSpec(amount=2900)])],
    )
    sofa = make_offer(
        vendor=shop["alpha"],
        owner=shop["alpha_owner"],
        category=category,
        title="Sofa",
        price=30000,
        stock=2,
        shipping_profile_id=bulky.id,
    )
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["a"].id, quantity=1)
    location = client_for(buyer).get("/api/cart/").data["groups"][0]["pickup_locations"][0]["id"]
    cart_item_add(buyer=buyer, offer_id=sofa.id, quantity=1)
    group = client_for(buyer).get("/api/cart/").data["groups"][0]
    assert group["pickup_locations"] == [] and group["shipping"]["amount"] == 490 + 2900  # two parcels
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        place(buyer, pickup_locations={shop["alpha"].id: location})
    assert refused.value.field == "pickup_locations" and refused.value.status_code == 400
    assert row_counts() == before


@given(
    quantities=st.lists(st.integers(1, 6), min_size=2, max_size=2),
    flat=st.integers(0, 1999),
    threshold=st.none() | st.integers(1, 20_000),
    coupon=st.none() | st.integers(1, 10_000),
)
@hypothesis_settings(max_examples=examples(15), suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_order_total_is_the_sum_of_the_seller_parts_shipping_included(category, quantities, flat, threshold, coupon):
    """Random carts, shipping profiles and percentage coupons: the order, its seller parts and the
    ledger agree to the cent."""
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    give_profile(alpha, alpha_owner, flat=flat, threshold=threshold)
    give_profile(beta, beta_owner, flat=flat + 7, threshold=None)
    offers = [
        make_offer(vendor=alpha, owner=alpha_owner, category=category, title="A", price=1333, stock=10),
        make_offer(vendor=beta, owner=beta_owner, category=category, title="B", price=2999, stock=10),
    ]
    buyer = UserFactory()
    for offer, quantity in zip(offers, quantities):
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=quantity)
    if coupon:
        code = f"P{coupon}x{buyer.id}"
        coupon_create(code=code, kind="percent", percent_bps=coupon, currency="EUR")
        cart_coupon_apply(buyer=buyer, code=code)
    order = place(buyer)
    parts = list(order.vendor_orders.all())
    assert order.total_amount == sum(vo.total_amount for vo in parts)
    assert order.shipping_amount == sum(vo.shipping_amount for vo in parts)
    assert order.vat_amount == sum(vo.vat_amount for vo in parts)
    assert order.total_amount == order.items_total_amount - order.discount_amount + order.shipping_amount
    free = threshold is not None and 1333 * quantities[0] >= threshold
    assert parts[0].shipping_amount == (0 if free else flat) and parts[1].shipping_amount == flat + 7
    assert unbalanced_entries() == []
