"""Invoices: one per VendorOrder, in the vendor's name (the seller supplies the goods; the
platform only collects the money), numbered sequentially per vendor, rendered as PDF.

The invoice is issued the first time anyone asks for it (buyer or seller) and then stays as it
was: number, date and the seller's details are stored; lines and amounts come from the order,
which never changes after placing (refunds are separate documents).
"""
from __future__ import annotations

import io
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from buyers.models import Invoice, InvoiceSequence
from marketplace.errors import Conflict, NotFound
from marketplace.models import Order, VendorOrder
from marketplace.money import Money

NUMBER_FORMAT = "RE-{sequence:06d}"


def invoice_ensure(*, vendor_order: VendorOrder) -> Invoice:
    """The part's invoice, issued now if it has none. Callers have checked access already."""
    existing = Invoice.objects.filter(vendor_order=vendor_order).first()
    if existing is not None:
        return existing
    order = vendor_order.order
    if vendor_order.status == VendorOrder.Status.CANCELLED:
        raise Conflict(_("This part of the order was cancelled before an invoice was issued."), field="vendor_order",
                       code="cancelled")
    if order.payment_method == Order.PaymentMethod.CARD and order.payment_status != Order.PaymentStatus.PAID:
        raise Conflict(_("The invoice is issued once the payment has gone through."), field="vendor_order", code="not_paid")
    with transaction.atomic():
        # Lock the part first: two first downloads at once issue one invoice, not two numbers.
        VendorOrder.objects.select_for_update().get(id=vendor_order.id)
        existing = Invoice.objects.filter(vendor_order=vendor_order).first()
        if existing is not None:
            return existing
        InvoiceSequence.objects.get_or_create(vendor_id=vendor_order.vendor_id)
        counter = InvoiceSequence.objects.select_for_update().get(vendor_id=vendor_order.vendor_id)
        counter.last += 1
        counter.save(update_fields=["last"])
        vendor = vendor_order.vendor
        return Invoice.objects.create(
            vendor_order=vendor_order, vendor=vendor, sequence=counter.last, number=NUMBER_FORMAT.format(sequence=counter.last),
            seller={"legal_name": vendor.legal_name or vendor.name, "street": vendor.street, "postal_code": vendor.postal_code,
                    "city": vendor.city, "country": vendor.country, "vat_id": vendor.vat_id, "email": vendor.email},
        )


def invoice_vendor_order_for_buyer(*, buyer, number: str, vendor_order_id: int) -> VendorOrder:
    """A part of one of the buyer's own orders; anyone else's is a 404 like a missing one."""
    from buyers.selectors import order_get

    order = order_get(buyer=buyer, number=number)
    vendor_order = next((vo for vo in order.vendor_orders.all() if vo.id == vendor_order_id), None)
    if vendor_order is None:
        raise NotFound(_("No such order."), field="vendor_order")
    return vendor_order


def _rate(bps: int) -> str:
    return f"{bps / 100:g} %"


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """The invoice as an A4 PDF (German and English labels, as the return label)."""
    vo = invoice.vendor_order
    order = vo.order
    currency = vo.currency
    lines = list(vo.lines.all())
    buffer = io.BytesIO()
    # Uncompressed: a few KB more, and the text stays searchable by archives and tests.
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    width, height = A4
    seller = invoice.seller
    y = height - 50
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(40, y, seller["legal_name"])
    pdf.setFont("Helvetica", 9)
    for text in (seller["street"], f"{seller['postal_code']} {seller['city']}".strip(), seller["country"],
                 f"USt-IdNr. / VAT ID: {seller['vat_id'] or '-'}"):
        y -= 12
        pdf.drawString(40, y, text)
    address = vo.pickup_address or order.shipping_address
    y -= 30
    pdf.drawString(40, y, "Rechnung an / Bill to:")
    for text in (address.get("name", ""), address.get("street", ""), f"{address.get('postal_code', '')} {address.get('city', '')}",
                 address.get("country", "")):
        y -= 12
        pdf.drawString(50, y, text)
    y -= 30
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(40, y, f"Rechnung / Invoice {invoice.number}")
    pdf.setFont("Helvetica", 9)
    y -= 16
    pdf.drawString(40, y, f"Datum / Date: {invoice.issued_at.date().isoformat()}    Bestellung / Order: {order.number}")
    y -= 28
    columns = (40, 290, 360, 420, 480, 555)
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(columns[0], y, "Artikel / Item")
    for x, text in zip(columns[1:], ("Menge / Qty", "Preis / Price", "USt. / VAT %", "USt. / VAT", "Betrag / Amount")):
        pdf.drawRightString(x, y, text)
    pdf.setFont("Helvetica", 9)
    by_rate: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # rate -> [gross, vat]
    for line in lines:
        y -= 14
        paid = line.line_total_amount - line.discount_amount
        by_rate[line.vat_rate_bps][0] += paid
        by_rate[line.vat_rate_bps][1] += line.vat_amount
        pdf.drawString(40, y, line.product_title[:48])
        pdf.drawRightString(columns[1], y, str(line.quantity))
        pdf.drawRightString(columns[2], y, str(Money(line.unit_price_amount, currency)))
        pdf.drawRightString(columns[3], y, _rate(line.vat_rate_bps))
        pdf.drawRightString(columns[4], y, str(Money(line.vat_amount, currency)))
        pdf.drawRightString(columns[5], y, str(Money(paid, currency)))
        if line.discount_amount:
            y -= 11
            pdf.drawString(50, y, f"Rabatt / Discount -{Money(line.discount_amount, currency)}")
    rates = sorted(by_rate)
    y -= 14
    pdf.drawString(40, y, "Versand / Shipping" if not vo.pickup_address else "Abholung / Pickup")
    # Shipping is an ancillary service: its VAT follows the goods' rates (buyers.pricing).
    pdf.drawRightString(columns[3], y, _rate(rates[0]) if len(rates) == 1 else "anteilig / pro rata")
    pdf.drawRightString(columns[4], y, str(Money(vo.shipping_vat_amount, currency)))
    pdf.drawRightString(columns[5], y, str(Money(vo.shipping_amount, currency)))
    total = vo.total_amount
    y -= 28
    for label, amount in (
        ("Summe netto / Net total", total - vo.vat_amount),
        *((f"USt. / VAT {_rate(rate)} (Waren / goods)", by_rate[rate][1]) for rate in rates),
        ("USt. Versand / VAT on shipping", vo.shipping_vat_amount),
        ("Gesamt brutto / Total", total),
    ):
        pdf.drawString(330, y, label)
        pdf.drawRightString(columns[5], y, str(Money(amount, currency)))
        y -= 13
    payment = "Bezahlt per Karte / Paid by card" if order.payment_method == Order.PaymentMethod.CARD else (
        f"Zahlbar bis / Due by {order.payment_due_date.isoformat()}" if order.payment_due_date else "")
    y -= 10
    pdf.drawString(40, y, payment)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
