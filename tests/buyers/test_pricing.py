"""Cart arithmetic, property-based: for random carts and coupons the parts add up to the cent."""

from hypothesis import given
from hypothesis import strategies as st

from buyers.pricing import DiscountTerms, PriceLine, cart_totals, vat_included
from marketplace.money import Money

EUR = "EUR"


@st.composite
def carts(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    lines = [
        PriceLine(
            key=i,
            vendor_id=draw(st.integers(1, 4)),
            category_id=draw(st.integers(1, 3)),
            unit_price=Money(draw(st.integers(1, 500_000)), EUR),
            quantity=draw(st.integers(1, 20)),
            vat_rate_bps=draw(st.sampled_from([0, 700, 1900, 2000])),
        )
        for i in range(n)
    ]
    shipping = {v: Money(draw(st.integers(0, 2_000)), EUR) for v in {line.vendor_id for line in lines}}
    return lines, shipping


@st.composite
def coupons(draw):
    percent = draw(st.booleans())
    return DiscountTerms(
        code="C",
        percent_bps=draw(st.integers(1, 10_000)) if percent else None,
        amount=None if percent else Money(draw(st.integers(1, 5_000_000)), EUR),
        vendor_id=draw(st.none() | st.integers(1, 4)),
        category_ids=draw(st.none() | st.frozensets(st.integers(1, 3), min_size=1)),
    )


@given(cart=carts(), coupon=st.none() | coupons())
def test_order_total_is_the_sum_of_vendor_totals_to_the_cent(cart, coupon):
    lines, shipping = cart
    totals = cart_totals(lines=lines, shipping=shipping, currency=EUR, discount=coupon)
    items = sum(line.gross.amount for line in lines)
    assert totals.items.amount == items
    assert totals.shipping.amount == sum(s.amount for s in shipping.values())
    assert totals.total.amount == items - totals.discount.amount + totals.shipping.amount
    assert totals.total.amount == sum(v.total.amount for v in totals.vendors)
    for vendor in totals.vendors:
        assert vendor.total.amount == sum(lt.total.amount for lt in vendor.lines) + vendor.shipping.amount
        for lt in vendor.lines:
            assert 0 <= lt.discount.amount <= lt.line.gross.amount
            assert 0 <= lt.vat.amount <= lt.total.amount
            if coupon is None or not coupon.applies_to(lt.line):
                assert lt.discount.amount == 0


@given(cart=carts(), coupon=coupons())
def test_the_discount_is_exactly_the_coupon_on_the_eligible_lines(cart, coupon):
    lines, shipping = cart
    totals = cart_totals(lines=lines, shipping=shipping, currency=EUR, discount=coupon)
    eligible = sum(line.gross.amount for line in lines if coupon.applies_to(line))
    wanted = Money(eligible, EUR).percent(coupon.percent_bps).amount if coupon.percent_bps else coupon.amount.amount
    assert totals.discount.amount == min(wanted, eligible)


def test_known_cart():
    lines = [
        PriceLine(key=1, vendor_id=1, category_id=1, unit_price=Money(1999, EUR), quantity=3, vat_rate_bps=1900),
        PriceLine(key=2, vendor_id=2, category_id=2, unit_price=Money(1000, EUR), quantity=1, vat_rate_bps=700),
    ]
    totals = cart_totals(
        lines=lines,
        shipping={1: Money(495, EUR), 2: Money(0, EUR)},
        currency=EUR,
        discount=DiscountTerms(code="TEN", percent_bps=1000),
    )
    assert totals.items == Money(6997, EUR)
    assert totals.discount == Money(700, EUR)  # 10 % of 69.97 = 6.997 -> 7.00, split 600 / 100
    assert [lt.discount.amount for v in totals.vendors for lt in v.lines] == [600, 100]
    assert totals.total == Money(6997 - 700 + 495, EUR)
    assert vat_included(Money(5397, EUR), 1900) == Money(862, EUR)  # 53.97 / 1.19 * 0.19 = 8.617
