"""Reports about reviews are notices (DSA Art. 16) in moderation's one queue.

The reviews app registers the moderation target "review" (``buyers.reviews.targets``); a report
names the review by its public URL and kind/id, and moderation's notice service checks them,
acknowledges the notice and, when an operator acts, hides the review through
``review_restrict`` with a statement of reasons to its author.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buyers.reviews.models import Review
from buyers.reviews.targets import review_url
from marketplace.errors import NotFound, PermissionDenied


def report_categories() -> list[tuple[str, str]]:
    from moderation.models import Notice

    return list(Notice.Category.choices)


@transaction.atomic
def review_report(*, reporter, review_id: int, category: str, explanation: str, good_faith: bool, site: str):
    """File a notice about a visible review; ``site`` is the scheme and host the public uses
    (``https://shop.example``), since a notice names the content by its full address."""
    from moderation.services.notices import notice_create

    review = Review.objects.filter(id=review_id, status=Review.Status.VISIBLE).first()
    if review is None:
        raise NotFound(_("No such review."), field="review")
    if review.buyer_id == reporter.pk:
        raise PermissionDenied(_("You cannot report your own review."))
    return notice_create(
        notifier=reporter,
        url=site.rstrip("/") + review_url(review),
        category=category,
        explanation=explanation,
        good_faith=good_faith,
        language=(get_language() or "de")[:10],
        target_kind="review",
        target_id=review.id,
    )
