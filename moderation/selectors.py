"""Moderation reads. Vendors see only their own offers' checks; the queue is the operators'."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.errors import DomainError, NotFound
from marketplace.selectors import QueueCount
from moderation.models import ListingCheck, ListingRule, ReasonTemplate, ReviewItem
from vendors.models import Offer, Product, Vendor


def listing_checks_for_offer(*, vendor: Vendor, offer_id: int) -> QuerySet[ListingCheck]:
    """The last rule results of one of ``vendor``'s offers; another vendor's offer is not found."""
    if not Offer.objects.filter(vendor=vendor, id=offer_id).exists():
        raise NotFound("No such offer.", field="offer")
    return ListingCheck.objects.filter(offer_id=offer_id, offer__vendor=vendor).order_by("id")


def listing_check_list(*, vendor: Vendor) -> QuerySet[ListingCheck]:
    return ListingCheck.objects.filter(offer__vendor=vendor).select_related("offer").order_by("offer_id", "id")


def listing_rule_list() -> QuerySet[ListingRule]:
    return ListingRule.objects.select_related("category").order_by("id")


def reason_template_list() -> QuerySet[ReasonTemplate]:
    return ReasonTemplate.objects.filter(active=True).order_by("code")


def review_item_list(
    *, status: str | None = None, kind: str | None = None, overdue: bool | None = None
) -> QuerySet[ReviewItem]:
    """Oldest deadline first; ``status`` 'pending' (the default) means open or claimed."""
    items = ReviewItem.objects.select_related("vendor", "offer", "product", "report", "claimed_by")
    status = status or "pending"
    if status == "pending":
        # A product approved or rejected outside the queue (the vendors operator API) waits no more.
        items = items.filter(status__in=ReviewItem.OPEN_STATUSES).exclude(
            Q(kind=ReviewItem.Kind.NEW_PRODUCT) & ~Q(product__status=Product.Status.PENDING)
        )
    elif status in ReviewItem.Status.values:
        items = items.filter(status=status)
    else:
        allowed = ", ".join(["pending", *ReviewItem.Status.values])
        raise DomainError(f"Unknown status {status!r}; allowed: {allowed}.", field="status")
    if kind:
        if kind not in ReviewItem.Kind.values:
            raise DomainError(f"Unknown kind {kind!r}; allowed: {', '.join(ReviewItem.Kind.values)}.", field="kind")
        items = items.filter(kind=kind)
    if overdue is not None:
        now = timezone.now()
        items = items.filter(due_at__lt=now) if overdue else items.filter(due_at__gte=now)
    return items.order_by("due_at", "id")


def review_item_get(*, item_id: int) -> ReviewItem:
    item = ReviewItem.objects.select_related("vendor", "offer", "product", "report").filter(id=item_id).first()
    if item is None:
        raise NotFound("No such review item.", field="item")
    return item


def vendor_standing_get(*, vendor: Vendor):
    """The vendor's standing; a vendor never evaluated is in good standing (unsaved row)."""
    from moderation.models import VendorStanding

    return VendorStanding.objects.filter(vendor=vendor).first() or VendorStanding(vendor=vendor)


def vendor_standing_list(*, level: int | None = None) -> QuerySet:
    """Operators: standings, worst first."""
    from moderation.models import VendorStanding

    standings = VendorStanding.objects.select_related("vendor")
    if level is not None:
        if level not in VendorStanding.Level.values:
            raise DomainError(
                f"Unknown level {level}; allowed: {', '.join(map(str, VendorStanding.Level.values))}.", field="level"
            )
        standings = standings.filter(level=level)
    return standings.order_by("-level", "vendor_id")


def review_queue(*, now=None) -> QueueCount:
    """The moderation queue (pending items, as the queue page lists them); overdue: past due_at
    (created + MODERATION_REVIEW_TARGET_HOURS)."""
    now = now or timezone.now()
    items = review_item_list(status="pending")
    return QueueCount(items.count(), items.filter(due_at__lt=now).count())
