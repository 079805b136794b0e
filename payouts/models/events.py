from django.conf import settings
from django.db import models


class StripeEvent(models.Model):
    """Every webhook event, stored raw once (unique event id) before it is processed.

    Processing is idempotent; an event whose prerequisite has not arrived yet (a refund for a
    payment we have not seen) waits as ``deferred`` and is retried when its object changes.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        DEFERRED = "deferred", "Deferred"
        IGNORED = "ignored", "Ignored"
        FAILED = "failed", "Failed"

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    created = models.BigIntegerField(help_text="Stripe's creation time (Unix seconds)")
    payload = models.JSONField()
    # The PaymentIntent the event concerns, so deferred events are found when it is paid.
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class PaymentAnomaly(models.Model):
    """A payment event we cannot apply as it stands, kept for operators instead of being retried:
    Stripe reports a payment whose currency or amount is not the order's, or a payment for an
    order whose reservation expired before the payment landed (cancelled, stock released). The event is marked
    processed (retrying cannot change Stripe's figures); the order stays unpaid until an operator
    has looked at it (refund on Stripe, or settle with the buyer)."""

    class Kind(models.TextChoices):
        AMOUNT_MISMATCH = "amount_mismatch", "Amount does not match the order"
        CURRENCY_MISMATCH = "currency_mismatch", "Currency does not match the order"
        PAID_AFTER_CANCELLATION = "paid_after_cancellation", "Paid after the order was cancelled"

    event = models.OneToOneField(StripeEvent, on_delete=models.PROTECT, related_name="anomaly")
    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    expected_amount = models.BigIntegerField()
    expected_currency = models.CharField(max_length=3)
    # As Stripe sent them (the currency may be one we do not accept at all).
    received_amount = models.BigIntegerField()
    received_currency = models.CharField(max_length=10)
    detail = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    # An operator has dealt with it (refunded on Stripe, settled with the buyer) and says how.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_id}"
