"""Partial refunds of a line add up: the units returned last carry the rounding remainder, so the
refunds of a line always sum to what the buyer paid for it (coupon share deducted)."""

import itertools

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from buyers.coupons import cart_coupon_apply, coupon_create
from buyers.services import cart_item_add, checkout_place
from marketplace.models import OrderLine
from payouts.ledger import (
    BUYER_RECEIVABLE,
    COMMISSION_REVENUE,
    PLATFORM_DISCOUNTS,
    TAX_PAYABLE,
    account_balance,
    vendor_payable,
)
from payouts.models import JournalLine, RefundLine
from payouts.services.refunds import RefundLineRequest, line_unit_amounts, line_units_amount, refund_create
from tests.conftest import client_for
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
_codes = itertools.count(1)


def returns_of(quantity: int, sizes: list[int]) -> list[int]:
    """Clip drawn return sizes to a sequence of partial returns of a line of ``quantity`` units."""
    out, left = [], quantity
    for size in sizes:
        if left == 0:
            break
        out.append(min(size, left))
        left -= out[-1]
    return out


@given(
    quantity=st.integers(1, 40),
    unit_price=st.integers(1, 100_000),
    discount_share=st.integers(0, 10_000),
    sizes=st.lists(st.integers(1, 40), min_size=1, max_size=12),
)
def test_unit_amounts_of_any_line_add_up_over_any_returns(quantity, unit_price, discount_share, sizes):
    total = unit_price * quantity
    line = OrderLine(
        quantity=quantity,
        unit_price_amount=unit_price,
        line_total_amount=total,
        discount_amount=total * discount_share // 10_000,
        currency="EUR",
    )
    paid = total - line.discount_amount
    units = line_unit_amounts(line)
    assert sum(units) == paid
    assert max(units) - min(units) <= 1 and units == sorted(units)  # the last units carry the remainder
    refunded, back = 0, 0
    for size in returns_of(quantity, sizes):
        refunded += line_units_amount(line=line, units=size, before=back)
        back += size
        assert refunded == sum(units[:back])  # what was paid for the units returned
        assert (
            back * (paid // quantity) <= refunded <= back * -(-paid // quantity)
        )  # each unit within a cent of the mean
    if back == quantity:
        assert refunded == paid
    else:  # the units still out carry the largest shares: something is left unless nothing was paid
        assert refunded < paid or paid == 0


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    return {"vendor": vendor, "owner": owner, "category": category}


@pytest.mark.django_db
@hsettings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    quantity=st.integers(1, 6),
    unit_price=st.integers(1, 20_000),
    coupon_bps=st.sampled_from([0, 333, 1000, 2500]),
    vendor_funded=st.booleans(),
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=6),
)
def test_partial_returns_of_a_line_refund_exactly_what_was_paid(
    seller, operator, quantity, unit_price, coupon_bps, vendor_funded, sizes
):
    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            offer = make_offer(
                vendor=seller["vendor"],
                owner=seller["owner"],
                category=seller["category"],
                price=unit_price,
                stock=quantity,
            )
            buyer = UserFactory()
            cart_item_add(buyer=buyer, offer_id=offer.id, quantity=quantity)
            if coupon_bps:
                code = f"RET{next(_codes)}"
                coupon_create(
                    code=code,
                    kind="percent",
                    percent_bps=coupon_bps,
                    currency="EUR",
                    funded_by_vendor=seller["vendor"] if vendor_funded else None,
                )
                cart_coupon_apply(buyer=buyer, code=code)
            order = checkout_place(buyer=buyer, idempotency_key="k", payment_method="invoice", shipping_address=ADDRESS)
            vo = order.vendor_orders.get()
            line = vo.lines.get()
            paid = line.line_total_amount - line.discount_amount
            back = 0
            for size in returns_of(quantity, sizes):
                refund_create(
                    actor=operator,
                    vendor_order_id=vo.id,
                    lines=[RefundLineRequest(line.id, quantity=size)],
                    reason="Retoure",
                )
                back += size
                refunded = RefundLine.objects.filter(order_line=line).aggregate(total=Sum("amount"))["total"]
                assert refunded == sum(line_unit_amounts(line)[:back])
                assert RefundLine.objects.filter(order_line=line).aggregate(n=Sum("quantity"))["n"] == back
            # Every journal entry balances per currency.
            assert (
                not JournalLine.objects.values("entry_id", "currency")
                .annotate(total=Sum("amount"))
                .exclude(total=0)
                .exists()
            )
            if back == quantity:
                assert refunded == paid
                # Everything went back (shipping too, with the last refund): nobody owes anybody.
                for account in (
                    BUYER_RECEIVABLE,
                    vendor_payable(seller["vendor"].id),
                    COMMISSION_REVENUE,
                    TAX_PAYABLE,
                    PLATFORM_DISCOUNTS,
                ):
                    assert account_balance(account, "EUR").amount == 0, account
            raise Rollback
    except Rollback:
        pass


@pytest.mark.django_db
def test_three_returns_of_one_unit_refund_the_whole_line(seller):
    """The case from the audit: 3 units paid 29,68 € returned one at a time gave 3 x 9,89 €; the last cent was never refunded."""
    offer = make_offer(vendor=seller["vendor"], owner=seller["owner"], category=seller["category"], price=1000, stock=3)
    coupon_create(code="CENTS", kind="fixed", amount=32, currency="EUR")
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=3)
    cart_coupon_apply(buyer=buyer, code="CENTS")
    order = checkout_place(buyer=buyer, idempotency_key="k", payment_method="invoice", shipping_address=ADDRESS)
    vo = order.vendor_orders.get()
    line = vo.lines.get()
    assert line.line_total_amount - line.discount_amount == 2968
    vendor, owner = seller["vendor"], seller["owner"]
    vendor_order_ship(vendor=vendor, actor=owner, vendor_order_id=vo.id, carrier="dhl", tracking_number="003404341234")
    vendor_order_mark_delivered(vendor=vendor, actor=owner, vendor_order_id=vo.id)
    buyer_api, seller_api = client_for(buyer), client_for(owner)
    amounts = []
    for _ in range(3):
        response = buyer_api.post(
            f"/api/orders/{order.number}/returns/",
            {"vendor_order_id": vo.id, "lines": [{"order_line_id": line.id, "quantity": 1}], "reason": "damaged"},
            format="json",
        )
        assert response.status_code == 201, response.data
        return_id = response.data["id"]
        seller_api.post(f"/api/seller/returns/{return_id}/approve/", {"instructions": "Bitte zurück"}, format="json")
        seller_api.post(f"/api/seller/returns/{return_id}/received/")
        response = seller_api.post(f"/api/seller/returns/{return_id}/refund/", {}, format="json")
        assert response.status_code == 200, response.data
        amounts.append(RefundLine.objects.get(refund_id=response.data["refund_id"]).amount)
    assert amounts == [989, 989, 990]  # the unit returned last carries the remainder
    assert list(RefundLine.objects.filter(order_line=line).values_list("quantity", flat=True)) == [1, 1, 1]
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount == 0
