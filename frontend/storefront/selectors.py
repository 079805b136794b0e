"""Reads the storefront pages need that no other app offers yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from buyers.product_offers import OfferView, product_offers  # noqa: F401 (moved there, issue 22: the product API shares it)
from marketplace.db_router import reads_from_replica
from marketplace.models import AttributeDefinition
from marketplace.money import Money
from vendors.delivery import delivery_date
from vendors.models import Offer, Product
from vendors.selectors import LIVE_OFFER, shipping_rules_for_offers, vendor_orders_delivery_promise
from vendors.shipping import DEFAULT_DESTINATION


@reads_from_replica()
def product_detail(*, product_id: int) -> Product:
    """An active product with its live offers (cheapest first) prefetched as ``live_offers``.

    Missing and blocked products are both a 404.
    """
    live = (
        Offer.objects.filter(LIVE_OFFER)
        .select_related("vendor", "variant")
        .order_by("price_amount", "handling_days", "id")
    )
    product = (
        Product.objects.filter(id=product_id, status=Product.Status.ACTIVE)
        .select_related("category", "category__parent")
        .prefetch_related(Prefetch("offers", queryset=live, to_attr="live_offers"), "images", "variants")
        .first()
    )
    if product is None:
        raise Http404("No such product.")
    return product


def sale_references(*, product_ids) -> dict[int, tuple[int, Money]]:
    """Product id -> (item price, "statt" price) of its cheapest live offer in stock when that
    offer is on sale with a reference above its price (``Offer.was_price``, PAngV § 11: the lowest
    price of the 30 days before the sale); products without one are left out. One query."""
    ids = [i for i in product_ids if i]
    if not ids:
        return {}
    found: dict[int, tuple[int, Money]] = {}
    seen = set()
    for offer in (
        Offer.objects.filter(LIVE_OFFER, product_id__in=ids, stock__gt=0)
        .only("id", "product_id", "price_amount", "currency", "sale_regular_amount", "sale_reference_amount")
        .order_by("product_id", "price_amount", "id")
    ):
        if offer.product_id in seen:
            continue
        seen.add(offer.product_id)
        was = offer.was_price
        if was is not None:
            found[offer.product_id] = (offer.price_amount, was)
    return found


# Quantity attributes that carry a Grundpreis (PAngV: price per 1 kg, 1 l, 1 m or 1 m²), by the
# attribute's unit: (base unit shown, factor from the attribute's unit to the base unit).
QUANTITY_CODES = ("net_quantity", "content", "fill_quantity", "net_weight", "volume")
UNIT_BASES = {
    "g": ("kg", Decimal("0.001")),
    "kg": ("kg", Decimal(1)),
    "ml": ("l", Decimal("0.001")),
    "cl": ("l", Decimal("0.01")),
    "l": ("l", Decimal(1)),
    "mm": ("m", Decimal("0.001")),
    "cm": ("m", Decimal("0.01")),
    "m": ("m", Decimal(1)),
    "m2": ("m²", Decimal(1)),
    "m²": ("m²", Decimal(1)),
}


@dataclass(frozen=True)
class UnitQuantity:
    amount: Decimal  # in the base unit
    unit: str  # "kg", "l", "m", "m²"

    def unit_price(self, price: Money) -> Money:
        """The price of one base unit, rounded half up to the cent."""
        per_unit = (Decimal(price.amount) / self.amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Money(int(per_unit), price.currency)

    @property
    def label(self) -> str:
        return f"1 {self.unit}"


def product_unit_quantity(*, product: Product) -> UnitQuantity | None:
    """The product's quantity for a Grundpreis, from the first quantity attribute of its category
    (or a parent's) with a weight, volume, length or area unit; None when it has none."""
    category_ids = [product.category_id] + ([product.category.parent_id] if product.category.parent_id else [])
    definitions = AttributeDefinition.objects.filter(
        Q(category_id__in=category_ids), code__in=QUANTITY_CODES, kind=AttributeDefinition.Kind.NUMBER
    )
    for definition in definitions:
        value = (product.attributes or {}).get(definition.code)
        base = UNIT_BASES.get(definition.unit.strip().lower())
        if base is None or isinstance(value, bool) or not isinstance(value, (int, float, str)):
            continue
        try:
            amount = Decimal(str(value)) * base[1]
        except ArithmeticError:
            continue
        if amount > 0:
            return UnitQuantity(amount, base[0])
    return None


def country_name(code: str) -> str:
    """The shipping countries the shop names in words; any other by its ISO code."""
    from django.utils.translation import gettext

    names = {"DE": gettext("Germany"), "AT": gettext("Austria"), "CH": gettext("Switzerland")}
    return names.get(code, code)


def buyer_country(user) -> str:
    """Where prices and delivery dates are for: a signed-in buyer's default shipping address,
    else the market's home country."""
    if getattr(user, "is_authenticated", False):
        from buyers.addresses import address_list

        country = (
            address_list(buyer=user)
            .filter(kind="shipping")
            .order_by("-is_default", "id")
            .values_list("country", flat=True)
            .first()
        )
        if country:
            return country.upper()
    return DEFAULT_DESTINATION


def cart_delivery_dates(*, summary, country: str, today: date | None = None) -> dict[int, date]:
    """Vendor id -> the delivery promise of the cart's part from that vendor to ``country``: the
    latest date of its lines (a part ships when all of it can). Vendors not shipping there have none."""
    offer_ids = [line.offer_id for group in summary.groups for line in group.lines]
    offers = {
        o.id: o
        for o in Offer.objects.filter(id__in=offer_ids).only("id", "vendor_id", "handling_days", "shipping_profile_id")
    }
    rules = shipping_rules_for_offers(offers=list(offers.values()))
    dates = {}
    for group in summary.groups:
        if getattr(group, "shipping_unavailable", None):
            continue
        found = [
            delivery_date(offers[line.offer_id].handling_days, rules.get(line.offer_id), country, today=today)
            for line in group.lines
            if line.offer_id in offers
        ]
        if found:
            dates[group.vendor_id] = max(found)
    return dates


def order_delivery_dates(*, order) -> dict[int, date]:
    """VendorOrder id -> the delivery promise made when the order was placed (the cart's rule from
    the order's day), for parts still on their way; delivered, cancelled and pickup parts have none."""
    waiting = [
        part
        for part in order.vendor_orders.all()
        if part.status not in ("delivered", "cancelled") and not part.pickup_location_id
    ]
    for part in waiting:
        part.order = order  # the order at hand, not one query per part
    return vendor_orders_delivery_promise(parts=waiting)


def sitemap_products() -> QuerySet[Product]:
    """Active products a buyer can buy now (at least one live offer), for the sitemap."""
    return (
        Product.objects.filter(
            status=Product.Status.ACTIVE, id__in=Offer.objects.filter(LIVE_OFFER).values("product_id")
        )
        .only("id", "updated_at")
        .order_by("id")
    )
