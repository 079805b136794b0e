from django.conf import settings
from django.db import models


class PayoutRun(models.Model):
    """One pass over all vendors; its payouts are created first, transfers sent after commit."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        OPERATOR = "operator", "Operator"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    currency = models.CharField(max_length=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    vendors_considered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]


class Payout(models.Model):
    """Money owed to one vendor, sent as one Stripe Transfer with a key derived from this row."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(PayoutRun, null=True, blank=True, on_delete=models.PROTECT, related_name="payouts")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    destination = models.CharField(max_length=255)
    stripe_transfer_id = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive")]
        indexes = [models.Index(fields=["run", "status"], name="payout_run_status_idx")]

    @property
    def idempotency_key(self) -> str:
        # Derived from the row, which is committed before any transfer is attempted.
        return f"payout-{self.pk}"


class PayoutHold(models.Model):
    """An operator stopped this vendor's payouts (e.g. while checking a complaint)."""

    vendor = models.OneToOneField("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class TransferReversal(models.Model):
    """Money taken back from a paid transfer after a refund or lost dispute."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="reversals")
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=100)  # "refund:<id>" / "dispute:<id>"
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    stripe_reversal_id = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="reversal_amount_positive")]
