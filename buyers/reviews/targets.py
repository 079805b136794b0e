"""The moderation target "review" (moderation/targets.py): load, hide, show again, locate."""

from __future__ import annotations

from django.urls import Resolver404, resolve, reverse

from buyers.reviews import services
from buyers.reviews.models import Review


def review_url(review: Review) -> str:
    """Where the public sees the review: the product page, or the seller page for ratings."""
    if review.kind == Review.Kind.PRODUCT:
        return reverse("frontend:product", args=[review.product_id]) + f"?review={review.id}#review-{review.id}"
    return f"/sellers/{review.vendor_id}/?review={review.id}#review-{review.id}"


def review_load(review_id: int):
    from moderation.targets import Target

    review = Review.objects.select_related("product", "vendor").filter(id=review_id).first()
    if review is None:
        return None
    subject = review.product.title_for() if review.product_id else review.vendor.name
    label = f"{review.stars}* {review.get_kind_display()}: {subject}"
    return Target(
        kind="review",
        id=review.id,
        vendor_id=review.vendor_id,
        author_user_id=review.buyer_id,
        label=label,
        url=review_url(review),
    )


def review_locate(path: str, query: dict) -> int | None:
    """A product or seller page URL with ``?review=<id>`` naming a visible review shown there."""
    raw = query.get("review", [""])[0]
    if not raw.isdigit():
        return None
    visible = Review.objects.filter(id=int(raw), status=Review.Status.VISIBLE)
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name == "frontend:product":
        visible = visible.filter(kind=Review.Kind.PRODUCT, product_id=match.kwargs.get("product_id"))
    elif "vendor_id" in match.kwargs:
        visible = visible.filter(kind=Review.Kind.SELLER, vendor_id=match.kwargs["vendor_id"])
    else:
        return None
    return int(raw) if visible.exists() else None


def register() -> None:
    from moderation.targets import target_register

    target_register(
        "review",
        load=review_load,
        restrict=services.review_restrict,
        restore=services.review_restore,
        locate=review_locate,
    )
