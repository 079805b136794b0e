"""The full preview of a listing in the moderation queue (issue 19.4): images, texts in both
languages, attributes with the schema's names and units, prices, the seller's history, the rules
the listing failed and products it may duplicate. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from moderation.models import ListingCheck, ReviewItem
from moderation.rules import title_similarity_pct
from vendors.models import Offer, Product, ProductImage, Vendor
from vendors.services.attributes import category_schema

DUPLICATE_MIN_PCT = 60  # title similarity from which another product is shown as a candidate
DUPLICATE_CANDIDATES = 300  # newest products of the category compared
DUPLICATES_SHOWN = 5


@dataclass(frozen=True)
class AttributeRow:
    code: str
    name: str
    value: str
    unit: str = ""
    known: bool = True  # False: not (any more) in the category's schema


@dataclass(frozen=True)
class Duplicate:
    product: Product
    similarity_pct: int
    same_gtin: bool = False


@dataclass(frozen=True)
class SellerHistory:
    vendor: Vendor
    live_offers: int
    offers: int
    decisions: dict[str, int]  # review item status -> count, this item excluded
    recent: list[ReviewItem] = field(default_factory=list)


@dataclass(frozen=True)
class ListingPreview:
    product: Product
    images: list[ProductImage]
    attributes: list[AttributeRow]
    offers: list[Offer]  # the vendor's offers of the product (the item's first)
    checks: list[ListingCheck]
    duplicates: list[Duplicate]
    history: SellerHistory


def _value_text(value) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _attributes(product: Product) -> list[AttributeRow]:
    schema = category_schema(product.category)
    values = product.attributes or {}
    rows = [
        AttributeRow(code, definition.name, _value_text(values[code]), definition.unit)
        for code, definition in schema.items()
        if code in values
    ]
    rows += [
        AttributeRow(code, code, _value_text(value), known=False)
        for code, value in values.items()
        if code not in schema
    ]
    # Required attributes without a value are shown as missing.
    rows += [
        AttributeRow(code, definition.name, "", definition.unit)
        for code, definition in schema.items()
        if definition.required and code not in values
    ]
    return rows


def _duplicates(product: Product) -> list[Duplicate]:
    title = product.title_for()
    candidates = (
        Product.objects.filter(category_id=product.category_id)
        .exclude(id=product.id)
        .exclude(status=Product.Status.REJECTED)
        .order_by("-id")[:DUPLICATE_CANDIDATES]
    )
    found = []
    for other in candidates:
        pct = title_similarity_pct(other.title_for(), title)
        if pct >= DUPLICATE_MIN_PCT:
            found.append(Duplicate(other, pct))
    found.sort(key=lambda d: (-d.similarity_pct, d.product.id))
    return found[:DUPLICATES_SHOWN]


def _history(vendor: Vendor, *, exclude_item_id: int) -> SellerHistory:
    past = ReviewItem.objects.filter(vendor=vendor).exclude(id=exclude_item_id)
    decisions = dict(past.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    offers = Offer.objects.filter(vendor=vendor)
    return SellerHistory(
        vendor=vendor,
        live_offers=offers.filter(status=Offer.Status.LIVE).count(),
        offers=offers.count(),
        decisions=decisions,
        recent=list(past.select_related("product", "offer__product").order_by("-created_at", "-id")[:5]),
    )


def review_item_preview(*, item: ReviewItem) -> ListingPreview | None:
    """What the listing under review looks like; None when the item is about no product."""
    product = item.product or (item.offer.product if item.offer_id else None)
    if product is None:
        return None
    product = Product.objects.select_related("category").get(id=product.id)
    offers = list(
        Offer.objects.filter(vendor_id=item.vendor_id, product=product).select_related("variant").order_by("id")
    )
    if item.offer_id:
        offers.sort(key=lambda o: o.id != item.offer_id)
    checks = list(ListingCheck.objects.filter(offer__in=[o.id for o in offers]).order_by("offer_id", "id"))
    return ListingPreview(
        product=product,
        images=list(product.images.order_by("position", "id")),
        attributes=_attributes(product),
        offers=offers,
        checks=checks,
        duplicates=_duplicates(product),
        history=_history(item.vendor, exclude_item_id=item.id),
    )
