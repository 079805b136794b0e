"""Links into conversations from pages other apps own (the seller's order page)."""

from django import template

from buyers.messaging.models import Claim, Conversation

register = template.Library()


@register.inclusion_tag("seller/messages/_order_link.html")
def seller_order_conversation(vendor_order, vendor):
    """The conversation (and claim) about this seller part, if the buyer has written."""
    conversation = Conversation.objects.filter(vendor_order_id=vendor_order.id, vendor_id=vendor.id).first()
    claim = Claim.objects.filter(conversation=conversation).first() if conversation else None
    return {"conversation": conversation, "claim": claim, "vendor": vendor}
