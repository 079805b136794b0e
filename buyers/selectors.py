"""Reads for buyers: the cart as it stands now (prices and stock rechecked), their orders."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from buyers.models import Cart, CartItem
from marketplace.errors import NotFound
from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.money import Money, money_sum
from vendors.selectors import LIVE_OFFER
from vendors.models import Offer


@dataclass
class CartLine:
    item_id: int
    offer_id: int
    product_id: int
    title: str
    condition: str
    unit_price: Money
    quantity: int
    available: int
    purchasable: bool
    notices: list[str] = field(default_factory=list)

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass
class CartVendorGroup:
    vendor_id: int
    vendor_name: str
    lines: list[CartLine]

    @property
    def subtotal(self) -> Money:
        return money_sum((line.line_total for line in self.lines), self.lines[0].unit_price.currency)


@dataclass
class CartSummary:
    groups: list[CartVendorGroup]
    currency: str | None

    @property
    def total(self) -> Money | None:
        if not self.groups:
            return None
        return money_sum((group.subtotal for group in self.groups), self.currency)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for group in self.groups for line in group.lines)

    @property
    def notices(self) -> list[str]:
        return [notice for group in self.groups for line in group.lines for notice in line.notices]


def cart_items(*, buyer) -> QuerySet[CartItem]:
    return CartItem.objects.filter(cart__buyer_id=buyer.pk).select_related("offer__vendor", "offer__product")


def cart_item_get(*, buyer, item_id: int) -> CartItem:
    try:
        return cart_items(buyer=buyer).get(id=item_id)
    except CartItem.DoesNotExist:
        raise NotFound("No such cart item.", field="item") from None


def cart_summary(*, buyer) -> CartSummary:
    items = list(cart_items(buyer=buyer).order_by("offer__vendor__name", "offer__vendor_id", "id"))
    live_ids = set(Offer.objects.filter(LIVE_OFFER, id__in=[i.offer_id for i in items]).values_list("id", flat=True))
    groups: dict[int, CartVendorGroup] = {}
    for item in items:
        offer = item.offer
        line = CartLine(
            item_id=item.id,
            offer_id=offer.id,
            product_id=offer.product_id,
            title=offer.product.display_title,
            condition=offer.condition,
            unit_price=offer.price,
            quantity=item.quantity,
            available=offer.stock,
            purchasable=offer.id in live_ids and offer.stock >= item.quantity,
        )
        if offer.id not in live_ids:
            line.notices.append(f"{line.title} is no longer for sale; remove it to check out.")
        elif offer.stock < item.quantity:
            line.notices.append(f"Only {offer.stock} of {line.title} left; lower the quantity to check out.")
        group = groups.setdefault(offer.vendor_id, CartVendorGroup(offer.vendor_id, offer.vendor.name, []))
        group.lines.append(line)
    currency = items[0].offer.currency if items else None
    return CartSummary(groups=list(groups.values()), currency=currency)


def order_list(*, buyer) -> QuerySet[Order]:
    lines = OrderLine.objects.order_by("id")
    vendor_orders = VendorOrder.objects.select_related("vendor").prefetch_related(Prefetch("lines", queryset=lines))
    return Order.objects.filter(buyer_id=buyer.pk).prefetch_related(Prefetch("vendor_orders", queryset=vendor_orders))


def order_get(*, buyer, number: str) -> Order:
    try:
        return order_list(buyer=buyer).get(number=number)
    except Order.DoesNotExist:
        raise NotFound("No such order.") from None
