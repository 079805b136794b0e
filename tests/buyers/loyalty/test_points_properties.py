"""Property-based tests of the points arithmetic and the journal (Hypothesis)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from buyers.loyalty.models import PointsEntry
from buyers.loyalty.rules import points_for_paid, points_reversal
from buyers.loyalty.selectors import points_balance
from buyers.loyalty.services import _append, _locked
from buyers.pricing import PriceLine, cart_totals, totals_with_extra_discount
from marketplace.errors import DomainError
from marketplace.money import Money
from tests.examples import examples
from tests.factories import UserFactory


@given(paid=st.integers(0, 10**8), refunds=st.lists(st.integers(1, 10**7), max_size=6))
def test_reversals_add_up_to_what_one_refund_of_the_sum_would_take(paid, refunds):
    earned = points_for_paid(paid)
    reversed_total, refunded = 0, 0
    for amount in refunds:
        refunded = min(paid, refunded + amount)
        step = points_reversal(earned=earned, paid=paid, refunded=refunded, reversed_so_far=reversed_total)
        assert step >= 0
        reversed_total += step
    assert reversed_total == earned - points_for_paid(paid - refunded)
    assert 0 <= reversed_total <= earned
    if refunded == paid:
        assert reversed_total == earned  # everything refunded: nothing kept


@given(
    prices=st.lists(st.tuples(st.integers(1, 50_000), st.integers(1, 5), st.integers(1, 3)), min_size=1, max_size=6),
    shipping=st.integers(0, 2000),
    share=st.integers(0, 10_000),
)
def test_points_discount_keeps_every_total_exact(prices, shipping, share):
    lines = [
        PriceLine(
            key=i, vendor_id=vendor, category_id=1, unit_price=Money(price, "EUR"), quantity=qty, vat_rate_bps=1900
        )
        for i, (price, qty, vendor) in enumerate(prices)
    ]
    before = cart_totals(lines=lines, shipping={v: Money(shipping, "EUR") for _, _, v in prices}, currency="EUR")
    extra = Money((before.items.amount * share) // 10_000, "EUR")
    after = totals_with_extra_discount(before, extra)
    assert after.discount == before.discount + extra
    assert after.total == before.total - extra == after.items - after.discount + after.shipping
    assert after.total == Money(sum(v.total.amount for v in after.vendors), "EUR")
    for vendor in after.vendors:
        for lt in vendor.lines:
            assert 0 <= lt.discount.amount <= lt.line.gross.amount and lt.total.amount >= 0
            assert 0 <= lt.vat.amount <= lt.total.amount


OPS = st.lists(
    st.tuples(st.sampled_from(["earned", "referral_bonus", "redeemed", "reversed"]), st.integers(1, 500)),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@hsettings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_journal_balance_is_the_sum_and_never_negative(ops):
    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            user = UserFactory()
            expected = 0
            for index, (kind, size) in enumerate(ops):
                points = size if kind in ("earned", "referral_bonus") else -size
                account = _locked(user)
                if expected + points < 0:
                    with pytest.raises(DomainError) as refused, transaction.atomic():
                        _append(account=account, kind=kind, points=points, key=f"op:{index}")
                    assert refused.value.field == "points"
                    continue
                entry = _append(account=account, kind=kind, points=points, key=f"op:{index}")
                # The same key again changes nothing.
                assert _append(account=account, kind=kind, points=points, key=f"op:{index}") == entry
                expected += points
                assert entry.balance_after == expected
            assert points_balance(user=user) == expected >= 0
            assert all(e.balance_after >= 0 for e in PointsEntry.objects.filter(account__user=user))
            raise Rollback
    except Rollback:
        pass
