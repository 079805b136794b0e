"""PDF rendering of VAT documents (invoices and credit notes) from ``buyers.invoices.InvoiceData``.

No queries here. Pages are written uncompressed: a few KB more, and the text stays searchable by
archives and by the tests that check the required fields are on the page."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

TITLES = {"invoice": "Rechnung / Invoice", "credit_note": "Rechnungskorrektur (Gutschrift) / Credit note"}


def _rate(bps: int) -> str:
    return f"{bps / 100:g} %"


def _address_lines(party: dict) -> list[str]:
    return [
        text
        for text in (
            party.get("company", ""),
            party.get("legal_name", "") or party.get("name", ""),
            party.get("street", ""),
            f"{party.get('postal_code', '')} {party.get('city', '')}".strip(),
            party.get("country", ""),
        )
        if text
    ]


class _Page:
    def __init__(self):
        self.buffer = io.BytesIO()
        self.pdf = canvas.Canvas(self.buffer, pagesize=A4, pageCompression=0)
        self.y = A4[1] - 50

    def line(
        self, x: float, text: str, *, size: int = 9, bold: bool = False, right: float | None = None, step: float = 12
    ):
        if self.y < 60:
            self.pdf.showPage()
            self.y = A4[1] - 50
        self.pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.pdf.drawString(x, self.y, text)
        self.y -= step

    def row(self, cells: list[tuple[float, str, bool]], *, bold: bool = False, step: float = 13):
        """Cells of (x, text, right-aligned) on one line."""
        if self.y < 60:
            self.pdf.showPage()
            self.y = A4[1] - 50
        self.pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 9)
        for x, text, right in cells:
            (self.pdf.drawRightString if right else self.pdf.drawString)(x, self.y, text)
        self.y -= step

    def done(self) -> bytes:
        self.pdf.showPage()
        self.pdf.save()
        return self.buffer.getvalue()


def vat_document_pdf(data) -> bytes:
    page = _Page()
    seller = data.seller
    page.line(40, seller.get("legal_name", ""), size=12, bold=True, step=14)
    for text in _address_lines({**seller, "legal_name": ""}):
        page.line(40, text)
    page.line(40, f"USt-IdNr. / VAT ID: {seller.get('vat_id') or '-'}", step=28)
    page.line(40, "Rechnungsempfänger / Bill to:")
    for text in _address_lines(data.buyer):
        page.line(50, text)
    if data.buyer.get("vat_id"):
        page.line(50, f"USt-IdNr. / VAT ID: {data.buyer['vat_id']}")
    page.y -= 16
    page.line(40, f"{TITLES[data.kind]} {data.number}", size=14, bold=True, step=18)
    page.line(
        40, f"Rechnungsdatum / Invoice date: {data.issued_on.isoformat()}    Bestellung / Order: {data.order_number}"
    )
    delivery = (
        data.delivery_date.isoformat() if data.delivery_date else "entspricht Rechnungsdatum / same as invoice date"
    )
    page.line(40, f"Liefer-/Leistungsdatum / Delivery date: {delivery}")
    if data.references:
        page.line(40, data.references)
    page.y -= 14
    cols = (40, 290, 360, 420, 480, 555)
    page.row(
        [
            (cols[0], "Artikel / Item", False),
            (cols[1], "Menge / Qty", True),
            (cols[2], "Preis / Price", True),
            (cols[3], "USt. / VAT %", True),
            (cols[4], "USt. / VAT", True),
            (cols[5], "Brutto / Gross", True),
        ],
        bold=True,
    )
    for line in data.lines:
        page.row(
            [
                (cols[0], line.title[:48], False),
                (cols[1], str(line.quantity), True),
                (cols[2], str(line.unit_price), True),
                (cols[3], _rate(line.rate_bps), True),
                (cols[4], str(line.vat), True),
                (cols[5], str(line.gross), True),
            ]
        )
        if line.discount:
            page.line(50, f"Rabatt / Discount -{line.discount}")
    if data.shipping:
        page.row(
            [(cols[0], "Versand / Shipping (USt. anteilig / VAT pro rata)", False), (cols[5], str(data.shipping), True)]
        )
    page.y -= 12
    page.row(
        [
            (300, "Steuersatz / VAT rate", False),
            (420, "Netto / Net", True),
            (480, "USt. / VAT", True),
            (555, "Brutto / Gross", True),
        ],
        bold=True,
    )
    for rate in data.rates:
        page.row(
            [
                (300, _rate(rate.rate_bps), False),
                (420, str(rate.net), True),
                (480, str(rate.vat), True),
                (555, str(rate.gross), True),
            ]
        )
    page.row(
        [
            (300, "Summe / Total", False),
            (420, str(data.net), True),
            (480, str(data.vat), True),
            (555, str(data.gross), True),
        ],
        bold=True,
    )
    page.y -= 10
    for note in ([data.payment_note] if data.payment_note else []) + list(data.notes):
        page.line(40, note)
    return page.done()
