"""Outbox handlers of wishlists: run the alert check after an offer change, mail the alerts."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from buyers.models import BuyerProfile
from buyers.wishlists.models import WishlistAlert
from buyers.wishlists.services import wishlist_alerts_check
from marketplace.models import OutboxEvent
from marketplace.money import Money
from search.selectors.catalog import in_language


def handle_product_changed(events: list[OutboxEvent]) -> None:
    wishlist_alerts_check(product_ids=[event.payload["product_id"] for event in events])


def _language(user_id: int) -> str:
    return (
        BuyerProfile.objects.filter(user_id=user_id).values_list("language", flat=True).first()
        or settings.LANGUAGE_CODE
    )


def _message(alert: WishlistAlert) -> tuple[str, str]:
    product = alert.item.product
    title = in_language(get_language(), german=product.title, english=product.title_en)
    link = f"{settings.SITE_URL}{reverse('frontend:product', args=[product.id])}"
    price = Money(alert.price_amount, alert.currency) if alert.price_amount is not None else None
    if alert.kind == WishlistAlert.Kind.PRICE_DROP:
        subject = _("Price drop: %(title)s") % {"title": title}
        body = _("Good news: %(title)s on your wishlist now costs %(price)s (before: %(before)s).\n\n%(link)s\n") % {
            "title": title,
            "price": price,
            "before": Money(alert.previous_price_amount, alert.currency),
            "link": link,
        }
    else:
        subject = _("Back in stock: %(title)s") % {"title": title}
        body = _("%(title)s on your wishlist is available again, from %(price)s.\n\n%(link)s\n") % {
            "title": title,
            "price": price,
            "link": link,
        }
    body += "\n" + _("You get this e-mail because the product is on your wishlist: %(link)s") % {
        "link": f"{settings.SITE_URL}{reverse('frontend:wishlist')}"
    }
    return subject, body


def handle_alert_mail(events: list[OutboxEvent]) -> None:
    alerts = WishlistAlert.objects.filter(
        id__in=[e.payload["alert_id"] for e in events], sent_at__isnull=True
    ).select_related("item__product", "item__user")
    for alert in alerts:
        # Claim before sending: a redelivered row (lease ran out mid-batch) finds it taken.
        if not WishlistAlert.objects.filter(id=alert.id, sent_at__isnull=True).update(sent_at=timezone.now()):
            continue
        user = alert.item.user
        if not user.email or not user.is_active:
            continue
        try:
            with override(_language(user.id)):
                subject, body = _message(alert)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            WishlistAlert.objects.filter(id=alert.id).update(sent_at=None)  # the outbox retries the row
            raise
