"""E-mails to vendors about their application and staff. Sent after commit, never inside a transaction.

Status mails go through the outbox (topic ``vendors.mail``): the row is written with the status
change, so a mail is neither sent for a rolled-back change nor lost when the process dies after
commit. Invitation mails carry a secret token that is never stored in clear, so they are sent
from an on-commit hook instead; a lost invitation mail is repaired by inviting again.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_publish

logger = logging.getLogger(__name__)

VENDOR_MAIL = "vendors.mail"

# kind -> (subject, body). Bodies may use %(name)s (the vendor) and %(reason)s.
MESSAGES = {
    "applied": (
        _("We received your application"),
        _(
            "Hello %(name)s,\n\nthank you for applying. We will review your application and tell you the result by e-mail."
        ),
    ),
    "under_review": (
        _("Your application is being reviewed"),
        _("Hello %(name)s,\n\nan operator has started reviewing your application."),
    ),
    "approved": (
        _("Your application is approved"),
        _(
            "Hello %(name)s,\n\nyour application is approved. Connect your payout account in the seller portal; "
            "your offers go live as soon as payouts are enabled."
        ),
    ),
    "rejected": (
        _("Your application was rejected"),
        _("Hello %(name)s,\n\nwe cannot accept your application.\n\nReason: %(reason)s"),
    ),
    "info_requested": (
        _("We need more information about your application"),
        _(
            "Hello %(name)s,\n\nto continue reviewing your application we need more information:\n\n%(reason)s\n\n"
            "Please answer in the seller portal."
        ),
    ),
    "info_answered": (
        _("Thank you for your answer"),
        _("Hello %(name)s,\n\nwe received your answer; the review of your application continues."),
    ),
    "suspended": (
        _("Your seller account is suspended"),
        _(
            "Hello %(name)s,\n\nyour seller account is suspended and your offers are no longer for sale.\n\nReason: %(reason)s"
        ),
    ),
    "reinstated": (
        _("Your seller account is reinstated"),
        _("Hello %(name)s,\n\nyour seller account is active again; your offers are for sale once more."),
    ),
}


def vendor_mail_queue(*, vendor_id: int, kind: str, reason: str = "") -> None:
    """Queue a status mail to the vendor; call inside the transaction that changes the status."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown vendor mail {kind!r}")
    outbox_publish(
        topic=VENDOR_MAIL, key=f"vendor:{vendor_id}", payload={"vendor_id": vendor_id, "kind": kind, "reason": reason}
    )


def _language(vendor) -> str:
    return vendor.language or settings.LANGUAGE_CODE


def handle_vendor_mail(events: list[OutboxEvent]) -> None:
    """Outbox handler. Delivery is at least once: a crash between sending and marking may resend."""
    from vendors.models import Vendor

    vendors = Vendor.objects.in_bulk([e.payload["vendor_id"] for e in events])
    for event in events:
        vendor = vendors.get(event.payload["vendor_id"])
        if vendor is None:
            continue  # deleted meanwhile: nobody to write to
        subject, body = MESSAGES[event.payload["kind"]]
        with translation.override(_language(vendor)):
            text = str(body) % {"name": vendor.name, "reason": event.payload.get("reason", "")}
            send_mail(str(subject), text, None, [vendor.email])


def invitation_mail_on_commit(*, vendor, email: str, role_label, token: str, expires_at) -> None:
    """Send the invitation (with its one-time token) once the invitation row is committed."""
    language = _language(vendor)
    link = f"{settings.SITE_URL}{reverse('frontend:seller_invitation_accept')}?{urlencode({'token': token})}"

    def send() -> None:
        with translation.override(language):
            subject = _("Invitation to join %(vendor)s") % {"vendor": vendor.name}
            text = _(
                "Hello,\n\nyou are invited to join %(vendor)s on the marketplace as %(role)s.\n\n"
                "Sign in with this e-mail address and accept the invitation here:\n\n%(link)s\n\n"
                "or enter this code:\n\n%(token)s\n\n"
                "The invitation expires on %(expires)s and can be used once."
            ) % {
                "vendor": vendor.name,
                "role": role_label,
                "token": token,
                "link": link,
                "expires": expires_at.strftime("%Y-%m-%d %H:%M UTC"),
            }
            try:
                send_mail(str(subject), str(text), None, [email])
            except Exception:  # the invitation stands; the owner can invite again to resend
                logger.exception("sending the invitation mail for vendor %s failed", vendor.pk)

    transaction.on_commit(send)
