"""Explicit input and output shapes for the messaging and claims API."""

from django.urls import reverse
from rest_framework import serializers

from buyers.messaging.models import Claim


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("attachment-download", args=[obj.id])


class MessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.CharField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentOut(many=True)


class ConversationOut(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField(source="vendor.name")
    vendor_order_id = serializers.IntegerField(allow_null=True)
    offer_id = serializers.IntegerField(allow_null=True)
    operator_joined = serializers.SerializerMethodField()
    unread = serializers.IntegerField()
    last_message_at = serializers.DateTimeField(allow_null=True)

    def get_operator_joined(self, obj) -> bool:
        return obj.operator_id is not None


class ConversationDetailOut(ConversationOut):
    messages = serializers.SerializerMethodField()
    read_upto = serializers.SerializerMethodField(
        help_text="Per party (buyer, seller, operator): id of the last message read"
    )

    def get_messages(self, obj) -> list[dict]:
        return MessageOut(self.context["messages"], many=True).data

    def get_read_upto(self, obj) -> dict[str, int]:
        return self.context["read_marks"]


class StartIn(serializers.Serializer):
    vendor_order_id = serializers.IntegerField(
        min_value=1, required=False, help_text="With order_number: a part of your order"
    )
    order_number = serializers.CharField(max_length=32, required=False)
    offer_id = serializers.IntegerField(min_value=1, required=False, help_text="Before buying: the offer you ask about")
    body = serializers.CharField(max_length=5000)
    attachment = serializers.FileField(required=False, help_text="PDF, PNG or JPEG, checked by content")


class MessageIn(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    attachment = serializers.FileField(required=False, help_text="PDF, PNG or JPEG, checked by content")


class ReadOut(serializers.Serializer):
    last_read_message_id = serializers.IntegerField()


class ClaimOut(serializers.Serializer):
    id = serializers.IntegerField()
    vendor_order_id = serializers.IntegerField()
    order_number = serializers.CharField(source="vendor_order.order.number")
    conversation_id = serializers.IntegerField()
    vendor_id = serializers.IntegerField()
    reason = serializers.CharField()
    amount = serializers.SerializerMethodField()
    status = serializers.CharField()
    respond_by = serializers.DateTimeField()
    resolution = serializers.CharField()
    resolved_amount = serializers.SerializerMethodField()
    decision_reason = serializers.CharField()
    refund_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_amount(self, obj) -> dict:
        return {"amount": obj.amount, "currency": obj.currency}

    def get_resolved_amount(self, obj) -> dict:
        return {"amount": obj.resolved_amount, "currency": obj.currency}


class ClaimOpenIn(serializers.Serializer):
    vendor_order_id = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=Claim.Reason.choices)
    amount = serializers.IntegerField(
        min_value=1, required=False, help_text="Minor units; default: everything not yet refunded"
    )
    body = serializers.CharField(max_length=5000, help_text="What happened; goes to the seller")
    attachment = serializers.FileField(required=False)


class ClaimRespondIn(MessageIn):
    pass


class EscalateIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Claim.Reason.choices)
    amount = serializers.IntegerField(min_value=1, required=False)


class DecideIn(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[(d, d) for d in ("refund_full", "refund_partial", "replacement", "rejected")]
    )
    reason = serializers.CharField(max_length=1000)
    amount = serializers.IntegerField(min_value=1, required=False, help_text="Minor units, for refund_partial")
