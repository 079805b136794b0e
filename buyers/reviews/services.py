"""Writes of reviews and ratings: only from verified purchases after delivery.

``review_check_*`` decide whether something may happen (a domain error with field and reason);
the ``*_create``/``*_answer``/``*_vote`` functions do it, audit it, and tell the search index
through the outbox (``catalog.product_changed``) when an average changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buyers.reviews.models import Review, ReviewPhoto, ReviewVote
from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound, PermissionDenied
from marketplace.models import OrderLine, VendorOrder
from marketplace.uploads import image_upload_clean
from vendors.models import Offer
from vendors.services.events import catalog_product_changed

MAX_TITLE = 120
MAX_TEXT = 5000
MAX_ANSWER = 3000


def max_photos() -> int:
    return getattr(settings, "REVIEWS_MAX_PHOTOS", 5)


def _photo_max_bytes() -> int:
    return getattr(settings, "REVIEWS_PHOTO_MAX_BYTES", 5 * 1024 * 1024)


# --------------------------------------------------------------------------- checks


def review_check_stars(stars) -> int:
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise DomainError(_("Give 1 to 5 stars (whole stars)."), field="stars")
    return stars


def review_check_texts(*, title: str, text: str) -> tuple[str, str]:
    title, text = (title or "").strip(), (text or "").strip()
    if "\n" in title or len(title) > MAX_TITLE:
        raise DomainError(_("The title is one line of at most %(max)s characters.") % {"max": MAX_TITLE}, field="title")
    if len(text) > MAX_TEXT:
        raise DomainError(_("The text may have at most %(max)s characters.") % {"max": MAX_TEXT}, field="text")
    return title, text


def _delivered_check(vendor_order: VendorOrder, *, field: str) -> None:
    if vendor_order.status != VendorOrder.Status.DELIVERED or vendor_order.delivered_at is None:
        raise Conflict(
            _("You can review this once it has been delivered (now: %(status)s).")
            % {"status": vendor_order.get_status_display()},
            field=field,
        )


def _buyer_line(*, buyer, order_line_id: int) -> OrderLine:
    line = (
        OrderLine.objects.select_related("vendor_order", "offer")
        .filter(id=order_line_id, vendor_order__order__buyer_id=buyer.pk)
        .first()
    )
    if line is None:
        raise NotFound(_("No such order line of yours."), field="order_line")
    return line


def _buyer_part(*, buyer, vendor_order_id: int) -> VendorOrder:
    part = VendorOrder.objects.filter(id=vendor_order_id, order__buyer_id=buyer.pk).first()
    if part is None:
        raise NotFound(_("No such order of yours."), field="vendor_order")
    return part


def review_check_product(*, buyer, order_line_id: int) -> OrderLine:
    """The buyer's delivered, not yet reviewed line; else NotFound (not theirs) or Conflict."""
    line = _buyer_line(buyer=buyer, order_line_id=order_line_id)
    _delivered_check(line.vendor_order, field="order_line")
    if Review.objects.filter(kind=Review.Kind.PRODUCT, order_line=line).exists():
        raise Conflict(
            _("You have reviewed this purchase already; each order line gets one review."), field="order_line"
        )
    return line


def review_check_seller(*, buyer, vendor_order_id: int) -> VendorOrder:
    part = _buyer_part(buyer=buyer, vendor_order_id=vendor_order_id)
    _delivered_check(part, field="vendor_order")
    if Review.objects.filter(kind=Review.Kind.SELLER, vendor_order=part).exists():
        raise Conflict(_("You have rated this seller for this order already."), field="vendor_order")
    return part


def _photos_clean(photos) -> list:
    photos = list(photos or [])
    if len(photos) > max_photos():
        raise DomainError(_("At most %(max)s photos per review.") % {"max": max_photos()}, field="photos")
    return [image_upload_clean(upload, max_bytes=_photo_max_bytes(), field="photos") for upload in photos]


# --------------------------------------------------------------------------- ratings changed


def _ratings_changed(review: Review) -> None:
    """Re-index what shows this review's average: its product, or every product the seller sells."""
    if review.kind == Review.Kind.PRODUCT:
        catalog_product_changed(product_ids=[review.product_id])
    else:
        catalog_product_changed(
            product_ids=Offer.objects.filter(vendor_id=review.vendor_id).values_list("product_id", flat=True)
        )


# --------------------------------------------------------------------------- buyer


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:10]


def product_review_create(
    *, buyer, order_line_id: int, stars: int, title: str = "", text: str = "", photos=()
) -> Review:
    """A review of the product of a delivered order line of ``buyer`` (one per line), with photos
    checked by content and re-encoded; the product's average in the index follows."""
    stars = review_check_stars(stars)
    title, text = review_check_texts(title=title, text=text)
    cleaned = _photos_clean(photos)  # decoded before the transaction: no lock held while Pillow works
    with transaction.atomic():
        line = review_check_product(buyer=buyer, order_line_id=order_line_id)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    kind=Review.Kind.PRODUCT,
                    buyer=buyer,
                    vendor_id=line.vendor_order.vendor_id,
                    vendor_order=line.vendor_order,
                    order_line=line,
                    product_id=line.offer.product_id,
                    stars=stars,
                    title=title,
                    text=text,
                    language=_language(),
                )
        except IntegrityError:  # a second request won the race
            raise Conflict(
                _("You have reviewed this purchase already; each order line gets one review."), field="order_line"
            ) from None
        for position, content in enumerate(cleaned):
            photo = ReviewPhoto(review=review, position=position)
            photo.image.save("photo.jpg", content, save=False)
            photo.save()
        audit_record(actor=buyer, action="review.created", obj=review, data={"stars": stars, "photos": len(cleaned)})
        _ratings_changed(review)
    return review


def seller_rating_create(*, buyer, vendor_order_id: int, stars: int, text: str = "") -> Review:
    """The buyer's rating of the seller of a delivered VendorOrder (once per VendorOrder)."""
    stars = review_check_stars(stars)
    _, text = review_check_texts(title="", text=text)
    with transaction.atomic():
        part = review_check_seller(buyer=buyer, vendor_order_id=vendor_order_id)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    kind=Review.Kind.SELLER,
                    buyer=buyer,
                    vendor_id=part.vendor_id,
                    vendor_order=part,
                    stars=stars,
                    text=text,
                    language=_language(),
                )
        except IntegrityError:
            raise Conflict(_("You have rated this seller for this order already."), field="vendor_order") from None
        audit_record(actor=buyer, action="review.seller_rated", obj=review, data={"stars": stars})
        _ratings_changed(review)
    return review


def review_vote(*, user, review_id: int) -> ReviewVote:
    """A "helpful" vote: one per user, never on one's own review, only on visible reviews."""
    with transaction.atomic():
        review = Review.objects.filter(id=review_id, status=Review.Status.VISIBLE).first()
        if review is None:
            raise NotFound(_("No such review."), field="review")
        if review.buyer_id == user.pk:
            raise PermissionDenied(_("You cannot vote for your own review."))
        try:
            with transaction.atomic():
                vote = ReviewVote.objects.create(review=review, user=user)
        except IntegrityError:
            raise Conflict(_("You have marked this review as helpful already."), field="review") from None
    return vote


def review_unvote(*, user, review_id: int) -> None:
    deleted, _count = ReviewVote.objects.filter(
        review_id=review_id, review__status=Review.Status.VISIBLE, user_id=user.pk
    ).delete()
    if not deleted:
        raise NotFound(_("You have not voted for this review."), field="review")


# --------------------------------------------------------------------------- vendor


def review_answer(*, vendor, actor, review_id: int, text: str) -> Review:
    """The vendor's one public answer. The caller checked the role (manage_listings: owner, manager)."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write an answer."), field="text")
    if len(text) > MAX_ANSWER:
        raise DomainError(_("The answer may have at most %(max)s characters.") % {"max": MAX_ANSWER}, field="text")
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(vendor=vendor, id=review_id).first()
        if review is None:
            raise NotFound(_("No such review."), field="review")
        if review.answered_at is not None:
            raise Conflict(_("This review has been answered already; a review gets one answer."), field="text")
        review.answer, review.answered_at, review.answered_by = text, timezone.now(), actor
        review.save(update_fields=["answer", "answered_at", "answered_by"])
        audit_record(actor=actor, action="review.answered", obj=review)
    return review


# --------------------------------------------------------------------------- moderation target "review"


def review_restrict(review_id: int, *, reason: str) -> None:
    """Hide a review after a moderation decision; its average leaves the index."""
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(id=review_id).first()
        if review is None or review.status == Review.Status.HIDDEN:
            return
        review.status, review.hidden_reason = Review.Status.HIDDEN, reason or ""
        review.save(update_fields=["status", "hidden_reason"])
        audit_record(actor=None, action="review.hidden", obj=review, reason=reason or "")
        _ratings_changed(review)


def review_restore(review_id: int) -> None:
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(id=review_id).first()
        if review is None or review.status == Review.Status.VISIBLE:
            return
        review.status, review.hidden_reason = Review.Status.VISIBLE, ""
        review.save(update_fields=["status", "hidden_reason"])
        audit_record(actor=None, action="review.restored", obj=review)
        _ratings_changed(review)
