"""Money: integer minor units plus an ISO 4217 currency.

Every amount in the product is a ``Money``. Arithmetic refuses to mix currencies, and
splitting uses largest-remainder allocation so the parts always sum to the whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Minor-unit exponents of the currencies we accept; everything else is rejected.
CURRENCY_EXPONENTS: dict[str, int] = {
    "EUR": 2,
    "CHF": 2,
    "GBP": 2,
    "USD": 2,
    "PLN": 2,
    "CZK": 2,
    "SEK": 2,
    "DKK": 2,
    "JPY": 0,
}


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


class UnknownCurrency(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # minor units (cents)
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(f"Money amount must be an int of minor units, not {type(self.amount).__name__}")
        if self.currency not in CURRENCY_EXPONENTS:
            raise UnknownCurrency(
                f"Unknown currency {self.currency!r}; allowed: {', '.join(sorted(CURRENCY_EXPONENTS))}"
            )

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, value: Decimal | str, currency: str) -> Money:
        """Parse a major-unit decimal ("12.34"); more decimals than the currency has is an error."""
        exponent = CURRENCY_EXPONENTS.get(currency)
        if exponent is None:
            raise UnknownCurrency(f"Unknown currency {currency!r}")
        scaled = Decimal(value).scaleb(exponent)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {exponent} decimal places for {currency}")
        return cls(int(scaled), currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.amount).scaleb(-CURRENCY_EXPONENTS[self.currency])

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"Cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        # Only integer factors (quantities); rates go through ``percent`` so rounding is explicit.
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an int; use percent() for rates")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._check(other)
        return self.amount >= other.amount

    def __bool__(self) -> bool:
        return self.amount != 0

    def percent(self, basis_points: int) -> Money:
        """This amount times basis_points/10000, rounded half up to the minor unit."""
        exact = Decimal(self.amount) * Decimal(basis_points) / Decimal(10_000)
        return Money(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)), self.currency)

    def allocate(self, weights: Sequence[int]) -> list[Money]:
        """Split into parts proportional to ``weights`` (largest remainder); parts sum to self."""
        return [Money(part, self.currency) for part in allocate_minor(self.amount, weights)]

    def __str__(self) -> str:
        return f"{self.to_decimal():.{CURRENCY_EXPONENTS[self.currency]}f} {self.currency}"


def allocate_minor(total: int, weights: Sequence[int]) -> list[int]:
    """Largest-remainder split of an integer ``total`` by non-negative integer ``weights``.

    Each part gets floor(total * w / sum(w)); the leftover units go one each to the parts with
    the largest remainders (ties to the earlier part), so ``sum(result) == total`` always.
    A negative total is split as the negation of the split of its absolute value.
    """
    if not weights:
        raise ValueError("allocate needs at least one weight")
    if any(w < 0 for w in weights):
        raise ValueError("allocation weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise ValueError("allocation weights must not all be zero")
    if total < 0:
        return [-part for part in allocate_minor(-total, weights)]
    parts = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    leftover = total - sum(parts)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:leftover]:
        parts[index] += 1
    return parts


def money_sum(amounts: Iterable[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for amount in amounts:
        total += amount
    return total
