"""Buyer-seller conversations (with attachments and read marks) and guarantee claims."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.TextChoices):
    """Who speaks in a conversation: seller staff speak (and read) as one party, the vendor."""

    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")
    OPERATOR = "operator", _("Marketplace")


class Conversation(models.Model):
    """A buyer and one seller, about one seller's part of an order or, before buying, one offer."""

    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conversations")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="conversations")
    vendor_order = models.ForeignKey(
        "marketplace.VendorOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offer = models.ForeignKey("vendors.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=200)
    # An operator who joined to settle a problem reads and writes as the marketplace.
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    operator_joined_at = models.DateTimeField(null=True, blank=True)
    # Response time (scorecard): the first buyer message, and the first seller message after it.
    first_buyer_message_at = models.DateTimeField(null=True, blank=True)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vendor_order__isnull=False) | models.Q(offer__isnull=False),
                name="conversation_has_subject",
            ),
            # One thread per seller part (and one per buyer and offer before buying): a second
            # "contact the seller" continues it instead of scattering the story.
            models.UniqueConstraint(
                fields=["vendor_order"],
                condition=models.Q(vendor_order__isnull=False),
                name="conversation_unique_vendor_order",
            ),
            models.UniqueConstraint(
                fields=["buyer", "offer"],
                condition=models.Q(vendor_order__isnull=True),
                name="conversation_unique_buyer_offer",
            ),
            models.CheckConstraint(
                condition=models.Q(first_answer_at__isnull=True)
                | models.Q(first_buyer_message_at__lte=models.F("first_answer_at")),
                name="conversation_answer_after_question",
            ),
        ]

    @property
    def response_seconds(self) -> int | None:
        if self.first_answer_at is None or self.first_buyer_message_at is None:
            return None
        return int((self.first_answer_at - self.first_buyer_message_at).total_seconds())

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(max_length=10, choices=Party.choices)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the e-mail handler once the notification went out: a redelivered outbox event skips it.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name with the detected type's extension: nothing of the upload's name reaches the disk.
    return f"message_attachments/{instance.message.conversation_id}/{uuid.uuid4().hex}.{instance.EXTENSIONS[instance.content_type]}"


class Attachment(models.Model):
    """A file on a message, checked by its bytes (marketplace.uploads), served only to participants."""

    EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]


class ReadMark(models.Model):
    """How far a party has read a conversation (seller staff share the vendor's mark)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="read_marks")
    party = models.CharField(max_length=10, choices=Party.choices)
    last_read_message_id = models.BigIntegerField(default=0)
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "party"], name="read_mark_unique_party")]


class Claim(models.Model):
    """A guarantee claim on one seller's part of an order (A-to-z style).

    open (the seller must answer by ``respond_by``) -> contested (the seller answered with
    evidence; an operator decides) -> closed with a resolution. An open claim past its deadline
    is refunded by the platform and charged to the seller (buyers.messaging.claims).
    """

    class Reason(models.TextChoices):
        NOT_RECEIVED = "not_received", _("Item not received")
        NOT_AS_DESCRIBED = "not_as_described", _("Item not as described")
        REFUND_TOO_LOW = "refund_too_low", _("Return refunded too little")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the seller")
        CONTESTED = "contested", _("Waiting for the marketplace's decision")
        CLOSED = "closed", _("Closed")

    class Resolution(models.TextChoices):
        SELLER_REFUND = "seller_refund", _("Refunded by the seller")
        DEADLINE_REFUND = "deadline_refund", _("Refunded by the marketplace (no answer from the seller)")
        REFUND_FULL = "refund_full", _("Full refund (marketplace decision)")
        REFUND_PARTIAL = "refund_partial", _("Partial refund (marketplace decision)")
        REPLACEMENT = "replacement", _("Replacement (marketplace decision)")
        REJECTED = "rejected", _("Rejected (marketplace decision)")

    vendor_order = models.OneToOneField("marketplace.VendorOrder", on_delete=models.PROTECT, related_name="+")
    conversation = models.OneToOneField(Conversation, on_delete=models.PROTECT, related_name="claim")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="claims")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()  # what the buyer asks back, minor units
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    respond_by = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_amount = models.BigIntegerField(default=0)
    decision_reason = models.CharField(max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The refund that settled it: one claim, at most one refund (a retried resolver finds it set).
    refund = models.OneToOneField("payouts.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(status="closed", closed_at__isnull=False)
                | (~models.Q(status="closed") & models.Q(resolution="")),
                name="claim_closed_has_time_and_open_has_no_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"C-{self.id}"
