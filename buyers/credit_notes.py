"""Credit notes: the correcting document for each refund, in the seller's name like the invoice,
numbered per vendor in a series of their own (GS-...) without gaps, naming the invoice corrected.

Issued the first time anyone asks for one (like invoices); amounts come from the refund, which
never changes once made. Refunds that failed give none."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from buyers.invoices import REVERSE_CHARGE_TEXT, DocLine, InvoiceData, _local, invoice_ensure, rate_rows
from buyers.models import CreditNote, CreditNoteSequence, Invoice
from marketplace.errors import Conflict, NotFound
from marketplace.models import VendorOrder
from marketplace.money import Money, money_sum
from payouts.models import Refund

NUMBER_FORMAT = "GS-{sequence:06d}"


def _vat_in(gross: int, rate_bps: int) -> int:
    """VAT contained in a gross amount, rounded half up (gross * r / (1 + r))."""
    return (2 * gross * rate_bps + (10_000 + rate_bps)) // (2 * (10_000 + rate_bps))


def _by_rate(refund: Refund, vendor_order: VendorOrder) -> dict[int, list[int]]:
    by_rate: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    goods = 0
    for refund_line in refund.lines.select_related("order_line"):
        rate = refund_line.order_line.vat_rate_bps
        by_rate[rate][0] += refund_line.amount
        by_rate[rate][1] += _vat_in(refund_line.amount, rate)
        goods += refund_line.amount
    shipping = refund.amount - goods
    if shipping > 0:
        # Shipping VAT follows the goods of the part pro rata, as it did on the invoice.
        weights: dict[int, int] = defaultdict(int)
        for line in vendor_order.lines.all():
            weights[line.vat_rate_bps] += line.line_total_amount - line.discount_amount
        rates = sorted(weights) or [0]
        shares = Money(shipping, refund.currency).allocate(
            [max(weights.get(r, 0), 0) for r in rates] if any(weights.values()) else [1] * len(rates)
        )
        for rate, share in zip(rates, shares):
            by_rate[rate][0] += share.amount
            by_rate[rate][1] += _vat_in(share.amount, rate)
    return by_rate


def credit_note_ensure(*, refund: Refund) -> CreditNote:
    """The refund's credit note, issued now if it has none. Callers have checked access already."""
    existing = CreditNote.objects.filter(refund_id=refund.id).first()
    if existing is not None:
        return existing
    if refund.status == Refund.Status.FAILED:
        raise Conflict(_("This refund failed; there is nothing to correct."), field="refund", code="refund_failed")
    vendor_order = VendorOrder.objects.select_related("order", "vendor").get(id=refund.vendor_order_id)
    invoice = Invoice.objects.filter(vendor_order=vendor_order).first()
    if invoice is None:
        if vendor_order.status == VendorOrder.Status.CANCELLED:
            raise Conflict(
                _("No invoice was issued for this cancelled part, so no credit note is needed."),
                field="refund",
                code="no_invoice",
            )
        invoice = invoice_ensure(vendor_order=vendor_order)  # the document corrected must exist first
    with transaction.atomic():
        VendorOrder.objects.select_for_update().get(id=vendor_order.id)
        existing = CreditNote.objects.filter(refund_id=refund.id).first()
        if existing is not None:
            return existing
        CreditNoteSequence.objects.get_or_create(vendor_id=vendor_order.vendor_id)
        counter = CreditNoteSequence.objects.select_for_update().get(vendor_id=vendor_order.vendor_id)
        counter.last += 1
        counter.save(update_fields=["last"])
        by_rate = _by_rate(refund, vendor_order)
        return CreditNote.objects.create(
            refund_id=refund.id,
            invoice=invoice,
            vendor_id=vendor_order.vendor_id,
            sequence=counter.last,
            number=NUMBER_FORMAT.format(sequence=counter.last),
            currency=refund.currency,
            amount=refund.amount,
            by_rate=[{"rate_bps": rate, "gross": gross, "vat": vat} for rate, (gross, vat) in sorted(by_rate.items())],
        )


def credit_note_data(*, note: CreditNote) -> InvoiceData:
    invoice = note.invoice
    vo = invoice.vendor_order
    refund = Refund.objects.get(id=note.refund_id)
    currency = note.currency
    lines = []
    for refund_line in refund.lines.select_related("order_line"):
        order_line = refund_line.order_line
        rate = 0 if invoice.reverse_charge else order_line.vat_rate_bps
        lines.append(
            DocLine(
                title=order_line.display_title,
                quantity=refund_line.quantity,
                unit_price=Money(order_line.unit_price_amount, currency),
                rate_bps=rate,
                vat=-Money(_vat_in(refund_line.amount, rate), currency),
                gross=-Money(refund_line.amount, currency),
                discount=Money.zero(currency),
            )
        )
    by_rate = {row["rate_bps"]: [-row["gross"], -row["vat"]] for row in note.by_rate}
    rows = rate_rows(
        by_rate=by_rate, shipping_gross=0, shipping_vat=0, currency=currency, reverse_charge=invoice.reverse_charge
    )
    shipping = note.amount - sum(refund_line.amount for refund_line in refund.lines.all())
    return InvoiceData(
        kind="credit_note",
        number=note.number,
        issued_on=_local(note.issued_at),
        delivery_date=_local(vo.delivered_at) if vo.delivered_at else None,
        order_number=vo.order.number,
        seller=invoice.seller,
        buyer=invoice.buyer,
        lines=lines,
        shipping=-Money(shipping, currency),
        rates=rows,
        net=money_sum((r.net for r in rows), currency),
        vat=money_sum((r.vat for r in rows), currency),
        gross=money_sum((r.gross for r in rows), currency),
        reverse_charge=invoice.reverse_charge,
        references=f"Korrektur zu Rechnung / Corrects invoice {invoice.number} vom / of {_local(invoice.issued_at).isoformat()}",
        notes=[REVERSE_CHARGE_TEXT] if invoice.reverse_charge else [],
    )


def credit_note_pdf(*, note: CreditNote) -> bytes:
    from buyers.documents import vat_document_pdf

    return vat_document_pdf(credit_note_data(note=note))


def refund_get_for_buyer(*, buyer, number: str, refund_id: int) -> Refund:
    """A refund on one of the buyer's own orders; anyone else's is a 404 like a missing one."""
    refund = Refund.objects.filter(id=refund_id, order__buyer_id=buyer.pk, order__number=number).first()
    if refund is None:
        raise NotFound(_("No such refund."), field="refund")
    return refund


def refund_get_for_vendor(*, vendor, refund_id: int) -> Refund:
    refund = Refund.objects.filter(id=refund_id, vendor_order__vendor=vendor).first()
    if refund is None:
        raise NotFound(_("No such refund."), field="refund")
    return refund
