"""The platform's commission invoices to vendors, one per vendor, statement period and currency.

The commission charged in the period (orders booked) minus the commission given back on refunds
in the period is invoiced, with VAT at ``MARKETPLACE_COMMISSION_VAT_BPS`` or, for a vendor with a
VAT ID in another EU country, none (reverse charge; checkout withholds none either, see
payouts.selectors.commissions). Numbers come from one platform series without gaps.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.money import Money
from payouts.models import CommissionInvoice, CommissionInvoiceSequence, Refund
from payouts.selectors.commissions import commission_reverse_charge
from payouts.selectors.reports import vendor_statement

SERIES = "commission"
NUMBER_FORMAT = "PR-{sequence:06d}"
REVERSE_CHARGE_TEXT = (
    "Steuerschuldnerschaft des Leistungsempfängers / Reverse charge: "
    "VAT is owed by the recipient (Art. 196 Directive 2006/112/EC)."
)


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def commission_totals(*, vendor, period_from: date, period_to: date, currency: str) -> tuple[int, int, int]:
    """(commission, VAT on it, movements) booked for the vendor in the period, refunds deducted."""
    statement = vendor_statement(vendor=vendor, period_from=period_from, period_to=period_to, currency=currency)
    placed = [line for line in statement.lines if line.commission_amount is not None]
    refunds = Refund.objects.filter(
        vendor_order__vendor=vendor,
        currency=currency,
        created_at__gte=_start(period_from),
        created_at__lt=_start(period_to + timedelta(days=1)),
    ).exclude(status=Refund.Status.FAILED)
    back = refunds.aggregate(commission=Sum("commission_amount"), vat=Sum("commission_vat_amount"))
    commission = sum(line.commission_amount for line in placed) - (back["commission"] or 0)
    vat = sum(line.commission_vat_amount for line in placed) - (back["vat"] or 0)
    return commission, vat, len(placed) + refunds.count()


@transaction.atomic
def commission_invoice_issue(*, vendor, period_from: date, period_to: date, currency: str) -> CommissionInvoice:
    """Issue (once) the vendor's commission invoice for a finished period."""
    if period_to < period_from:
        raise DomainError(_("The period must end on or after its first day."), field="period_to")
    if period_to >= timezone.localdate():
        raise DomainError(_("A period is invoiced once it is over (its last day before today)."), field="period_to")
    existing = CommissionInvoice.objects.filter(
        vendor=vendor, period_from=period_from, period_to=period_to, currency=currency
    ).first()
    if existing is not None:
        return existing
    commission, vat, movements = commission_totals(
        vendor=vendor, period_from=period_from, period_to=period_to, currency=currency
    )
    if not movements:
        raise Conflict(
            _("No commission was booked for this vendor in the period."), field="period_from", code="nothing_to_invoice"
        )
    reverse_charge = commission_reverse_charge(vendor)
    sequence, _created = CommissionInvoiceSequence.objects.get_or_create(series=SERIES)
    sequence = CommissionInvoiceSequence.objects.select_for_update().get(id=sequence.id)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return CommissionInvoice.objects.create(
        vendor=vendor,
        period_from=period_from,
        period_to=period_to,
        currency=currency,
        sequence=sequence.last,
        number=NUMBER_FORMAT.format(sequence=sequence.last),
        net_amount=commission,
        vat_rate_bps=0 if reverse_charge else settings.MARKETPLACE_COMMISSION_VAT_BPS,
        vat_amount=0 if reverse_charge else vat,
        reverse_charge=reverse_charge,
        issuer=dict(settings.MARKETPLACE_OPERATOR),
        recipient={
            "legal_name": vendor.legal_name or vendor.name,
            "street": vendor.street,
            "postal_code": vendor.postal_code,
            "city": vendor.city,
            "country": vendor.country,
            "vat_id": vendor.vat_id,
        },
    )


def commission_invoices_issue_period(
    *, period_from: date, period_to: date, currency: str, progress=None
) -> list[CommissionInvoice]:
    """Issue the period's invoice for every vendor with commission booked or given back in it
    (in vendor id order, each in its own transaction: one failure does not hold up the rest)."""
    from payouts.models import JournalLine

    start, end = _start(period_from), _start(period_to + timedelta(days=1))
    vendor_ids = sorted(
        set(
            JournalLine.objects.filter(
                entry__created_at__gte=start, entry__created_at__lt=end, currency=currency, vendor_order__isnull=False
            ).values_list("vendor_order__vendor_id", flat=True)
        )
        | set(
            Refund.objects.filter(created_at__gte=start, created_at__lt=end, currency=currency).values_list(
                "vendor_order__vendor_id", flat=True
            )
        )
    )
    from vendors.models import Vendor

    issued = []
    for done, vendor in enumerate(Vendor.objects.filter(id__in=vendor_ids).order_by("id"), start=1):
        try:
            issued.append(
                commission_invoice_issue(vendor=vendor, period_from=period_from, period_to=period_to, currency=currency)
            )
        except Conflict:
            pass  # nothing of its own in the period (e.g. only a buyer's payment line)
        if progress:
            progress(done, len(vendor_ids))
    return issued


def commission_invoice_get_for_vendor(*, vendor, invoice_id: int) -> CommissionInvoice:
    invoice = CommissionInvoice.objects.filter(vendor=vendor, id=invoice_id).first()
    if invoice is None:
        raise NotFound(_("No such invoice."), field="invoice")
    return invoice


def commission_invoice_pdf(*, invoice: CommissionInvoice) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)  # uncompressed: text stays searchable
    y = A4[1] - 50

    def line(text: str, *, x: float = 40, size: int = 9, bold: bool = False, step: float = 12):
        nonlocal y
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(x, y, text)
        y -= step

    issuer, recipient, c = invoice.issuer, invoice.recipient, invoice.currency
    line(issuer["legal_name"], size=12, bold=True, step=14)
    for text in (issuer["street"], f"{issuer['postal_code']} {issuer['city']}", issuer["country"]):
        line(text)
    line(f"USt-IdNr. / VAT ID: {issuer.get('vat_id') or '-'}", step=28)
    line("Rechnungsempfänger / Bill to:")
    for text in (
        recipient["legal_name"],
        recipient["street"],
        f"{recipient['postal_code']} {recipient['city']}",
        recipient["country"],
        f"USt-IdNr. / VAT ID: {recipient.get('vat_id') or '-'}",
    ):
        line(text, x=50)
    y -= 16
    line(f"Rechnung / Invoice {invoice.number}", size=14, bold=True, step=18)
    line(f"Rechnungsdatum / Invoice date: {timezone.localtime(invoice.issued_at).date().isoformat()}")
    line(
        f"Leistungszeitraum / Service period: {invoice.period_from.isoformat()} – {invoice.period_to.isoformat()}",
        step=24,
    )
    line("Marktplatz-Provision / Marketplace commission")
    line(f"Netto / Net: {Money(invoice.net_amount, c)}")
    line(f"USt. / VAT {invoice.vat_rate_bps / 100:g} %: {Money(invoice.vat_amount, c)}")
    line(f"Gesamt / Total: {Money(invoice.gross_amount, c)}", bold=True, step=18)
    line("Bereits mit den Auszahlungen verrechnet / Already deducted from your payouts.")
    if invoice.reverse_charge:
        line(REVERSE_CHARGE_TEXT)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
