from datetime import timedelta

import pytest
from django.utils import timezone

from buyers.coupons import coupon_create
from buyers.services import cart_item_add
from marketplace.money import Money
from tests.conftest import client_for, row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.services import offer_update, vendor_member_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    other_category = CategoryFactory()
    return {
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "a1": make_offer(vendor=alpha, owner=alpha_owner, category=category, title="A1", price=4000),
        "b1": make_offer(vendor=beta, owner=beta_owner, category=other_category, title="B1", price=6000),
        "other_category": other_category,
    }


def fill(buyer, *offers):
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    return client_for(buyer)


def test_platform_percentage_coupon_discounts_the_whole_cart(shop):
    coupon_create(code="zehn", kind="percent", percent_bps=1000, currency="EUR")
    api = fill(UserFactory(), shop["a1"], shop["b1"])
    response = api.post("/api/cart/coupon/", {"code": "ZEHN"}, format="json")
    assert response.status_code == 200, response.data
    cart = response.data
    assert cart["coupon_code"] == "ZEHN"
    assert cart["discount"]["amount"] == 1000 and cart["total"]["amount"] == 9000
    assert [g["discount"]["amount"] for g in cart["groups"]] == [400, 600]
    assert sum(g["total"]["amount"] for g in cart["groups"]) == cart["total"]["amount"]
    assert cart["vat"]["amount"] == round(9000 * 19 / 119)


def test_vendor_coupon_only_discounts_that_vendors_items(shop):
    owner_api = client_for(shop["alpha_owner"])
    response = owner_api.post("/api/seller/coupons/", {"code": "ALPHA5", "kind": "fixed", "amount": 500}, format="json")
    assert response.status_code == 201 and response.data["funded_by_vendor_id"] == shop["alpha"].id
    api = fill(UserFactory(), shop["a1"], shop["b1"])
    cart = api.post("/api/cart/coupon/", {"code": "alpha5"}, format="json").data
    by_vendor = {g["vendor_id"]: g["discount"]["amount"] for g in cart["groups"]}
    assert by_vendor == {shop["alpha"].id: 500, shop["beta"].id: 0}
    # Beta's staff do not see Alpha's coupons.
    assert client_for(shop["beta_owner"]).get("/api/seller/coupons/").data == []


@pytest.mark.parametrize(
    ("coupon", "code"),
    [
        (dict(valid_until=timezone.now() - timedelta(days=1)), "coupon_expired"),
        (dict(valid_from=timezone.now() + timedelta(days=1)), "coupon_not_started"),
        (dict(min_order_amount=20_000), "coupon_min_order"),
        (dict(max_uses=0), "coupon_used_up"),
    ],
)
def test_coupon_rules_refuse_with_a_reason(shop, coupon, code):
    defaults = dict(code="RULE", kind="percent", percent_bps=500, currency="EUR")
    created = coupon_create(**{**defaults, **{k: v for k, v in coupon.items() if k != "max_uses"}})
    if "max_uses" in coupon:
        created.max_uses = 0
        created.save()
    api = fill(UserFactory(), shop["a1"])
    before = row_counts()
    response = api.post("/api/cart/coupon/", {"code": "RULE"}, format="json")
    assert response.status_code == 400 and response.data["error_code"] == code
    # The coupon field "code" keeps its message: the error code has a key of its own.
    assert isinstance(response.data["code"], list) and response.data["code"][0] and response.data["code"][0] != code
    assert row_counts() == before
    assert api.get("/api/cart/").data["coupon_code"] is None


def test_category_scope_and_unknown_code(shop):
    coupon = coupon_create(
        code="SCOPE", kind="percent", percent_bps=5000, currency="EUR", category_ids=[shop["other_category"].id]
    )
    api = fill(UserFactory(), shop["a1"])
    unknown = api.post("/api/cart/coupon/", {"code": "NOPE"}, format="json").json()
    assert (
        unknown["error_code"] == "coupon_unknown"
        and len(unknown["code"]) == 1
        and "coupon_unknown" not in unknown["code"]
    )
    not_applicable = api.post("/api/cart/coupon/", {"code": coupon.code}, format="json").json()
    assert not_applicable == {"code": [not_applicable["code"][0]], "error_code": "coupon_not_applicable"}
    assert not_applicable["code"][0] and not_applicable["code"][0] != "coupon_not_applicable"


def test_a_coupon_that_stops_applying_is_dropped_with_a_notice(shop):
    coupon_create(code="MIN", kind="fixed", amount=500, currency="EUR", min_order_amount=3000)
    api = fill(UserFactory(), shop["a1"])
    assert api.post("/api/cart/coupon/", {"code": "MIN"}, format="json").status_code == 200
    offer_update(vendor=shop["alpha"], actor=shop["alpha_owner"], offer_id=shop["a1"].id, price=Money(2500, "EUR"))
    cart = api.get("/api/cart/").data
    assert cart["discount"]["amount"] == 0 and cart["total"]["amount"] == 2500
    assert any("MIN" in n for n in cart["notices"]) and any("changed from" in n for n in cart["notices"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "x", "kind": "percent", "percent_bps": 100}, "code"),
        ({"code": "OK1", "kind": "percent"}, "percent_bps"),
        ({"code": "OK2", "kind": "fixed", "amount": 0}, "amount"),
        ({"code": "OK3", "kind": "percent", "percent_bps": 20000}, "percent_bps"),
        ({"code": "OK4", "kind": "percent", "percent_bps": 100, "category_ids": [999999]}, "category_ids"),
        ({"code": "OK5", "kind": "bogus"}, "kind"),
    ],
)
def test_coupon_creation_rejects_bad_input(operator, body, field):
    before = row_counts()
    response = client_for(operator).post("/api/operator/coupons/", body, format="json")
    assert response.status_code == 400 and field in response.data, response.data
    assert row_counts() == before


def test_only_operators_create_platform_coupons_and_roles_are_checked(shop):
    body = {"code": "FREE", "kind": "percent", "percent_bps": 10_000}
    assert client_for(shop["alpha_owner"]).post("/api/operator/coupons/", body, format="json").status_code == 403
    finance = UserFactory()
    vendor_member_add(vendor=shop["alpha"], user=finance, role="finance")
    assert client_for(finance).post("/api/seller/coupons/", body, format="json").status_code == 403


def test_a_second_code_never_replaces_the_first_silently(shop):
    coupon_create(code="PLATFORM10", kind="percent", percent_bps=1000, currency="EUR")
    coupon_create(code="ALPHA5", kind="fixed", amount=500, currency="EUR", funded_by_vendor=shop["alpha"])
    api = fill(UserFactory(), shop["a1"], shop["b1"])
    assert api.post("/api/cart/coupon/", {"code": "PLATFORM10"}, format="json").status_code == 200
    assert (
        api.post("/api/cart/coupon/", {"code": "PLATFORM10"}, format="json").status_code == 200
    )  # the same again: fine
    before = row_counts()
    refused = api.post("/api/cart/coupon/", {"code": "ALPHA5"}, format="json")
    assert refused.status_code == 409 and refused.data["error_code"] == "coupon_already_applied"
    assert "PLATFORM10" in refused.data["code"][0] and "ALPHA5" in refused.data["code"][0]
    assert row_counts() == before
    assert api.get("/api/cart/").data["coupon_code"] == "PLATFORM10"
    # Removing the first lets the buyer choose the other.
    api.delete("/api/cart/coupon/")
    assert api.post("/api/cart/coupon/", {"code": "ALPHA5"}, format="json").status_code == 200
    assert api.get("/api/cart/").data["coupon_code"] == "ALPHA5"
