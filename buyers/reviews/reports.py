"""Reports about reviews enter the one moderation queue.

The reviews app registers the moderation target "review" (``buyers.reviews.targets``), so a
decision on a review hides or shows it through ``review_restrict``/``review_restore``. Filing the
report goes through moderation's own report service; until moderation's notice form takes any
target kind, the report is filed against the review's vendor with the review named in its
details (label and URL), which is what the operator opens.
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from buyers.reviews.models import Review
from buyers.reviews.targets import review_load
from marketplace.audit import audit_record
from marketplace.errors import NotFound, PermissionDenied

REASONS = ("offensive", "fraud", "misleading", "other")
MAX_DETAILS = 1500


@transaction.atomic
def review_report(*, reporter, review_id: int, reason: str, details: str = "") -> None:
    from moderation.services.reports import report_create

    review = Review.objects.filter(id=review_id, status=Review.Status.VISIBLE).first()
    if review is None:
        raise NotFound(_("No such review."), field="review")
    if review.buyer_id == reporter.pk:
        raise PermissionDenied(_("You cannot report your own review."))
    target = review_load(review.id)
    text = f"[review {review.id}] {target.label} {target.url}\n{(details or '').strip()}"
    report = report_create(reporter=reporter, reason=reason, details=text, vendor_id=review.vendor_id)
    audit_record(actor=reporter, action="review.reported", obj=review, data={"reason": reason, "report_id": report.id})
