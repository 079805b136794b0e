"""Reads the seller central pages need that no other app offers yet."""
from __future__ import annotations

from django.db.models import Count, Q

from marketplace.models import VendorOrder
from vendors import selectors as vendor_selectors
from vendors.models import VendorMember


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


def offer_search(*, vendor, query: str = ""):
    """The vendor's offers, those whose title (German or English), SKU or GTIN contains ``query``."""
    offers = vendor_selectors.offer_list(vendor=vendor)
    query = query.strip()
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = Q(product__title__icontains=query) | Q(product__title_en__icontains=query) | Q(sku__icontains=query)
        if digits and len(digits) >= 8:
            match |= Q(product__gtin__contains=digits) | Q(variant__gtin__contains=digits)
        offers = offers.filter(match)
    return offers
