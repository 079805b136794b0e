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
