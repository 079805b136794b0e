"""The packing slip of one seller's order part: a PDF to put into the parcel (who ships, to whom,
what and how many; no prices). No queries beyond the part, its order and its lines."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.models import VendorOrder


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _address(data: dict) -> list[str]:
    return [
        line
        for line in (
            data.get("name", ""),
            data.get("street", ""),
            f"{data.get('postal_code', '')} {data.get('city', '')}".strip(),
            data.get("country", ""),
        )
        if line
    ]


def packing_slip_pdf(*, vendor_order: VendorOrder, left_to_ship: dict[int, int] | None = None) -> bytes:
    """``left_to_ship``: order line id -> quantity still to ship (a partial parcel's slip)."""
    vendor, order = vendor_order.vendor, vendor_order.order
    buffer = io.BytesIO()
    title = _("Packing slip %(number)s") % {"number": order.number}
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, pageCompression=0)
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Title"], styles["Heading2"], styles["Normal"]
    sender = _address(
        {
            "name": vendor.legal_name or vendor.name,
            "street": vendor.street,
            "postal_code": vendor.postal_code,
            "city": vendor.city,
            "country": vendor.country,
        }
    )
    pickup = bool(vendor_order.pickup_address)
    recipient = _address(vendor_order.pickup_address if pickup else order.shipping_address)
    story = [
        Paragraph(_esc(title), h1),
        Paragraph(
            _esc(_("Ordered on %(date)s") % {"date": timezone.localtime(order.created_at).date().isoformat()}),
            body,
        ),
        Spacer(1, 8),
        Paragraph(_esc(_("From")), h2),
        *[Paragraph(_esc(line), body) for line in sender],
        Paragraph(_esc(_("Collected at") if pickup else _("Ship to")), h2),
        *[Paragraph(_esc(line), body) for line in recipient],
        Spacer(1, 12),
    ]
    rows = [[_("Item"), _("SKU"), _("Quantity")]]
    for line in vendor_order.lines.all():
        quantity = line.quantity if left_to_ship is None else left_to_ship.get(line.id, 0)
        if quantity <= 0:
            continue
        rows.append([Paragraph(_esc(line.display_title), body), _esc(line.offer.sku), str(quantity)])
    table = Table(rows, colWidths=[300, 120, 60], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
