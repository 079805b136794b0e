from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A vendor's key for its own systems (ERP, multichannel tools) on the seller API.

    The secret is shown once; only its SHA-256 digest is stored. ``prefix`` identifies the key
    (it is the visible part of ``mk_<prefix>_<secret>``). After a rotation the previous secret
    keeps working until ``previous_valid_until`` so a client can switch without downtime.
    ``scopes`` holds entries such as ``"offers:write"`` (integrations.scopes).
    """

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    previous_secret_hash = models.CharField(max_length=64, blank=True)
    previous_valid_until = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    # Recognised by vendors.api.acting_vendor without importing this app.
    is_api_key = True

    class Meta:
        ordering = ["vendor_id", "-created_at", "-id"]
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.name} (mk_{self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class WebhookSubscription(models.Model):
    """A URL that receives events, signed per Standard Webhooks with ``secret`` (``whsec_...``).

    ``vendor`` set: a seller's subscription, for that seller's events. ``vendor`` empty: an
    operator's, for every seller's events. After ``WEBHOOKS_DISABLE_AFTER_FAILURES`` failed
    attempts in a row the subscription is disabled (``disabled_at``) until someone enables it.
    """

    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="webhook_subscriptions", null=True, blank=True
    )
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class WebhookDelivery(models.Model):
    """One event for one subscription: the delivery log. Attempts are its ``attempts`` rows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(max_length=40)  # the webhook-id header; the same for a retry or replay
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="webhook_delivery_unique_event")
        ]


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    replay = models.BooleanField(default=False)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attempted_at", "id"]


class TrackingEvent(models.Model):
    """One carrier scan of a shipment, as the carrier pushed it (integrations/carriers.py).

    A repeated push of the same scan is stored once (unique per shipment, status and time).
    """

    class Code(models.TextChoices):
        PRE_TRANSIT = "pre_transit", _("Announced to the carrier")
        IN_TRANSIT = "in_transit", _("On its way")
        OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Delivery failed")
        UNKNOWN = "unknown", _("Other news from the carrier")

    shipment = models.ForeignKey("marketplace.Shipment", on_delete=models.CASCADE, related_name="tracking_events")
    code = models.CharField(max_length=20, choices=Code.choices)
    carrier_status = models.CharField(max_length=100)  # the carrier's own code, as sent
    description = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "carrier_status", "occurred_at"], name="tracking_event_unique_scan"
            )
        ]
