"""Writes for conversations: start one, send a message (with an optional checked attachment),
mark read, let an operator join. Each message is one outbox event; the e-mail handler sends the
notification once (buyers/messaging/emails.py)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.messaging.conf import setting
from buyers.messaging.emails import MESSAGE_CREATED
from buyers.messaging.models import Attachment, Conversation, Message, Party, ReadMark
from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound
from marketplace.models import Order, VendorOrder
from marketplace.outbox import outbox_publish
from marketplace.uploads import document_content_type, document_upload_check
from marketplace.webhook_events import MESSAGE_RECEIVED, webhook_event_publish
from vendors.notifications import seller_notify

MAX_BODY = 5000


def message_check(*, body: str, upload=None) -> str | None:
    """May this message be sent? Raises a field error; returns the attachment's MIME type."""
    if not body.strip():
        raise DomainError(_("Write a message."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("A message has at most %(max)s characters.") % {"max": MAX_BODY}, field="body")
    if upload is None:
        return None
    kind = document_upload_check(upload, max_bytes=setting("MESSAGING_ATTACHMENT_MAX_BYTES"), field="attachment")
    return document_content_type(kind)


def _conversation_for_order(*, buyer, number: str, vendor_order_id: int) -> Conversation:
    order = Order.objects.filter(buyer_id=buyer.pk, number=number).first()
    vendor_order = (
        VendorOrder.objects.select_related("vendor").filter(order=order, id=vendor_order_id).first() if order else None
    )
    if vendor_order is None:
        raise NotFound(_("No such order."), field="vendor_order")
    conversation, _created = Conversation.objects.get_or_create(
        vendor_order=vendor_order,
        defaults={
            "buyer_id": buyer.pk,
            "vendor": vendor_order.vendor,
            "subject": _("Order %(number)s") % {"number": order.number},
        },
    )
    return conversation


def _conversation_for_offer(*, buyer, offer_id: int) -> Conversation:
    from vendors.selectors import live_offer_get

    offer = live_offer_get(offer_id=offer_id)
    conversation, _created = Conversation.objects.get_or_create(
        buyer_id=buyer.pk,
        offer=offer,
        vendor_order=None,
        defaults={"vendor": offer.vendor, "subject": offer.product.title or offer.product.title_en},
    )
    return conversation


def conversation_start(
    *,
    buyer,
    body: str,
    upload=None,
    number: str | None = None,
    vendor_order_id: int | None = None,
    offer_id: int | None = None,
) -> Message:
    """The buyer writes to the seller of one part of an order (``number`` + ``vendor_order_id``)
    or of one offer before buying. An existing thread about the same thing is continued."""
    if (vendor_order_id is None) == (offer_id is None):
        raise DomainError(_("Name either the order part or the offer you are writing about."), field="vendor_order")
    content_type = message_check(body=body, upload=upload)
    with transaction.atomic():
        if vendor_order_id is not None:
            conversation = _conversation_for_order(buyer=buyer, number=number or "", vendor_order_id=vendor_order_id)
        else:
            conversation = _conversation_for_offer(buyer=buyer, offer_id=offer_id)
        return _message_add(
            conversation_id=conversation.id,
            author=buyer,
            party=Party.BUYER,
            body=body,
            upload=upload,
            content_type=content_type,
        )


def message_send(*, conversation: Conversation, author, party: str, body: str, upload=None) -> Message:
    """A message into a conversation the caller's lookup already found (buyer, seller or operator).
    An operator writes only after joining: the parties should know who reads along."""
    content_type = message_check(body=body, upload=upload)
    if party == Party.OPERATOR and conversation.operator_id is None:
        raise DomainError(_("Join the conversation before writing in it."), field="conversation", code="not_joined")
    with transaction.atomic():
        return _message_add(
            conversation_id=conversation.id,
            author=author,
            party=party,
            body=body,
            upload=upload,
            content_type=content_type,
        )


def _message_add(*, conversation_id: int, author, party: str, body: str, upload, content_type: str | None) -> Message:
    # The conversation row is locked: the first-answer time must see every earlier message.
    conversation = Conversation.objects.select_for_update().get(id=conversation_id)
    message = Message.objects.create(conversation=conversation, author=author, party=party, body=body.strip())
    if upload is not None:
        attachment = Attachment(
            message=message,
            content_type=content_type,
            size=upload.size,
            original_name=(getattr(upload, "name", "") or "")[:200],
        )
        # Written with the row; a later failure in this transaction leaves an orphan file, never a row without one.
        attachment.file.save("upload", upload, save=False)
        attachment.save()
    now = message.created_at
    fields = ["last_message_at"]
    conversation.last_message_at = now
    if party == Party.BUYER and conversation.first_buyer_message_at is None:
        conversation.first_buyer_message_at = now
        fields.append("first_buyer_message_at")
    elif (
        party == Party.SELLER
        and conversation.first_buyer_message_at is not None
        and conversation.first_answer_at is None
    ):
        conversation.first_answer_at = now
        fields.append("first_answer_at")
    conversation.save(update_fields=fields)
    _read_upto(conversation=conversation, party=party, message_id=message.id)  # one's own message is read
    outbox_publish(topic=MESSAGE_CREATED, key=f"message:{message.id}", payload={"message_id": message.id})
    if party != Party.SELLER:
        seller_notify(
            vendor_id=conversation.vendor_id,
            kind="message",
            key=f"message:{message.id}",
            params={"subject": conversation.subject[:200]},
            url=f"{reverse('frontend:seller_conversation', args=[conversation.id])}?vendor={conversation.vendor_id}",
        )
    if party == Party.BUYER:  # the seller's systems hear of buyers' messages
        webhook_event_publish(
            event_type=MESSAGE_RECEIVED,
            vendor_id=conversation.vendor_id,
            data={"conversation_id": conversation.id, "message_id": message.id},
        )
    return message


def _read_upto(*, conversation: Conversation, party: str, message_id: int) -> None:
    mark, created = ReadMark.objects.get_or_create(
        conversation=conversation, party=party, defaults={"last_read_message_id": message_id, "read_at": timezone.now()}
    )
    if not created and mark.last_read_message_id < message_id:
        ReadMark.objects.filter(id=mark.id, last_read_message_id__lt=message_id).update(
            last_read_message_id=message_id, read_at=timezone.now()
        )


def conversation_mark_read(*, conversation: Conversation, party: str) -> int:
    """Everything in the conversation so far is read by ``party``; returns the last message id."""
    last = conversation.messages.order_by("-id").values_list("id", flat=True).first() or 0
    if last:
        with transaction.atomic():
            _read_upto(conversation=conversation, party=party, message_id=last)
    return last


@transaction.atomic
def conversation_join(*, operator, conversation: Conversation) -> Conversation:
    """An operator joins to settle a problem; from now on the marketplace reads and writes too."""
    conversation = Conversation.objects.select_for_update().get(id=conversation.id)
    if conversation.operator_id is None:
        conversation.operator, conversation.operator_joined_at = operator, timezone.now()
        conversation.save(update_fields=["operator", "operator_joined_at"])
        audit_record(actor=operator, action="conversation.joined", obj=conversation)
    return conversation
