"""Reads of reviews and ratings. Averages are integer sums over counts; only display rounds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from buyers.reviews.models import Review, ReviewPhoto, ReviewVote
from marketplace.errors import NotFound
from marketplace.models import OrderLine, VendorOrder

VISIBLE = Q(status=Review.Status.VISIBLE)
SORTS = {
    "newest": ("-created_at", "-id"),
    "helpful": ("-helpful_count", "-created_at", "-id"),
    "stars_desc": ("-stars", "-created_at", "-id"),
    "stars_asc": ("stars", "-created_at", "-id"),
}


@dataclass(frozen=True)
class RatingSummary:
    """Exact figures: ``stars_sum`` / ``count``; ``distribution`` maps 1..5 to counts."""

    count: int = 0
    stars_sum: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: {s: 0 for s in range(5, 0, -1)})

    @property
    def average(self) -> Decimal | None:
        """For display: one decimal, half up (4.25 shows as 4.3)."""
        if not self.count:
            return None
        return (Decimal(self.stars_sum) / Decimal(self.count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(stars, count, whole percent of all) from 5 down to 1, for the distribution bars."""
        return [(s, n, (n * 100 // self.count) if self.count else 0) for s, n in self.distribution.items()]


def _summary(queryset: QuerySet) -> RatingSummary:
    rows = queryset.filter(VISIBLE).values("stars").annotate(n=Count("id")).order_by()
    distribution = {s: 0 for s in range(5, 0, -1)}
    for row in rows:
        distribution[row["stars"]] = row["n"]
    return RatingSummary(
        count=sum(distribution.values()),
        stars_sum=sum(s * n for s, n in distribution.items()),
        distribution=distribution,
    )


def product_rating_summary(*, product_id: int) -> RatingSummary:
    return _summary(Review.objects.filter(kind=Review.Kind.PRODUCT, product_id=product_id))


def seller_rating_summary(*, vendor_id: int) -> RatingSummary:
    return _summary(Review.objects.filter(kind=Review.Kind.SELLER, vendor_id=vendor_id))


def _sums(queryset: QuerySet, key: str) -> dict[int, tuple[int, int]]:
    rows = queryset.filter(VISIBLE).values(key).annotate(total=Sum("stars"), n=Count("id")).order_by()
    return {row[key]: (int(row["total"]), row["n"]) for row in rows}


def product_rating_sums(product_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Product id -> (sum of stars, number of visible reviews), one query (the search index's)."""
    return _sums(Review.objects.filter(kind=Review.Kind.PRODUCT, product_id__in=list(product_ids)), "product_id")


def seller_rating_sums(vendor_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Vendor id -> (sum of stars, number of visible seller ratings), one query."""
    return _sums(Review.objects.filter(kind=Review.Kind.SELLER, vendor_id__in=list(vendor_ids)), "vendor_id")


def seller_rating_measure(vendor_id: int, since) -> tuple[int, int] | None:
    """Scorecard measure "average_rating": visible seller ratings of orders placed since ``since``."""
    found = Review.objects.filter(
        VISIBLE, kind=Review.Kind.SELLER, vendor_id=vendor_id, vendor_order__order__created_at__gte=since
    ).aggregate(total=Sum("stars"), n=Count("id"))
    return (int(found["total"]), found["n"]) if found["n"] else None


def negative_rating_defects(vendor_orders: QuerySet) -> Iterable[int]:
    """Scorecard defect source "negative_rating": VendorOrders rated 1 or 2 stars (visible)."""
    return Review.objects.filter(
        VISIBLE, kind=Review.Kind.SELLER, vendor_order__in=vendor_orders, stars__lte=2
    ).values_list("vendor_order_id", flat=True)


def _with_details(queryset: QuerySet, *, user=None) -> QuerySet:
    queryset = (
        queryset.select_related("product", "vendor", "buyer")
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position", "id")))
        .annotate(helpful_count=Count("votes"))
    )
    if user is not None and getattr(user, "is_authenticated", False):
        queryset = queryset.annotate(voted=Exists(ReviewVote.objects.filter(review=OuterRef("pk"), user_id=user.pk)))
    return queryset


def review_list_public(
    *,
    product_id: int | None = None,
    vendor_id: int | None = None,
    stars: int | None = None,
    sort: str = "newest",
    user=None,
) -> QuerySet[Review]:
    """Visible reviews of a product, or visible seller ratings of a vendor."""
    if product_id is not None:
        queryset = Review.objects.filter(VISIBLE, kind=Review.Kind.PRODUCT, product_id=product_id)
    else:
        queryset = Review.objects.filter(VISIBLE, kind=Review.Kind.SELLER, vendor_id=vendor_id)
    if stars is not None:
        queryset = queryset.filter(stars=stars)
    return _with_details(queryset, user=user).order_by(*SORTS.get(sort, SORTS["newest"]))


def review_get_visible(*, review_id: int) -> Review:
    review = Review.objects.filter(VISIBLE, id=review_id).first()
    if review is None:
        raise NotFound("No such review.", field="review")
    return review


def review_list_for_vendor(*, vendor, kind: str | None = None, unanswered: bool = False) -> QuerySet[Review]:
    """The vendor's own reviews (product reviews of its lines and its seller ratings), hidden ones too."""
    queryset = Review.objects.filter(vendor=vendor)
    if kind:
        queryset = queryset.filter(kind=kind)
    if unanswered:
        queryset = queryset.filter(answered_at__isnull=True)
    return _with_details(queryset).order_by("-created_at", "-id")


def review_get_for_vendor(*, vendor, review_id: int) -> Review:
    review = Review.objects.filter(vendor=vendor, id=review_id).first()
    if review is None:
        raise NotFound("No such review.", field="review")
    return review


def review_list_for_buyer(*, buyer) -> QuerySet[Review]:
    return _with_details(Review.objects.filter(buyer=buyer)).order_by("-created_at", "-id")


@dataclass(frozen=True)
class ReviewableLine:
    order_number: str
    vendor_order_id: int
    order_line_id: int
    product_id: int
    product_title: str
    vendor_name: str


@dataclass(frozen=True)
class RateableVendorOrder:
    order_number: str
    vendor_order_id: int
    vendor_id: int
    vendor_name: str


DELIVERED = Q(status=VendorOrder.Status.DELIVERED, delivered_at__isnull=False)


def reviewable_lines(*, buyer) -> list[ReviewableLine]:
    """The buyer's delivered order lines not reviewed yet."""
    lines = (
        OrderLine.objects.filter(
            vendor_order__order__buyer=buyer,
            vendor_order__status=VendorOrder.Status.DELIVERED,
            vendor_order__delivered_at__isnull=False,
        )
        .exclude(id__in=Review.objects.filter(kind=Review.Kind.PRODUCT, buyer=buyer).values("order_line_id"))
        .select_related("vendor_order__order", "vendor_order__vendor", "offer")
        .order_by("-vendor_order__delivered_at", "id")
    )
    return [
        ReviewableLine(
            order_number=line.vendor_order.order.number,
            vendor_order_id=line.vendor_order_id,
            order_line_id=line.id,
            product_id=line.offer.product_id,
            product_title=line.product_title,
            vendor_name=line.vendor_order.vendor.name,
        )
        for line in lines
    ]


def rateable_vendor_orders(*, buyer) -> list[RateableVendorOrder]:
    """The buyer's delivered seller parts without a seller rating yet."""
    parts = (
        VendorOrder.objects.filter(DELIVERED, order__buyer=buyer)
        .exclude(id__in=Review.objects.filter(kind=Review.Kind.SELLER, buyer=buyer).values("vendor_order_id"))
        .select_related("order", "vendor")
        .order_by("-delivered_at", "id")
    )
    return [
        RateableVendorOrder(
            order_number=p.order.number, vendor_order_id=p.id, vendor_id=p.vendor_id, vendor_name=p.vendor.name
        )
        for p in parts
    ]


def reviewed_for_parts(*, buyer, vendor_order_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """(order line ids reviewed, vendor order ids rated) of the buyer among these parts: the
    order page shows a link only where nothing was written yet."""
    rows = Review.objects.filter(buyer=buyer, vendor_order_id__in=list(vendor_order_ids)).values_list(
        "kind", "order_line_id", "vendor_order_id"
    )
    lines = {line for kind, line, _ in rows if kind == Review.Kind.PRODUCT}
    parts = {part for kind, _, part in rows if kind == Review.Kind.SELLER}
    return lines, parts


def buyer_line_get(*, buyer, number: str, order_line_id: int) -> OrderLine:
    """A line of the buyer's order ``number`` (for the review page); else NotFound."""
    line = (
        OrderLine.objects.select_related("vendor_order__vendor", "offer__product")
        .filter(id=order_line_id, vendor_order__order__number=number, vendor_order__order__buyer_id=buyer.pk)
        .first()
    )
    if line is None:
        raise NotFound("No such order line of yours.", field="order_line")
    return line


def buyer_part_get(*, buyer, number: str, vendor_order_id: int) -> VendorOrder:
    part = (
        VendorOrder.objects.select_related("vendor", "order")
        .filter(id=vendor_order_id, order__number=number, order__buyer_id=buyer.pk)
        .first()
    )
    if part is None:
        raise NotFound("No such order of yours.", field="vendor_order")
    return part
