"""Seller notifications: the inbox of seller central and the e-mail preferences per kind.

``seller_notify`` is called by the service that makes the event, inside its transaction (a new
order reaching the seller, a buyer's message, a claim, a return request, a moderation decision,
an enforcement step, a payout). It writes one row per event (``key``; a retry finds it) and, for
the kinds no other mail covers (new order, return, payout) and when the vendor wants mail for
the kind, queues a short e-mail through the outbox. Messages and claims have their own mails
(buyers.messaging), which ask ``seller_mail_wanted``; moderation decisions and enforcement steps
are statements the law requires to be delivered, so their mails cannot be switched off.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.audit import audit_record
from marketplace.errors import DomainError
from marketplace.money import Money
from marketplace.outbox import outbox_publish
from vendors.models import SellerNotification, SellerNotificationRead, SellerNotificationSetting, Vendor

logger = logging.getLogger(__name__)

Kind = SellerNotification.Kind
NOTIFICATION_MAIL = "vendors.notification_mail"
# Kinds whose mail is this module's; MESSAGE and CLAIM are mailed by buyers.messaging (asking
# seller_mail_wanted); MODERATION and ENFORCEMENT always (statements of reasons, DSA Art. 17).
MAILED_HERE = (Kind.NEW_ORDER, Kind.RETURN, Kind.PAYOUT)
ALWAYS_MAILED = (Kind.MODERATION, Kind.ENFORCEMENT, Kind.LEGAL)

MAIL_TEXT = {
    Kind.NEW_ORDER: (
        gettext_lazy("New order %(number)s"),
        gettext_lazy("Hello %(name)s,\n\nyou have a new order: %(number)s. Please ship it by %(ship_by)s.\n\n%(link)s"),
    ),
    Kind.RETURN: (
        gettext_lazy("Return request for order %(number)s"),
        gettext_lazy("Hello %(name)s,\n\na buyer wants to return items of order %(number)s.\n\n%(link)s"),
    ),
    Kind.PAYOUT: (
        gettext_lazy("Payout of %(amount)s"),
        gettext_lazy("Hello %(name)s,\n\nwe transferred %(amount)s to your payout account.\n\n%(link)s"),
    ),
}


def seller_notify(*, vendor_id: int, kind: str, key: str, params: dict | None = None, url: str = "") -> None:
    """Record that ``kind`` happened for the vendor (once per ``key``); call inside the event's
    transaction. ``params``: plain JSON facts for the wording; ``url``: the page it is about."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    try:
        with transaction.atomic():
            notification = SellerNotification.objects.create(
                vendor_id=vendor_id, kind=kind, key=key[:100], params=params or {}, url=url[:500]
            )
    except IntegrityError:
        return  # already recorded (a retried event)
    if kind in MAILED_HERE and seller_mail_wanted(vendor_id=vendor_id, kind=kind):
        outbox_publish(
            topic=NOTIFICATION_MAIL,
            key=f"notification:{notification.id}",
            payload={"notification_id": notification.id},
        )


def seller_mail_wanted(*, vendor_id: int, kind: str) -> bool:
    """Does the vendor want e-mail for this kind (yes unless switched off; always for the kinds
    the law wants delivered)?"""
    if kind in ALWAYS_MAILED:
        return True
    return not SellerNotificationSetting.objects.filter(vendor_id=vendor_id, kind=kind, mail=False).exists()


def _portal(name: str, vendor_id: int, *args) -> str:
    return f"{reverse(name, args=args)}?vendor={vendor_id}"


def notify_order_reached_sellers(*, order) -> None:
    """Each seller of ``order`` has a new order (an invoice order at checkout, a card order once
    paid); with its ship-by date."""
    from moderation.shipping import vendor_order_ship_by

    for part in order.vendor_orders.all():
        seller_notify(
            vendor_id=part.vendor_id,
            kind=Kind.NEW_ORDER,
            key=f"vendor_order:{part.id}",
            params={"number": order.number, "ship_by": vendor_order_ship_by(part).isoformat()},
            url=_portal("frontend:seller_order", part.vendor_id, part.id),
        )


def handle_order_reached_sellers(events) -> None:
    """Outbox handler of ``orders.reached_sellers``: the sellers' notifications (once per part, by
    key) and the ``order.created`` webhooks (one id per part, so a repeated delivery is the same
    message to the receiver)."""
    from marketplace.models import Order
    from marketplace.webhook_events import order_created_publish

    orders = Order.objects.filter(id__in={event.payload["order_id"] for event in events})
    for order in orders.prefetch_related("vendor_orders"):
        with transaction.atomic():
            notify_order_reached_sellers(order=order)
            order_created_publish(order)


# --- reading ------------------------------------------------------------------------------------


def notification_list(*, vendor: Vendor, kinds, user) -> QuerySet[SellerNotification]:
    """The vendor's notifications of ``kinds``, each with ``read_at``: when ``user`` read it (or None)."""
    read = SellerNotificationRead.objects.filter(notification=OuterRef("pk"), user=user).values("read_at")[:1]
    return (
        SellerNotification.objects.filter(vendor=vendor, kind__in=list(kinds))
        .annotate(read_at=Subquery(read))
        .order_by("-created_at", "-id")
    )


def _unread(*, vendor: Vendor, kinds, user) -> QuerySet[SellerNotification]:
    read = SellerNotificationRead.objects.filter(notification=OuterRef("pk"), user=user)
    return SellerNotification.objects.filter(vendor=vendor, kind__in=list(kinds)).exclude(Exists(read))


def notification_unread_counts(*, vendor: Vendor, kinds, user) -> dict[str, int]:
    """Notifications ``user`` has not read, per kind (only ``kinds``), in one query."""
    rows = _unread(vendor=vendor, kinds=kinds, user=user).values("kind").annotate(n=Count("id")).order_by()
    return {row["kind"]: row["n"] for row in rows}


def notification_settings(*, vendor: Vendor) -> dict[str, bool]:
    """Kind -> mail wanted, for every kind."""
    off = set(SellerNotificationSetting.objects.filter(vendor=vendor, mail=False).values_list("kind", flat=True)) - set(
        ALWAYS_MAILED
    )
    return {kind: kind not in off for kind in Kind.values}


# --- writing --------------------------------------------------------------------------------------


def notifications_mark_read(*, vendor: Vendor, kinds, user, ids=None) -> int:
    """Mark the vendor's notifications read for ``user`` only (``ids``: only those; they must be
    among ``kinds``, which the reader's role may see; others are left alone); the other members'
    read state stays. Returns how many changed."""
    queryset = _unread(vendor=vendor, kinds=kinds, user=user)
    if ids is not None:
        queryset = queryset.filter(id__in=list(ids))
    created = SellerNotificationRead.objects.bulk_create(
        [SellerNotificationRead(notification_id=pk, user=user) for pk in queryset.values_list("id", flat=True)],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def notification_settings_set(*, vendor: Vendor, actor, mail: dict[str, bool]) -> dict[str, bool]:
    """Switch e-mail per kind on or off (kinds that are always mailed stay on)."""
    for kind, wanted in mail.items():
        if kind not in Kind.values:
            raise DomainError(_("Unknown kind of notification %(kind)r.") % {"kind": kind}, field="mail")
        if kind in ALWAYS_MAILED:
            continue
        SellerNotificationSetting.objects.update_or_create(vendor=vendor, kind=kind, defaults={"mail": bool(wanted)})
    audit_record(actor=actor, action="vendor.notification_settings", obj=vendor, data={"mail": mail})
    return notification_settings(vendor=vendor)


# --- the mail -------------------------------------------------------------------------------------


def _send(notification: SellerNotification) -> None:
    vendor = notification.vendor
    if not vendor.email or notification.kind not in MAIL_TEXT:
        return
    if not seller_mail_wanted(vendor_id=vendor.id, kind=notification.kind):
        return  # switched off after it was queued
    subject, body = MAIL_TEXT[notification.kind]
    with translation.override(vendor.language or settings.LANGUAGE_CODE):
        facts = {"name": vendor.name, "link": f"{settings.SITE_URL}{notification.url}", **notification.params}
        facts.setdefault("number", "")
        facts.setdefault("ship_by", "")
        if "currency" in facts:
            facts["amount"] = str(Money(facts["amount"], facts["currency"]))
        facts.setdefault("amount", "")
        send_mail(str(subject) % facts, str(body) % facts, None, [vendor.email])


def handle_notification_mail(events) -> None:
    for event in events:
        notification = (
            SellerNotification.objects.select_related("vendor").filter(id=event.payload["notification_id"]).first()
        )
        if notification is not None:
            _send(notification)
