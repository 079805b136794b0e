"""The order confirmation on a durable medium (§ 312f(2) BGB, Art. 8(7) CRD): a PDF attached to
the confirmation e-mail with the order, each seller's identity, prices with VAT and shipping, the
payment terms, and the withdrawal instructions with the model form. No queries beyond the order."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from buyers.withdrawal import TERMS_VERSION, statutory_right
from buyers.withdrawal_texts import INSTRUCTIONS, MODEL_FORM
from marketplace.models import Order
from marketplace.money import Money


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def order_confirmation_pdf(*, order: Order) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=f"{_('Order confirmation')} {order.number}", pageCompression=0)
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Title"], styles["Heading2"], styles["Normal"]
    c = order.currency
    story = [
        Paragraph(_esc(_("Order confirmation %(number)s") % {"number": order.number}), h1),
        Paragraph(
            _esc(
                _("Ordered on %(date)s. Terms version %(version)s.")
                % {"date": timezone.localtime(order.created_at).date().isoformat(), "version": TERMS_VERSION}
            ),
            body,
        ),
        Spacer(1, 8),
    ]
    any_right = False
    for vo in order.vendor_orders.all():
        vendor = vo.vendor
        any_right = any_right or statutory_right(vendor_order=vo)
        story.append(Paragraph(_esc(_("Seller: %(name)s") % {"name": vendor.legal_name or vendor.name}), h2))
        story.append(
            Paragraph(
                _esc(
                    ", ".join(
                        x
                        for x in (
                            vendor.street,
                            f"{vendor.postal_code} {vendor.city}".strip(),
                            vendor.country,
                            vendor.email,
                            vendor.contact_phone,
                        )
                        if x
                    )
                ),
                body,
            )
        )
        if getattr(vendor, "is_consumer_seller", False):
            story.append(
                Paragraph(
                    _esc(_("Private seller: consumer protection law for purchases from businesses does not apply.")),
                    body,
                )
            )
        for line in vo.lines.all():
            story.append(
                Paragraph(
                    _esc(
                        f"{line.quantity} × {line.display_title} — {Money(line.line_total_amount - line.discount_amount, c)}"
                        f" ({_('incl. %(rate)s %% VAT') % {'rate': f'{line.vat_rate_bps / 100:g}'}})"
                    ),
                    body,
                )
            )
        story.append(Paragraph(_esc(_("Shipping: %(amount)s") % {"amount": Money(vo.shipping_amount, c)}), body))
    story += [
        Spacer(1, 8),
        Paragraph(
            _esc(_("Total to pay: %(total)s, of which VAT %(vat)s.") % {"total": order.total, "vat": order.vat}), h2
        ),
        Paragraph(
            _esc(
                _("Payment: by card, already paid.")
                if order.payment_method == Order.PaymentMethod.CARD
                else _("Payment: by invoice, due by %(date)s.")
                % {"date": order.payment_due_date.isoformat() if order.payment_due_date else "-"}
            ),
            body,
        ),
        Paragraph(
            _esc(
                _(
                    "The contract is made with each seller for its items; the marketplace operator collects the payment "
                    "on the sellers' behalf."
                )
            ),
            body,
        ),
        Spacer(1, 12),
    ]
    if any_right:
        story.append(Paragraph(_esc(INSTRUCTIONS["title"]), h2))
        for key in ("right", "how"):
            story.append(Paragraph(_esc(INSTRUCTIONS[key]), body))
        story.append(Paragraph(_esc(INSTRUCTIONS["effects_title"]), styles["Heading3"]))
        story += [
            Paragraph(_esc(INSTRUCTIONS["effects"]), body),
            Paragraph(_esc(INSTRUCTIONS["scope"]), body),
            Spacer(1, 12),
            Paragraph(_esc(MODEL_FORM["title"]), h2),
        ]
        story += [Paragraph(_esc(line), body) for line in MODEL_FORM["lines"]]
    doc.build(story)
    return buffer.getvalue()
