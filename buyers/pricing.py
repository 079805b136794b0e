"""Cart arithmetic: items, shipping per vendor, coupon discounts and VAT, all in Money.

Prices are gross (VAT included), as is usual for consumers in the EU. A discount is allocated
across the lines it applies to in proportion to their value, with the largest-remainder method,
so the parts always add up to the discount; VAT is then the share included in each line's
discounted total at the line's rate. Pure functions: the callers load the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from marketplace.money import Money, money_sum


def vat_rate_bps(*, country: str, tax_class: str) -> int:
    """The VAT rate for a tax class in a destination country (basis points; configuration)."""
    rates = (
        settings.MARKETPLACE_VAT_RATES.get(country) or settings.MARKETPLACE_VAT_RATES[settings.MARKETPLACE_HOME_COUNTRY]
    )
    return rates.get(tax_class, rates["standard"])


def vat_included(gross: Money, rate_bps: int) -> Money:
    """The VAT contained in a gross amount: gross * r / (1 + r), rounded half up to the cent."""
    exact = Decimal(gross.amount) * rate_bps / (10_000 + rate_bps)
    return Money(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)), gross.currency)


@dataclass(frozen=True)
class PriceLine:
    key: int
    vendor_id: int
    category_id: int
    unit_price: Money
    quantity: int
    vat_rate_bps: int

    @property
    def gross(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class DiscountTerms:
    """A coupon as the arithmetic sees it. Exactly one of percent_bps and amount is set."""

    code: str
    percent_bps: int | None = None
    amount: Money | None = None
    vendor_id: int | None = None  # only this vendor's lines
    category_ids: frozenset[int] | None = None  # only lines in these categories

    def applies_to(self, line: PriceLine) -> bool:
        if self.vendor_id is not None and line.vendor_id != self.vendor_id:
            return False
        return self.category_ids is None or line.category_id in self.category_ids


@dataclass
class LineTotal:
    line: PriceLine
    discount: Money
    total: Money  # gross - discount
    vat: Money  # included in total


@dataclass
class VendorTotal:
    vendor_id: int
    lines: list[LineTotal]
    shipping: Money
    shipping_vat: Money
    items: Money = field(init=False)
    discount: Money = field(init=False)
    total: Money = field(init=False)
    vat: Money = field(init=False)

    def __post_init__(self) -> None:
        currency = self.shipping.currency
        self.items = money_sum((lt.line.gross for lt in self.lines), currency)
        self.discount = money_sum((lt.discount for lt in self.lines), currency)
        self.total = self.items - self.discount + self.shipping
        self.vat = money_sum((lt.vat for lt in self.lines), currency) + self.shipping_vat


@dataclass
class CartTotals:
    currency: str
    vendors: list[VendorTotal]
    discount_code: str | None

    def _sum(self, attribute: str) -> Money:
        return money_sum((getattr(v, attribute) for v in self.vendors), self.currency)

    @property
    def items(self) -> Money:
        return self._sum("items")

    @property
    def discount(self) -> Money:
        return self._sum("discount")

    @property
    def shipping(self) -> Money:
        return self._sum("shipping")

    @property
    def total(self) -> Money:
        return self._sum("total")

    @property
    def vat(self) -> Money:
        return self._sum("vat")


def discount_amount(terms: DiscountTerms, eligible: Money) -> Money:
    """What the coupon takes off the eligible value: never more than that value."""
    if terms.percent_bps is not None:
        wanted = eligible.percent(terms.percent_bps)
    else:
        wanted = terms.amount
    return wanted if wanted.amount <= eligible.amount else eligible


def cart_totals(
    *, lines: list[PriceLine], shipping: dict[int, Money], currency: str, discount: DiscountTerms | None = None
) -> CartTotals:
    """Totals per line and per vendor; the order total is the sum of the vendor totals by construction."""
    eligible = [line for line in lines if discount and discount.applies_to(line)]
    per_line_discount = {line.key: Money.zero(currency) for line in lines}
    if eligible:
        off = discount_amount(discount, money_sum((line.gross for line in eligible), currency))
        if off.amount:
            for line, part in zip(eligible, off.allocate([line.gross.amount for line in eligible])):
                per_line_discount[line.key] = part

    vendors: dict[int, list[LineTotal]] = {}
    for line in lines:
        total = line.gross - per_line_discount[line.key]
        vendors.setdefault(line.vendor_id, []).append(
            LineTotal(
                line=line, discount=per_line_discount[line.key], total=total, vat=vat_included(total, line.vat_rate_bps)
            )
        )
    return CartTotals(
        currency=currency,
        vendors=[
            VendorTotal(
                vendor_id=vendor_id,
                lines=line_totals,
                shipping=shipping.get(vendor_id, Money.zero(currency)),
                shipping_vat=_shipping_vat(line_totals, shipping.get(vendor_id, Money.zero(currency))),
            )
            for vendor_id, line_totals in vendors.items()
        ],
        discount_code=discount.code if eligible else None,
    )


def _shipping_vat(line_totals: list[LineTotal], shipping: Money) -> Money:
    """Shipping is an ancillary service: its VAT follows the goods, split in proportion to their value."""
    if not shipping.amount:
        return Money.zero(shipping.currency)
    weights = [lt.total.amount for lt in line_totals]
    if not any(weights):
        weights = [1] * len(line_totals)
    parts = shipping.allocate(weights)
    return money_sum(
        (vat_included(part, lt.line.vat_rate_bps) for part, lt in zip(parts, line_totals)), shipping.currency
    )


def totals_with_extra_discount(totals: CartTotals, amount: Money) -> CartTotals:
    """Add a further platform-funded discount (loyalty points) on top of any coupon.

    Split over every line by what is left to pay for it (largest remainder, so the parts sum to
    ``amount``); VAT and the VAT in shipping are worked out again from the new line totals. The
    caller makes sure ``amount`` is at most what the goods cost after the coupon.
    """
    if not amount.amount:
        return totals
    line_totals = [lt for vendor in totals.vendors for lt in vendor.lines]
    weights = [lt.total.amount for lt in line_totals]
    parts = amount.allocate(weights if any(weights) else [1] * len(weights))
    extra = {id(lt): part for lt, part in zip(line_totals, parts)}
    vendors = []
    for vendor in totals.vendors:
        lines = []
        for lt in vendor.lines:
            discount = lt.discount + extra[id(lt)]
            total = lt.line.gross - discount
            lines.append(
                LineTotal(line=lt.line, discount=discount, total=total, vat=vat_included(total, lt.line.vat_rate_bps))
            )
        vendors.append(
            VendorTotal(
                vendor_id=vendor.vendor_id,
                lines=lines,
                shipping=vendor.shipping,
                shipping_vat=_shipping_vat(lines, vendor.shipping),
            )
        )
    return CartTotals(currency=totals.currency, vendors=vendors, discount_code=totals.discount_code)
