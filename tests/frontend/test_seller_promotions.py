"""Seller-funded coupons on a page (issue 18 item 8): create, usage, end; walled per vendor and role."""

import pytest

from buyers import coupons
from buyers.models import Coupon
from buyers.services import cart_item_add, checkout_place
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import ADDRESS, browser
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db

FORM = {"code": "sommer10", "kind": "percent", "percent": "10", "min_order": "20.00", "max_uses": "100"}


@pytest.fixture
def shop():
    alpha, owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    offer = make_offer(vendor=alpha, owner=owner, category=CategoryFactory(), title="Kocher", price=3000)
    return {"alpha": alpha, "owner": owner, "beta": beta, "beta_owner": beta_owner, "offer": offer}


def test_owner_creates_a_coupon_sees_its_use_and_ends_it(shop):
    client = browser(shop["owner"])
    assert client.post("/seller/coupons/new/", FORM).status_code == 302
    coupon = Coupon.objects.get(code="SOMMER10")
    assert (coupon.funded_by_vendor_id, coupon.percent_bps, coupon.min_order_amount, coupon.max_uses) == (
        shop["alpha"].id,
        1000,
        2000,
        100,
    )
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["offer"].id, quantity=1)
    coupons.cart_coupon_apply(buyer=buyer, code="SOMMER10")
    checkout_place(buyer=buyer, idempotency_key="c1", payment_method="invoice", shipping_address=ADDRESS)
    html = client.get("/seller/coupons/").content.decode()
    row = html.split('data-coupon="SOMMER10"')[1].split("</tr>")[0]
    assert ">1 / 100<" in row and "€3.00" in row  # one order, 10 % of 30.00
    assert client.post(f"/seller/coupons/{coupon.id}/end/").status_code == 302
    coupon.refresh_from_db()
    assert not coupon.is_active


def test_bad_input_names_the_field_and_creates_nothing(shop):
    client = browser(shop["owner"])
    coupons.coupon_create(code="TAKEN", kind="percent", currency="EUR", percent_bps=500)
    before = row_counts()
    response = client.post("/seller/coupons/new/", FORM | {"kind": "fixed", "amount": ""})
    assert response.status_code == 400 and 'id="id_amount-error"' in response.content.decode()
    response = client.post("/seller/coupons/new/", FORM | {"code": "taken"})
    assert response.status_code == 400 and 'id="id_code-error"' in response.content.decode()
    response = client.post("/seller/coupons/new/", FORM | {"percent": "150"})
    assert response.status_code == 400 and 'id="id_percent-error"' in response.content.decode()
    assert row_counts() == before


def test_another_vendors_coupon_is_a_404_and_only_listing_roles_may_use_the_page(shop):
    foreign = coupons.coupon_create(
        code="BETA5", kind="percent", currency="EUR", percent_bps=500, funded_by_vendor=shop["beta"]
    )
    client = browser(shop["owner"])
    assert client.post(f"/seller/coupons/{foreign.id}/end/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and "BETA5" not in client.get("/seller/coupons/").content.decode()
    for role in ("fulfilment", "finance"):
        user = UserFactory()
        vendor_services.vendor_member_add(vendor=shop["alpha"], user=user, role=role)
        assert browser(user).get("/seller/coupons/").status_code == 403
        assert browser(user).post("/seller/coupons/new/", FORM).status_code == 403
    assert not Coupon.objects.filter(code="SOMMER10").exists()
