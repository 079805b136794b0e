from django.conf import settings
from django.db import models


class Refund(models.Model):
    """Money given back to the buyer for (parts of) one seller's part of an order."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # card refund not yet confirmed by Stripe
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        PLATFORM = "platform", "Platform"
        STRIPE = "stripe", "Stripe dashboard"

    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    vendor_order = models.ForeignKey("marketplace.VendorOrder", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    # The parts that leave seller, platform and tax (they sum to ``amount``).
    vendor_amount = models.BigIntegerField()
    commission_amount = models.BigIntegerField()
    commission_vat_amount = models.BigIntegerField()
    # Share of a platform-funded coupon discount: the seller was owed the undiscounted price, so it
    # gives back more than the buyer receives, and the platform's discount expense shrinks by this.
    platform_discount_amount = models.BigIntegerField(default=0)
    reason = models.CharField(max_length=500)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PLATFORM)
    status = models.CharField(max_length=20, choices=Status.choices)
    # Our key for the Stripe call; a refund seen first on Stripe keeps Stripe's id here.
    idempotency_key = models.CharField(max_length=200, unique=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True, db_index=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(
                    amount=models.F("vendor_amount")
                    + models.F("commission_amount")
                    + models.F("commission_vat_amount")
                    - models.F("platform_discount_amount")
                ),
                name="refund_parts_sum_to_amount_and_discount",
            ),
        ]


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("marketplace.OrderLine", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["id"]
