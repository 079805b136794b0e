import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.money import CurrencyMismatch, Money, UnknownCurrency, allocate_minor

amounts = st.integers(min_value=-(10**12), max_value=10**12)
weights = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(lambda w: sum(w) > 0)


@given(total=amounts, weights=weights)
def test_allocation_parts_sum_to_the_whole(total, weights):
    assert sum(allocate_minor(total, weights)) == total


@given(total=st.integers(min_value=0, max_value=10**12), weights=weights)
def test_allocation_parts_are_within_one_unit_of_the_exact_share(total, weights):
    parts = allocate_minor(total, weights)
    for part, weight in zip(parts, weights):
        exact = total * weight / sum(weights)
        assert exact - 1 < part < exact + 1
        if weight == 0:
            assert part == 0


@given(total=amounts, weights=weights)
def test_money_allocate_keeps_currency_and_sum(total, weights):
    parts = Money(total, "EUR").allocate(weights)
    assert {p.currency for p in parts} == {"EUR"}
    assert sum(p.amount for p in parts) == total


def test_allocation_gives_leftover_cents_to_largest_remainders():
    assert allocate_minor(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate_minor(5, [3, 7]) == [2, 3]  # 1.5 and 3.5: equal remainders, the earlier part wins
    assert allocate_minor(-100, [1, 1, 1]) == [-34, -33, -33]


def test_mixed_currencies_are_refused():
    with pytest.raises(CurrencyMismatch):
        Money(100, "EUR") + Money(100, "CHF")
    with pytest.raises(CurrencyMismatch):
        Money(100, "EUR") < Money(100, "CHF")


def test_money_refuses_floats_and_unknown_currencies():
    with pytest.raises(TypeError):
        Money(1.5, "EUR")
    with pytest.raises(TypeError):
        Money(100, "EUR") * 1.19
    with pytest.raises(UnknownCurrency):
        Money(100, "XXX")


def test_decimal_round_trip_and_percent():
    assert Money.from_decimal("19.99", "EUR") == Money(1999, "EUR")
    assert Money(1999, "EUR").to_decimal() == Money.from_decimal("19.99", "EUR").to_decimal()
    with pytest.raises(ValueError):
        Money.from_decimal("19.999", "EUR")
    assert Money(1005, "EUR").percent(1000) == Money(101, "EUR")  # 100.5 rounds half up
    assert Money(1004, "EUR").percent(1000) == Money(100, "EUR")
