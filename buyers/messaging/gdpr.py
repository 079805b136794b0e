"""The person's conversations in the data export. Erasure blanks what they wrote and deletes
their attachments; the conversations stay, because claims and refunds (kept for tax law) refer
to them, and the seller's side of the correspondence is the seller's business record."""

from buyers.messaging.models import Attachment, Conversation, Message

ERASED = "[deleted at the author's request]"


def messages_export(user) -> list:
    conversations = Conversation.objects.filter(buyer=user).order_by("id").prefetch_related("messages__attachments")
    return [
        {
            "subject": c.subject,
            "vendor_id": c.vendor_id,
            "vendor_order_id": c.vendor_order_id,
            "offer_id": c.offer_id,
            "messages": [
                {
                    "party": m.party,
                    "body": m.body,
                    "created_at": m.created_at.isoformat(),
                    "attachments": [a.original_name for a in m.attachments.all()],
                }
                for m in c.messages.all()
            ],
        }
        for c in conversations
    ]


def messages_erase(user) -> None:
    for attachment in Attachment.objects.filter(message__author=user):
        attachment.file.delete(save=False)
        attachment.delete()
    Message.objects.filter(author=user).update(body=ERASED)
