"""Reviews from verified purchases: product reviews (one per order line) and seller ratings (one
per VendorOrder), both written only after the seller's part was delivered.

One table holds both kinds, so answers, votes, photos, reports and the moderation target
"review" work the same for either. Averages are never stored: they are integer sums and counts
read from the visible rows (``selectors``), rounded only for display.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Review(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product review")
        SELLER = "seller", _("Seller rating")

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        # Restricted by a moderation decision (moderation/targets.py "review"): shown to nobody.
        HIDDEN = "hidden", _("Hidden")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    vendor_order = models.ForeignKey("marketplace.VendorOrder", on_delete=models.PROTECT, related_name="+")
    # Product reviews only: the line bought and its product (kept, should the offer go).
    order_line = models.ForeignKey(
        "marketplace.OrderLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey("vendors.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stars = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    # The vendor's public answer, given once.
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="review_stars_1_to_5"),
            models.CheckConstraint(
                condition=(
                    Q(kind="product", order_line__isnull=False, product__isnull=False)
                    | Q(kind="seller", order_line__isnull=True, product__isnull=True)
                ),
                name="review_kind_matches_subject",
            ),
            # The "twice" refusal is checked first with a clear message; these hold under races.
            models.UniqueConstraint(
                fields=["order_line"], condition=Q(kind="product"), name="review_one_per_order_line"
            ),
            models.UniqueConstraint(
                fields=["vendor_order"], condition=Q(kind="seller"), name="rating_one_per_vendor_order"
            ),
        ]
        indexes = [
            models.Index(fields=["product", "status"], name="review_product_status"),
            models.Index(fields=["vendor", "kind", "status"], name="review_vendor_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} review {self.pk} ({self.stars}*)"


def review_photo_path(instance, filename: str) -> str:
    # A random name: nothing of the buyer's file name reaches the storage.
    return f"reviews/{instance.review_id}/{uuid.uuid4().hex}.jpg"


class ReviewPhoto(models.Model):
    """A photo of a review, re-encoded to JPEG on upload."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=review_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class ReviewVote(models.Model):
    """One "helpful" vote per user and review; the count is derived from these rows."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="review_vote_once_per_user")]
