from django.conf import settings
from django.db import models


class ReceiptImport(models.Model):
    """One uploaded CSV of bank receipts with its per-row results."""

    filename = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class BankReceipt(models.Model):
    """Money for an invoice order seen on the platform's bank account."""

    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    received_on = models.DateField()
    # The bank's transaction id: importing the same statement twice records nothing new.
    bank_reference = models.CharField(max_length=200, unique=True)
    receipt_import = models.ForeignKey(ReceiptImport, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="bank_receipt_amount_positive")]
