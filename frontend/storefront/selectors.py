"""Reads the server-rendered pages need that no other app offers yet."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from marketplace.models import VendorOrder
from vendors.models import Offer, Product, Vendor, VendorMember
from vendors.selectors import LIVE_OFFER


def product_detail(*, product_id: int) -> Product:
    """An active product with its live offers (cheapest first) prefetched as ``live_offers``.

    Missing and blocked products are both a 404.
    """
    live = Offer.objects.filter(LIVE_OFFER).select_related("vendor").order_by("price_amount", "handling_days", "id")
    product = (
        Product.objects.filter(id=product_id, status=Product.Status.ACTIVE)
        .select_related("category", "category__parent")
        .prefetch_related(Prefetch("offers", queryset=live, to_attr="live_offers"))
        .first()
    )
    if product is None:
        raise Http404("No such product.")
    return product


@dataclass
class VendorStatusGroup:
    status: str
    vendors: list[Vendor]


def vendor_list_by_status() -> list[VendorStatusGroup]:
    """All vendors grouped by status, applications first, newest first within a group."""
    by_status: dict[str, list[Vendor]] = {status: [] for status in Vendor.Status.values}
    for vendor in Vendor.objects.order_by("-created_at", "-id"):
        by_status.setdefault(vendor.status, []).append(vendor)
    return [VendorStatusGroup(status, vendors) for status, vendors in by_status.items()]


def vendor_memberships(*, user) -> list[VendorMember]:
    """The vendors a user belongs to (for choosing which one to act for)."""
    if not user.is_authenticated:
        return []
    return list(VendorMember.objects.filter(user_id=user.pk).select_related("vendor").order_by("vendor__name", "vendor_id"))


def vendor_order_left_to_ship(vendor_order) -> list[tuple]:
    """[(order line, quantity not shipped yet)] from the prefetched lines and shipments."""
    shipped: dict[int, int] = {}
    for shipment in vendor_order.shipments.all():
        for line in shipment.lines.all():
            shipped[line.order_line_id] = shipped.get(line.order_line_id, 0) + line.quantity
    return [(line, line.quantity - shipped.get(line.id, 0)) for line in vendor_order.lines.all()]


def vendor_order_status_counts(*, vendor) -> dict[str, int]:
    """How many of the vendor's order parts are in each status (for the status tabs)."""
    rows = VendorOrder.objects.filter(vendor=vendor).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def sitemap_products() -> QuerySet[Product]:
    """Active products a buyer can buy now (at least one live offer), for the sitemap."""
    return (
        Product.objects.filter(status=Product.Status.ACTIVE, id__in=Offer.objects.filter(LIVE_OFFER).values("product_id"))
        .only("id", "updated_at")
        .order_by("id")
    )
