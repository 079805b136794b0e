from django.db import models


class Dispute(models.Model):
    """A chargeback on an order's payment; its amount is frozen for the sellers until it closes."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        WON = "won", "Won"
        LOST = "lost", "Lost"

    stripe_dispute_id = models.CharField(max_length=255, unique=True)
    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class DisputeShare(models.Model):
    """The part of a dispute that falls on one seller (split by items amount, largest remainder)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="shares")
    vendor_order = models.ForeignKey("marketplace.VendorOrder", on_delete=models.PROTECT, related_name="+")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["id"]
