"""E-mails to buyers, sent by outbox handlers (after commit, retried until they go out)."""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from buyers.models import BuyerProfile
from buyers.order_documents import order_confirmation_pdf
from marketplace.carriers import CARRIERS
from marketplace.models import Order, OutboxEvent, Shipment


def _language(user) -> str:
    return BuyerProfile.objects.filter(user=user).values_list("language", flat=True).first() or settings.LANGUAGE_CODE


def _order_link(order: Order) -> str:
    """The account's order page; a guest has no login, so its link carries a signed token."""
    if BuyerProfile.objects.filter(user_id=order.buyer_id, is_guest=True).exists():
        from buyers.guests import guest_order_token

        return f"{settings.SITE_URL}{reverse('frontend:guest_order', args=[guest_order_token(order=order)])}"
    return f"{settings.SITE_URL}{reverse('frontend:order', args=[order.number])}"


def _payment_text(order: Order) -> str:
    """Invoice orders: how to pay (one transfer to the platform, the order number as reference)."""
    from django.utils.formats import date_format

    from payouts.selectors.receivables import invoice_payment_instructions

    pay = invoice_payment_instructions(order=order)
    if pay is None:
        return ""
    text = _(
        "\nPlease transfer %(amount)s for the whole order by %(due)s to:\n"
        "Account holder: %(holder)s\nIBAN: %(iban)s\nBIC: %(bic)s (%(bank)s)\n"
        "Reference: %(reference)s\n"
    ) % {
        "amount": pay.amount,
        "due": date_format(pay.due_date, "DATE_FORMAT") if pay.due_date else "-",
        "holder": pay.holder,
        "iban": pay.iban_display,
        "bic": pay.bic,
        "bank": pay.bank,
        "reference": pay.reference,
    }
    if pay.discount_until is not None:
        text += _("Paid by %(date)s, %(amount)s is enough (early-payment discount %(rate)s %%).\n") % {
            "date": date_format(pay.discount_until, "DATE_FORMAT"),
            "amount": pay.discounted_amount,
            "rate": f"{pay.discount_bps / 100:g}",
        }
    return text


def order_confirmation_send(events: list[OutboxEvent]) -> None:
    for order in Order.objects.filter(id__in=[e.payload["order_id"] for e in events]).prefetch_related(
        "vendor_orders__lines", "vendor_orders__vendor"
    ):
        with override(_language(order.buyer)):
            lines = "\n".join(
                f"- {line.quantity} x {line.display_title} ({vo.vendor.name})"
                for vo in order.vendor_orders.all()
                for line in vo.lines.all()
            )
            body = _(
                "Thank you for your order %(number)s.\n\n%(lines)s\n\nTotal: %(total)s\n\nYour order: %(link)s\n"
            ) % {"number": order.number, "lines": lines, "total": order.total, "link": _order_link(order)}
            body += _payment_text(order)
            message = EmailMessage(
                _("Your order %(number)s") % {"number": order.number}, body, settings.DEFAULT_FROM_EMAIL, [order.email]
            )
            # The contract terms on a durable medium (buyers.order_documents).
            message.attach(f"order-{order.number}.pdf", order_confirmation_pdf(order=order), "application/pdf")
            message.send()


def shipment_notification_send(events: list[OutboxEvent]) -> None:
    shipments = Shipment.objects.filter(id__in=[e.payload["shipment_id"] for e in events]).select_related(
        "vendor_order__order__buyer", "vendor_order__vendor"
    )
    for shipment in shipments:
        order = shipment.vendor_order.order
        with override(_language(order.buyer)):
            body = _(
                "%(vendor)s has shipped (part of) your order %(number)s with %(carrier)s.\n\nTrack it: %(url)s\n"
            ) % {
                "vendor": shipment.vendor_order.vendor.name,
                "number": order.number,
                "carrier": CARRIERS[shipment.carrier].name,
                "url": shipment.tracking_url,
            }
            send_mail(
                _("Your order %(number)s is on its way") % {"number": order.number},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [order.email],
            )


def guest_order_link_send(events: list[OutboxEvent]) -> None:
    """A new link to a guest's order page, asked for after the old one expired."""
    for order in Order.objects.filter(id__in=[e.payload["order_id"] for e in events]).select_related("buyer"):
        with override(_language(order.buyer)):
            send_mail(
                _("A new link to your order %(number)s") % {"number": order.number},
                _("Here is a new link to your order %(number)s (valid for %(days)s days):\n\n%(link)s\n")
                % {"number": order.number, "days": settings.MARKETPLACE_GUEST_LINK_DAYS, "link": _order_link(order)},
                settings.DEFAULT_FROM_EMAIL,
                [order.email],
            )
