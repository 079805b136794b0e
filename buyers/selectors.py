"""Reads for buyers: the cart as it stands now (prices and stock rechecked), their orders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.models import CartItem, ReturnRequest
from buyers.pricing import PriceLine, cart_totals, vat_rate_bps
from buyers.shipping import FreeShippingProgress, cart_shipping, pickup_options
from marketplace.errors import DomainError, NotFound
from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.money import Money
from marketplace.selectors import QueueCount
from vendors.models import Offer
from vendors.selectors import LIVE_OFFER, PickupPoint


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
    variant_label: str = ""  # the size or colour of the offer ("Größe: M"), empty for none
    services: list = field(default_factory=list)  # chosen ServiceOffers (warranty ...), each priced per item
    service_options: list = field(default_factory=list)  # ServiceOffers for the product not chosen yet

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass
class CartVendorGroup:
    vendor_id: int
    vendor_name: str
    lines: list[CartLine]
    subtotal: Money | None = None  # items
    discount: Money | None = None
    shipping: Money | None = None
    vat: Money | None = None
    total: Money | None = None
    # Empty when the seller ships to the destination; else why not (checkout refuses then).
    shipping_unavailable: str = ""
    free_shipping: list[FreeShippingProgress] = field(default_factory=list)
    pickup_locations: list[PickupPoint] = field(default_factory=list)


@dataclass
class CartSummary:
    groups: list[CartVendorGroup]
    currency: str | None
    country: str | None = None
    coupon_code: str | None = None
    items_total: Money | None = None
    discount: Money | None = None
    shipping: Money | None = None
    vat: Money | None = None
    total: Money | None = None
    cart_notices: list[str] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for group in self.groups for line in group.lines)

    @property
    def notices(self) -> list[str]:
        shipping = [group.shipping_unavailable for group in self.groups if group.shipping_unavailable]
        return (
            self.cart_notices
            + shipping
            + [notice for group in self.groups for line in group.lines for notice in line.notices]
        )


def cart_items(*, buyer) -> QuerySet[CartItem]:
    return CartItem.objects.filter(cart__buyer_id=buyer.pk).select_related(
        "offer__vendor", "offer__product__category", "offer__variant"
    )


def _line_services(*, summary: CartSummary, items: list[CartItem], currency: str) -> None:
    """Each line's chosen services and those it could still have (active, same currency, a
    provider that can sell), for the cart page."""
    from buyers.addons.models import CartService, ServiceOffer  # addons build on these selectors

    chosen: dict[int, list] = {}
    for row in CartService.objects.filter(item_id__in=[item.id for item in items]).select_related(
        "service_offer__provider"
    ):
        chosen.setdefault(row.item_id, []).append(row.service_offer)
    offered: dict[int, list] = {}
    for service in ServiceOffer.objects.filter(
        product_id__in={item.offer.product_id for item in items}, is_active=True, currency=currency
    ).select_related("provider"):
        if service.provider.can_sell:
            offered.setdefault(service.product_id, []).append(service)
    for line in (line for group in summary.groups for line in group.lines):
        line.services = sorted(chosen.get(line.item_id, []), key=lambda s: s.id)
        for service in line.services:  # one instance per chosen row: its total for this line
            service.cart_total = Money(service.price_amount * line.quantity, service.currency)
        taken = {service.id for service in line.services}
        line.service_options = [s for s in offered.get(line.product_id, []) if s.id not in taken]


def cart_item_get(*, buyer, item_id: int) -> CartItem:
    try:
        return cart_items(buyer=buyer).get(id=item_id)
    except CartItem.DoesNotExist:
        raise NotFound(_("No such cart item."), field="item") from None


def price_line(item: CartItem, country: str) -> PriceLine:
    offer = item.offer
    return PriceLine(
        key=item.id,
        vendor_id=offer.vendor_id,
        category_id=offer.product.category_id,
        unit_price=offer.price,
        quantity=item.quantity,
        # The product's VAT class (its own, else its category's) at the destination's rate.
        vat_rate_bps=vat_rate_bps(country=country, tax_class=offer.product.effective_tax_class),
    )


def cart_price_lines(*, buyer, country: str | None = None) -> tuple[list[PriceLine], str | None]:
    country = country or settings.MARKETPLACE_HOME_COUNTRY
    items = list(cart_items(buyer=buyer).order_by("id"))
    return [price_line(item, country) for item in items], (items[0].offer.currency if items else None)


def _service_lines(*, items, country: str, currency: str, summary: CartSummary) -> list[PriceLine]:
    """Services chosen for the items (warranty, assembly ...) count in the cart's totals exactly as
    checkout will charge them; one no longer offered becomes a notice instead."""
    from buyers.addons.service_offers import (  # addons build on these selectors
        service_price_line,
        services_for_checkout,
    )

    try:
        chosen = services_for_checkout(items={item.id: item for item in items}, currency=currency)
    except DomainError as exc:
        summary.cart_notices.append(exc.message)
        return []
    return [service_price_line(entry, country) for entry in chosen]


def cart_summary(*, buyer, country: str | None = None) -> CartSummary:
    """The cart as it stands now: current prices and stock, grouped by vendor, with totals."""
    from buyers.coupons import coupon_check, coupon_terms  # coupons build on these selectors

    country = country or settings.MARKETPLACE_HOME_COUNTRY
    items = list(cart_items(buyer=buyer).order_by("offer__vendor__name", "offer__vendor_id", "id"))
    if not items:
        return CartSummary(groups=[], currency=None)
    live_ids = set(Offer.objects.filter(LIVE_OFFER, id__in=[i.offer_id for i in items]).values_list("id", flat=True))
    groups: dict[int, CartVendorGroup] = {}
    from vendors.variant_choice import offer_variant_labels

    variant_labels = offer_variant_labels([item.offer for item in items])
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
            variant_label=variant_labels.get(offer.id, ""),
        )
        if offer.id not in live_ids:
            line.notices.append(_("%(title)s is no longer for sale; remove it to check out.") % {"title": line.title})
        elif offer.stock < item.quantity:
            line.notices.append(
                _("Only %(stock)s of %(title)s left; lower the quantity to check out.")
                % {"stock": offer.stock, "title": line.title}
            )
        if item.price_seen_amount is not None and item.price_seen_amount != offer.price_amount:
            line.notices.append(
                _("The price of %(title)s changed from %(old)s to %(new)s.")
                % {"title": line.title, "old": Money(item.price_seen_amount, offer.currency), "new": offer.price}
            )
        group = groups.setdefault(offer.vendor_id, CartVendorGroup(offer.vendor_id, offer.vendor.name, []))
        group.lines.append(line)

    currency = items[0].offer.currency
    lines = [price_line(item, country) for item in items]
    summary = CartSummary(groups=list(groups.values()), currency=currency, country=country)
    cart = items[0].cart
    discount = None
    if cart.coupon_id:
        try:
            coupon_check(coupon=cart.coupon, buyer=buyer, lines=lines, currency=currency)
            discount = coupon_terms(cart.coupon)
            summary.coupon_code = cart.coupon.code
        except DomainError as exc:
            summary.cart_notices.append(
                _("Code %(code)s no longer applies: %(reason)s") % {"code": cart.coupon.code, "reason": exc.message}
            )
    lines += _service_lines(items=items, country=country, currency=currency, summary=summary)
    _line_services(summary=summary, items=items, currency=currency)
    shipping = cart_shipping(lines=[(item.offer, item.quantity) for item in items], country=country, currency=currency)
    totals = cart_totals(
        lines=lines, shipping={v: s.cost for v, s in shipping.items()}, currency=currency, discount=discount
    )
    by_vendor = {vendor.vendor_id: vendor for vendor in totals.vendors}
    pickups = pickup_options(groups=shipping)
    for group in summary.groups:
        group.shipping_unavailable = shipping[group.vendor_id].unavailable
        group.free_shipping = shipping[group.vendor_id].free_shipping
        group.pickup_locations = pickups.get(group.vendor_id, [])
        vendor_total = by_vendor[group.vendor_id]
        group.subtotal, group.discount = vendor_total.items, vendor_total.discount
        group.shipping, group.vat, group.total = vendor_total.shipping, vendor_total.vat, vendor_total.total
    summary.items_total, summary.discount, summary.shipping = totals.items, totals.discount, totals.shipping
    summary.vat, summary.total = totals.vat, totals.total
    return summary


def order_list(*, buyer) -> QuerySet[Order]:
    lines = OrderLine.objects.order_by("id")
    vendor_orders = VendorOrder.objects.select_related("vendor").prefetch_related(
        Prefetch("lines", queryset=lines), "shipments"
    )
    return Order.objects.filter(buyer_id=buyer.pk).prefetch_related(Prefetch("vendor_orders", queryset=vendor_orders))


def order_get(*, buyer, number: str) -> Order:
    try:
        return order_list(buyer=buyer).get(number=number)
    except Order.DoesNotExist:
        raise NotFound(_("No such order."), field="order") from None


# --------------------------------------------------------------------------- operator dashboard and search


def return_queue(*, now=None) -> QueueCount:
    """Returns the seller still has to act on: requested (to decide) and received (to refund).
    Overdue: requested more than SLA_RETURN_DECISION_DAYS ago, or received more than
    SLA_RETURN_REFUND_DAYS ago and not refunded."""
    now = now or timezone.now()
    waiting = ReturnRequest.objects.filter(status__in=[ReturnRequest.Status.REQUESTED, ReturnRequest.Status.RECEIVED])
    late = Q(
        status=ReturnRequest.Status.REQUESTED, created_at__lt=now - timedelta(days=settings.SLA_RETURN_DECISION_DAYS)
    ) | Q(status=ReturnRequest.Status.RECEIVED, received_at__lt=now - timedelta(days=settings.SLA_RETURN_REFUND_DAYS))
    return QueueCount(waiting.count(), waiting.filter(late).count())


def operator_buyer_search(*, query: str, limit: int = 20):
    """Buyer accounts (not staff) by e-mail (exact or contained, any case) or name."""
    query = query.strip()
    if not query:
        return get_user_model().objects.none()
    match = (
        Q(email__icontains=query)
        | Q(username__iexact=query)
        | Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
    )
    return get_user_model().objects.filter(match, is_staff=False).order_by("email", "id")[:limit]


def orders_of_buyer(*, buyer, limit: int = 10) -> QuerySet[Order]:
    return Order.objects.filter(buyer=buyer).order_by("-created_at", "-id")[:limit]
