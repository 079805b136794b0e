"""Coupons at checkout: who pays for the discount shows in the payables and the ledger."""

import pytest
from django.db.models import Sum

from buyers.coupons import cart_coupon_apply, coupon_create
from buyers.models import CouponRedemption
from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError
from payouts.ledger import BUYER_RECEIVABLE, PLATFORM_DISCOUNTS, account_balance, vendor_payable
from payouts.models import JournalLine
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.factories import UserFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "E", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def shop(category, operator):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    return {
        "alpha": alpha,
        "beta": beta,
        "operator": operator,
        "a": make_offer(vendor=alpha, owner=alpha_owner, category=category, title="A", price=3333),
        "b": make_offer(vendor=beta, owner=beta_owner, category=category, title="B", price=6667),
    }


def place(buyer, *offers, key="k"):
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    if (coupon := getattr(buyer, "_coupon", None)) is not None:
        cart_coupon_apply(buyer=buyer, code=coupon)
    return checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)


def entries_balance():
    return list(JournalLine.objects.values("entry_id", "currency").annotate(total=Sum("amount")).exclude(total=0))


def test_platform_funded_discount_is_the_platforms_cost(shop):
    coupon_create(code="PLAT10", kind="percent", percent_bps=1000, currency="EUR")
    buyer = UserFactory()
    buyer._coupon = "PLAT10"
    order = place(buyer, shop["a"], shop["b"])
    assert order.items_total_amount == 10000 and order.discount_amount == 1000 and order.total_amount == 9000
    assert order.coupon_code == "PLAT10"
    vendor_orders = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    alpha = vendor_orders[shop["alpha"].id]
    assert alpha.discount_amount == 333 and alpha.platform_discount_amount == 333
    # The seller is owed as if there were no coupon.
    assert alpha.payable_amount == alpha.items_amount - alpha.commission_amount - alpha.commission_vat_amount
    assert sum(vo.discount_amount for vo in vendor_orders.values()) == order.discount_amount
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 9000
    assert account_balance(PLATFORM_DISCOUNTS, "EUR").amount == 1000
    assert entries_balance() == []
    assert CouponRedemption.objects.get().order == order
    # One use per buyer.
    with pytest.raises(DomainError) as refused:
        place(buyer, shop["a"], key="k2")
    assert refused.value.code == "coupon_used_by_buyer"


def test_vendor_funded_discount_lowers_that_vendors_payable_and_commission_base(shop, settings):
    coupon_create(code="ALPHA", kind="fixed", amount=1000, currency="EUR", funded_by_vendor=shop["alpha"])
    buyer = UserFactory()
    buyer._coupon = "ALPHA"
    order = place(buyer, shop["a"], shop["b"])
    vendor_orders = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    alpha, beta = vendor_orders[shop["alpha"].id], vendor_orders[shop["beta"].id]
    assert (alpha.discount_amount, alpha.platform_discount_amount, beta.discount_amount) == (1000, 0, 0)
    line = alpha.lines.get()
    assert line.commission_amount < line.line_total_amount * settings.MARKETPLACE_COMMISSION_BPS // 10_000
    assert alpha.payable_amount == 3333 - 1000 - alpha.commission_amount - alpha.commission_vat_amount
    assert account_balance(PLATFORM_DISCOUNTS, "EUR").amount == 0
    assert entries_balance() == []


@pytest.mark.parametrize("funded_by_platform", [True, False])
def test_refunding_a_discounted_line_returns_what_the_buyer_paid(shop, funded_by_platform):
    coupon_create(
        code="C",
        kind="percent",
        percent_bps=2500,
        currency="EUR",
        funded_by_vendor=None if funded_by_platform else shop["alpha"],
    )
    buyer = UserFactory()
    buyer._coupon = "C"
    order = place(buyer, shop["a"])
    vo = order.vendor_orders.get()
    line = vo.lines.get()
    paid = line.line_total_amount - line.discount_amount
    with pytest.raises(DomainError):  # never more than was paid
        refund_create(
            actor=shop["operator"], vendor_order_id=vo.id, lines=[RefundLineRequest(line.id, paid + 1)], reason="x"
        )
    refund_create(
        actor=shop["operator"], vendor_order_id=vo.id, lines=[RefundLineRequest(line.id, 1000)], reason="part"
    )
    refund_create(actor=shop["operator"], vendor_order_id=vo.id, lines=[RefundLineRequest(line.id)], reason="rest")
    assert entries_balance() == []
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0  # unpaid invoice, fully refunded
    assert account_balance(vendor_payable(shop["alpha"].id), "EUR").amount == 0
    assert account_balance(PLATFORM_DISCOUNTS, "EUR").amount == 0
