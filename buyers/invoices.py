"""Invoices: one per VendorOrder, in the vendor's name (the seller supplies the goods; the
platform only collects the money), numbered sequentially per vendor, rendered as PDF.

The invoice is issued the first time anyone asks for it (buyer or seller) and then stays as it
was: number, date and the seller's details are stored; lines and amounts come from the order,
which never changes after placing (refunds are separate documents).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.models import Invoice, InvoiceSequence, OrderTerms
from marketplace.errors import Conflict, NotFound
from marketplace.models import Order, VendorOrder
from marketplace.money import Money, money_sum
from payouts.vat import reverse_charge_applies

NUMBER_FORMAT = "RE-{sequence:06d}"


def invoice_ensure(*, vendor_order: VendorOrder) -> Invoice:
    """The part's invoice, issued now if it has none. Callers have checked access already."""
    existing = Invoice.objects.filter(vendor_order=vendor_order).first()
    if existing is not None:
        return existing
    order = vendor_order.order
    if vendor_order.status == VendorOrder.Status.CANCELLED:
        raise Conflict(
            _("This part of the order was cancelled before an invoice was issued."),
            field="vendor_order",
            code="cancelled",
        )
    if order.payment_method == Order.PaymentMethod.CARD and order.payment_status != Order.PaymentStatus.PAID:
        raise Conflict(
            _("The invoice is issued once the payment has gone through."), field="vendor_order", code="not_paid"
        )
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
        buyer = _buyer_snapshot(vendor_order)
        return Invoice.objects.create(
            vendor_order=vendor_order,
            vendor=vendor,
            sequence=counter.last,
            number=NUMBER_FORMAT.format(sequence=counter.last),
            seller={
                "legal_name": vendor.legal_name or vendor.name,
                "street": vendor.street,
                "postal_code": vendor.postal_code,
                "city": vendor.city,
                "country": vendor.country,
                "vat_id": vendor.vat_id,
                "email": vendor.email,
            },
            buyer=buyer,
            reverse_charge=bool(vendor.vat_id)
            and reverse_charge_applies(supplier_country=vendor.country, customer_vat_id=buyer.get("vat_id", "")),
        )


def _buyer_snapshot(vendor_order: VendorOrder) -> dict:
    """The buyer as the invoice names it: the order's address, and for a business buyer its
    company and VAT ID as given at checkout (buyers.models.OrderTerms)."""
    order = vendor_order.order
    address = order.shipping_address or {}
    terms = OrderTerms.objects.filter(order_id=order.id).first()
    business = bool(terms and terms.buyer_is_business)
    return {
        "name": address.get("name", ""),
        "company": (terms.buyer_company_name if business else "") or address.get("company", ""),
        "street": address.get("street", ""),
        "postal_code": address.get("postal_code", ""),
        "city": address.get("city", ""),
        "country": address.get("country", ""),
        "vat_id": terms.buyer_vat_id if business else "",
        "is_business": business,
    }


def invoice_vendor_order_for_buyer(*, buyer, number: str, vendor_order_id: int) -> VendorOrder:
    """A part of one of the buyer's own orders; anyone else's is a 404 like a missing one."""
    from buyers.selectors import order_get

    order = order_get(buyer=buyer, number=number)
    vendor_order = next((vo for vo in order.vendor_orders.all() if vo.id == vendor_order_id), None)
    if vendor_order is None:
        raise NotFound(_("No such order."), field="vendor_order")
    return vendor_order


REVERSE_CHARGE_TEXT = (
    "Steuerschuldnerschaft des Leistungsempfängers / Reverse charge: "
    "VAT is owed by the recipient (Art. 196 Directive 2006/112/EC)."
)


@dataclass
class RateRow:
    rate_bps: int
    net: Money
    vat: Money
    gross: Money


@dataclass
class DocLine:
    title: str
    quantity: int
    unit_price: Money
    rate_bps: int
    vat: Money
    gross: Money
    discount: Money


@dataclass
class InvoiceData:
    """Everything § 14(4) UStG asks of an invoice, read from the stored invoice and its order."""

    kind: str  # "invoice" or "credit_note"
    number: str
    issued_on: date
    delivery_date: date | None  # None: supply not yet made; the document then says the invoice date applies
    order_number: str
    seller: dict
    buyer: dict
    lines: list[DocLine]
    shipping: Money
    rates: list[RateRow]
    net: Money
    vat: Money
    gross: Money
    reverse_charge: bool
    payment_note: str = ""
    references: str = ""  # a credit note names the invoice it corrects
    notes: list[str] = field(default_factory=list)


def _local(moment) -> date:
    return timezone.localtime(moment).date()


def rate_rows(
    *, by_rate: dict[int, list[int]], shipping_gross: int, shipping_vat: int, currency: str, reverse_charge: bool
) -> list[RateRow]:
    """Net, VAT and gross per rate. Shipping follows the goods pro rata (buyers.pricing), so its
    gross and VAT are split over the rates by the goods' gross (largest remainder: sums exact)."""
    rates = sorted(by_rate)
    if not rates:
        rates, by_rate = [0], {0: [0, 0]}
    weights = [max(by_rate[r][0], 0) for r in rates]
    if not any(weights):
        weights = [1] * len(rates)
    ship_gross = Money(shipping_gross, currency).allocate(weights)
    ship_vat = Money(shipping_vat, currency).allocate(weights)
    rows = []
    for index, rate in enumerate(rates):
        gross = Money(by_rate[rate][0], currency) + ship_gross[index]
        vat = Money(by_rate[rate][1], currency) + ship_vat[index]
        if reverse_charge:
            # No VAT is charged: what the buyer pays is the net consideration.
            rows.append(RateRow(rate_bps=0, net=gross, vat=Money.zero(currency), gross=gross))
        else:
            rows.append(RateRow(rate_bps=rate, net=gross - vat, vat=vat, gross=gross))
    return rows


def _delivery_date(vo: VendorOrder) -> date | None:
    moment = vo.delivered_at or vo.shipped_at
    return _local(moment) if moment else None


def invoice_data(*, invoice: Invoice) -> InvoiceData:
    vo = invoice.vendor_order
    order = vo.order
    currency = vo.currency
    by_rate: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # rate -> [gross, vat]
    lines = []
    for line in vo.lines.all():
        paid = line.line_total_amount - line.discount_amount
        by_rate[line.vat_rate_bps][0] += paid
        by_rate[line.vat_rate_bps][1] += line.vat_amount
        lines.append(
            DocLine(
                title=line.display_title,
                quantity=line.quantity,
                unit_price=Money(line.unit_price_amount, currency),
                rate_bps=0 if invoice.reverse_charge else line.vat_rate_bps,
                vat=Money.zero(currency) if invoice.reverse_charge else Money(line.vat_amount, currency),
                gross=Money(paid, currency),
                discount=Money(line.discount_amount, currency),
            )
        )
    rows = rate_rows(
        by_rate=by_rate,
        shipping_gross=vo.shipping_amount,
        shipping_vat=vo.shipping_vat_amount,
        currency=currency,
        reverse_charge=invoice.reverse_charge,
    )
    payment = (
        "Bezahlt per Karte / Paid by card"
        if order.payment_method == Order.PaymentMethod.CARD
        else (f"Zahlbar bis / Due by {order.payment_due_date.isoformat()}" if order.payment_due_date else "")
    )
    return InvoiceData(
        kind="invoice",
        number=invoice.number,
        issued_on=_local(invoice.issued_at),
        delivery_date=_delivery_date(vo),
        order_number=order.number,
        seller=invoice.seller,
        buyer=invoice.buyer or _buyer_snapshot(vo),
        lines=lines,
        shipping=Money(vo.shipping_amount, currency),
        rates=rows,
        net=money_sum((r.net for r in rows), currency),
        vat=money_sum((r.vat for r in rows), currency),
        gross=money_sum((r.gross for r in rows), currency),
        reverse_charge=invoice.reverse_charge,
        payment_note=payment,
        notes=([REVERSE_CHARGE_TEXT] if invoice.reverse_charge else []) + invoice_payment_lines(order),
    )


def invoice_payment_lines(order: Order) -> list[str]:
    """Bank transfer details for an unpaid invoice order: the whole order is paid once, to the
    platform, with the order number as reference (payouts.selectors.receivables)."""
    from payouts.selectors.receivables import invoice_payment_instructions

    pay = invoice_payment_instructions(order=order, as_issued=True)
    if pay is None:
        return []
    lines = [
        f"Zahlung für die gesamte Bestellung an / Pay once for the whole order to: {pay.holder}",
        f"IBAN {pay.iban_display}   BIC {pay.bic}   ({pay.bank})",
        f"Verwendungszweck / Reference: {pay.reference}   Betrag / Amount: {pay.amount}",
    ]
    if pay.discount_until is not None:
        lines.append(
            f"Skonto / Early-payment discount {pay.discount_bps / 100:g} %: "
            f"{pay.discounted_amount} bei Zahlung bis / if paid by {pay.discount_until.isoformat()}"
        )
    return lines


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """The invoice as an A4 PDF (German and English labels, as the return label)."""
    from buyers.documents import vat_document_pdf

    return vat_document_pdf(invoice_data(invoice=invoice))
