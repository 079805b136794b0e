"""Reads of the listing pages (offer list and listing editor): filters, sorting, buy box and
listing-check summaries, the moderation decision of a listing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from frontend.seller.selectors import offer_search
from moderation.models import ListingCheck, ListingRule, ReviewItem
from vendors import selectors as vendor_selectors
from vendors.models import Offer, Product, ProductChangeRequest, ProductImage, ShippingProfile

LOW_STOCK = 5
SORTS = {
    "title": ("product__title", "id"),
    "-title": ("-product__title", "-id"),
    "sku": ("sku",),
    "-sku": ("-sku",),
    "price": ("price_amount", "id"),
    "-price": ("-price_amount", "id"),
    "stock": ("stock", "id"),
    "-stock": ("-stock", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "-updated"


@dataclass(frozen=True)
class OfferFilters:
    query: str = ""
    status: str = ""  # an Offer.Status, or "" for all
    stock: str = ""  # "out", "low", "in" or ""
    buy_box: str = ""  # "won", "lost" or ""
    checks: str = ""  # "failing", "blocking" or ""
    sort: str = DEFAULT_SORT


def buy_box_winner_ids(*, vendor) -> set[int]:
    """The vendor's offers that hold the buy box of their product (variant, condition) now."""
    product_ids = set(
        vendor_selectors.offer_list(vendor=vendor).filter(status=Offer.Status.LIVE).values_list("product_id", flat=True)
    )
    if not product_ids:
        return set()
    boxes = vendor_selectors.buy_box_for_products(product_ids=product_ids)
    return {box.winner.offer_id for box in boxes.values() if box.winner and box.winner.vendor_id == vendor.id}


def offer_list_filtered(*, vendor, filters: OfferFilters) -> QuerySet[Offer]:
    offers = offer_search(vendor=vendor, query=filters.query).select_related("product__category", "variant")
    if filters.status in Offer.Status.values:
        offers = offers.filter(status=filters.status)
    if filters.stock == "out":
        offers = offers.filter(stock=0)
    elif filters.stock == "low":
        offers = offers.filter(stock__gt=0, stock__lte=LOW_STOCK)
    elif filters.stock == "in":
        offers = offers.filter(stock__gt=0)
    if filters.buy_box in ("won", "lost"):
        winners = buy_box_winner_ids(vendor=vendor)
        offers = offers.filter(id__in=winners) if filters.buy_box == "won" else offers.exclude(id__in=winners)
    if filters.checks == "failing":
        offers = offers.filter(Exists(ListingCheck.objects.filter(offer=OuterRef("pk"))))
    elif filters.checks == "blocking":
        offers = offers.filter(
            Exists(ListingCheck.objects.filter(offer=OuterRef("pk"), severity=ListingRule.Severity.BLOCK))
        )
    offers = offers.annotate(check_count=Count("listing_checks", distinct=True))
    return offers.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def offer_buy_box_map(*, vendor, offers) -> dict[int, vendor_selectors.OfferBuyBox]:
    return {row.offer.id: row for row in vendor_selectors.offer_buy_box_status(vendor=vendor, offers=list(offers))}


DECISION_TONES = {"approved": "success", "active": "success", "rejected": "danger", "changes_requested": "warning"}


@dataclass(frozen=True)
class ModerationDecision:
    status: str  # ReviewItem.Status or Product.Status
    label: str
    reason: str
    decided_at: object

    @property
    def tone(self) -> str:
        return DECISION_TONES.get(self.status, "info")


def moderation_decisions(*, offer: Offer) -> list[ModerationDecision]:
    """The operators' decisions on this offer and its product (newest first): review items with
    their reason, and a rejected product's reason (only for the vendor's own product)."""
    items = ReviewItem.objects.filter(vendor_id=offer.vendor_id).filter(
        Q(offer_id=offer.id) | Q(product_id=offer.product_id, offer__isnull=True)
    )
    decisions = [
        ModerationDecision(item.status, item.get_status_display(), item.reason, item.decided_at or item.created_at)
        for item in items.order_by("-created_at", "-id")
    ]
    product = offer.product
    if (
        product.created_by_id == offer.vendor_id
        and product.status == Product.Status.REJECTED
        and product.moderation_reason
    ):
        if not any(d.reason == product.moderation_reason for d in decisions):
            decisions.insert(
                0,
                ModerationDecision(
                    product.status, product.get_status_display(), product.moderation_reason, product.moderated_at
                ),
            )
    return decisions


def listing_checks(*, offer: Offer) -> QuerySet[ListingCheck]:
    return ListingCheck.objects.filter(offer=offer).order_by("-severity", "id")


def product_images(*, product: Product) -> list[ProductImage]:
    return list(product.images.order_by("position", "id"))


def vendor_offers_of_product(*, vendor, product: Product) -> QuerySet[Offer]:
    return vendor_selectors.offer_list(vendor=vendor).filter(product=product).select_related("variant")


def shipping_profiles(*, vendor) -> QuerySet[ShippingProfile]:
    return vendor_selectors.shipping_profile_list(vendor=vendor)


def change_requests(*, vendor, product: Product) -> list[ProductChangeRequest]:
    """The vendor's change requests for a shared catalog product, newest first."""
    requests = list(ProductChangeRequest.objects.filter(vendor=vendor, product=product).order_by("-created_at", "-id"))
    for request in requests:
        request.tone = DECISION_TONES.get(request.status, "info")
    return requests
