"""Satisfaction surveys: one per delivered VendorOrder, sent once, answered once."""

from django.conf import settings
from django.db import models


class Survey(models.Model):
    # One per seller's part of an order: the unique key is what makes "sent once" hold even when
    # two periodic runs overlap.
    vendor_order = models.OneToOneField("marketplace.VendorOrder", on_delete=models.CASCADE, related_name="survey")
    # Copies of the part's buyer and seller, so results per vendor are one indexed query.
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    # Set by the mail handler, so a redelivered outbox row does not mail the buyer twice.
    mailed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    csat = models.PositiveSmallIntegerField(null=True, blank=True)  # 1-5
    nps = models.PositiveSmallIntegerField(null=True, blank=True)  # 0-10
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["vendor", "answered_at"], name="survey_vendor_answered")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(csat__isnull=True) | models.Q(csat__gte=1, csat__lte=5), name="survey_csat_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(nps__isnull=True) | models.Q(nps__lte=10), name="survey_nps_0_to_10"
            ),
            # Answered means both scores are there; unanswered means neither is.
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, csat__isnull=True, nps__isnull=True)
                | models.Q(answered_at__isnull=False, csat__isnull=False, nps__isnull=False),
                name="survey_answered_has_scores",
            ),
        ]

    def __str__(self) -> str:
        return f"survey:{self.vendor_order_id}"
