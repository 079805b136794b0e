"""Notification e-mails, sent by outbox handlers after commit.

One mail per message and recipient: the handler claims a message (``notified_at`` set in the
same transaction as the sending) before it sends, so a redelivered outbox event, or a retried
batch after a later message failed, finds it claimed and sends nothing again. Each mail's
Message-ID is derived from the message, so even a mail a crash made us send twice is one mail to
the receiving servers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from vendors.notifications import seller_mail_wanted

MESSAGE_CREATED = "messaging.message_created"
CLAIM_CHANGED = "messaging.claim_changed"


def _buyer_language(user) -> str:
    from buyers.models import BuyerProfile

    return BuyerProfile.objects.filter(user=user).values_list("language", flat=True).first() or settings.LANGUAGE_CODE


def _domain() -> str:
    return settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "marketplace.local"


def _recipients(message) -> list[tuple[str, str, str]]:
    """(address, language, link) of everyone to tell about ``message``: the other parties."""
    from buyers.messaging.models import Party

    conversation = message.conversation
    vendor = conversation.vendor
    found = []
    if message.party != Party.BUYER and conversation.buyer.email:
        found.append(
            (
                conversation.buyer.email,
                _buyer_language(conversation.buyer),
                reverse("frontend:conversation", args=[conversation.id]),
            )
        )
    if message.party != Party.SELLER and vendor.email and seller_mail_wanted(vendor_id=vendor.id, kind="message"):
        found.append(
            (
                vendor.email,
                vendor.language or settings.LANGUAGE_CODE,
                f"{reverse('frontend:seller_conversation', args=[conversation.id])}?vendor={vendor.id}",
            )
        )
    if message.party != Party.OPERATOR and conversation.operator_id and conversation.operator.email:
        found.append(
            (
                conversation.operator.email,
                settings.LANGUAGE_CODE,
                reverse("frontend:console_conversation", args=[conversation.id]),
            )
        )
    return found


def _send_one(message_id: int) -> None:
    from buyers.messaging.models import Message

    with transaction.atomic():
        # Claimed under a row lock; if sending fails the claim rolls back and the outbox retries.
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("conversation__vendor", "conversation__buyer", "conversation__operator")
            .filter(id=message_id, notified_at__isnull=True)
            .first()
        )
        if message is None:
            return
        Message.objects.filter(id=message.id).update(notified_at=timezone.now())
        for index, (address, language, link) in enumerate(_recipients(message)):
            with override(language):
                subject = _("New message: %(subject)s") % {"subject": message.conversation.subject}
                body = _("%(author)s wrote:\n\n%(body)s\n\nAnswer here: %(link)s\n") % {
                    "author": message.conversation.vendor.name
                    if message.party == "seller"
                    else message.get_party_display(),
                    "body": message.body,
                    "link": f"{settings.SITE_URL}{link}",
                }
            mail = EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
                headers={"Message-ID": f"<message-{message.id}-{index}@{_domain()}>"},
            )
            mail.send()


def message_notification_send(events) -> None:
    for event in events:
        _send_one(event.payload["message_id"])


def claim_notification_send(events) -> None:
    """A claim opened or decided: the buyer and the seller hear of it (at-least-once; the
    Message-ID names claim and state, so a repeat is recognisable as the same mail)."""
    from buyers.messaging.models import Claim

    for event in events:
        claim = Claim.objects.select_related("vendor", "buyer").filter(id=event.payload["claim_id"]).first()
        if claim is None:
            continue
        state = event.payload.get("state", claim.status)
        targets = [
            (
                claim.buyer.email,
                _buyer_language(claim.buyer),
                reverse("frontend:conversation", args=[claim.conversation_id]),
            ),
            (
                claim.vendor.email,
                claim.vendor.language or settings.LANGUAGE_CODE,
                f"{reverse('frontend:seller_conversation', args=[claim.conversation_id])}?vendor={claim.vendor_id}",
            ),
        ]
        for index, (address, language, link) in enumerate(targets):
            if not address or (index == 1 and not seller_mail_wanted(vendor_id=claim.vendor_id, kind="claim")):
                continue
            with override(language):
                subject = _("Guarantee claim C-%(id)s: %(status)s") % {
                    "id": claim.id,
                    "status": claim.get_status_display(),
                }
                text = _("Claim C-%(id)s (%(reason)s) is now: %(status)s %(resolution)s\n\nDetails: %(link)s\n") % {
                    "id": claim.id,
                    "reason": claim.get_reason_display(),
                    "status": claim.get_status_display(),
                    "resolution": claim.get_resolution_display() if claim.resolution else "",
                    "link": f"{settings.SITE_URL}{link}",
                }
            EmailMessage(
                subject,
                text,
                settings.DEFAULT_FROM_EMAIL,
                [address],
                headers={"Message-ID": f"<claim-{claim.id}-{state}-{index}@{_domain()}>"},
            ).send()
