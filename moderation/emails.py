"""Moderation mails to vendors (decisions, flagged listings, enforcement), through the outbox.

The row is written in the transaction of the decision: no mail for a rolled-back decision, none
lost when the process dies after commit. Delivery is at least once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_publish

MODERATION_MAIL = "moderation.mail"

# kind -> (subject, body); bodies may use %(name)s, %(subject)s (what it is about) and %(reason)s.
MESSAGES = {
    "listing_blocked": (
        _("Your listing was suppressed"),
        _(
            "Hello %(name)s,\n\nyour listing %(subject)s breaks our listing rules and is no longer shown:\n\n%(reason)s\n\n"
            "Fix the listing in the seller portal; an operator reviews it."
        ),
    ),
    "approved": (
        _("Your listing was approved"),
        _("Hello %(name)s,\n\nan operator approved %(subject)s.\n\n%(reason)s"),
    ),
    "rejected": (
        _("Your listing was rejected"),
        _("Hello %(name)s,\n\nan operator rejected %(subject)s.\n\nReason: %(reason)s"),
    ),
    "changes_requested": (
        _("Changes requested for your listing"),
        _("Hello %(name)s,\n\nan operator asks you to change %(subject)s:\n\n%(reason)s"),
    ),
    "enforcement": (
        _("Your seller performance"),
        _("Hello %(name)s,\n\n%(subject)s\n\n%(reason)s\n\nSee the numbers in the seller portal."),
    ),
    "enforcement_reversed": (
        _("Your seller account restrictions were lifted"),
        _("Hello %(name)s,\n\nan operator lifted the restrictions on your account (%(subject)s).\n\n%(reason)s"),
    ),
}


def moderation_mail_queue(*, vendor_id: int, kind: str, subject: str, reason: str = "") -> None:
    """Queue a mail to the vendor; call inside the transaction that makes the decision."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown moderation mail {kind!r}")
    outbox_publish(
        topic=MODERATION_MAIL,
        key=f"vendor:{vendor_id}",
        payload={"vendor_id": vendor_id, "kind": kind, "subject": subject, "reason": reason},
    )


def handle_moderation_mail(events: list[OutboxEvent]) -> None:
    from vendors.models import Vendor

    vendors = Vendor.objects.in_bulk([e.payload["vendor_id"] for e in events])
    for event in events:
        vendor = vendors.get(event.payload["vendor_id"])
        if vendor is None:
            continue
        subject, body = MESSAGES[event.payload["kind"]]
        with translation.override(vendor.language or settings.LANGUAGE_CODE):
            text = str(body) % {
                "name": vendor.name,
                "subject": event.payload["subject"],
                "reason": event.payload["reason"],
            }
            send_mail(str(subject), text, None, [vendor.email])
