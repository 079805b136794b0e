"""Invoices and credit notes carry what § 14(4) UStG asks; reverse charge where it applies."""

import re
import zlib

import pytest

from buyers import credit_notes, invoices
from buyers.models import BuyerProfile
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import deliver, place

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The text drawn on the pages (invoices are written uncompressed; inflate in case)."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    raw = b"".join(chunks).decode("latin-1")
    return "".join(re.findall(r"\((.*?)(?<!\\)\)\s*Tj", raw)) + raw


@pytest.fixture
def sale(category):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradhelm", price=11900, stock=50)
    return vendor, offer


def test_invoice_has_every_required_field(sale):
    vendor, offer = sale
    buyer = UserFactory()
    order = place(buyer, [(offer, 2)])
    deliver(order)
    part = order.vendor_orders.get()
    invoice = invoices.invoice_ensure(vendor_order=part)
    data = invoices.invoice_data(invoice=invoice)
    assert data.seller["legal_name"] == "Hansen GmbH" and data.seller["vat_id"] == vendor.vat_id
    assert data.buyer["name"] == "Erika Muster" and data.buyer["city"] == "Berlin"
    assert data.delivery_date is not None and data.issued_on is not None
    assert [(r.rate_bps, r.net.amount + r.vat.amount) for r in data.rates] == [(1900, part.total_amount)]
    assert data.gross.amount == part.total_amount and data.vat.amount == part.vat_amount
    assert not data.reverse_charge
    text = pdf_text(invoices.invoice_pdf(invoice=invoice))
    for needle in (
        "Hansen GmbH",
        vendor.vat_id,
        "Erika Muster",
        "Hauptstr. 1",
        invoice.number,
        "Rechnungsdatum",
        "Liefer-/Leistungsdatum",
        data.delivery_date.isoformat(),
        "19 %",
        "Netto / Net",
        str(data.net),
        str(data.vat),
        str(data.gross),
    ):
        assert needle in text, needle
    assert "Steuerschuldnerschaft" not in text


def test_business_buyer_in_another_eu_country_gets_reverse_charge(sale):
    vendor, offer = sale
    buyer = UserFactory()
    BuyerProfile.objects.create(user=buyer, is_business=True, company_name="Wiener Rad GmbH", vat_id="ATU13585627")
    order = place(buyer, [(offer, 1)])
    invoice = invoices.invoice_ensure(vendor_order=order.vendor_orders.get())
    assert invoice.reverse_charge and invoice.buyer["vat_id"] == "ATU13585627"
    data = invoices.invoice_data(invoice=invoice)
    assert data.vat.amount == 0 and data.net.amount == data.gross.amount == order.total_amount
    text = pdf_text(invoices.invoice_pdf(invoice=invoice))
    assert "Steuerschuldnerschaft des Leistungsempf" in text and "ATU13585627" in text and "Wiener Rad GmbH" in text


def test_business_buyer_in_the_sellers_country_pays_vat(sale):
    vendor, offer = sale
    buyer = UserFactory()
    BuyerProfile.objects.create(user=buyer, is_business=True, company_name="Berliner Rad GmbH", vat_id="DE136695976")
    order = place(buyer, [(offer, 1)])
    invoice = invoices.invoice_ensure(vendor_order=order.vendor_orders.get())
    assert not invoice.reverse_charge and invoice.buyer["vat_id"] == "DE136695976"
    assert invoices.invoice_data(invoice=invoice).vat.amount == order.vat_amount > 0


def test_credit_note_per_refund_references_the_invoice_and_numbers_its_own_series(sale):
    vendor, offer = sale
    order = place(UserFactory(), [(offer, 3)])
    deliver(order)
    part = order.vendor_orders.get()
    line = part.lines.get()
    first = refund_create(
        actor=None, vendor_order_id=part.id, lines=[RefundLineRequest(line.id, 11900)], reason="Retoure"
    )
    second = refund_create(
        actor=None, vendor_order_id=part.id, lines=[RefundLineRequest(line.id, 5950)], reason="Kulanz"
    )
    note1 = credit_notes.credit_note_ensure(refund=first)
    note2 = credit_notes.credit_note_ensure(refund=second)
    assert credit_notes.credit_note_ensure(refund=first) == note1  # issued once
    assert (note1.number, note2.number) == ("GS-000001", "GS-000002")
    invoice = part.invoice
    assert note1.invoice == invoice and invoice.number == "RE-000001"  # separate series
    assert note1.by_rate == [{"rate_bps": 1900, "gross": 11900, "vat": 1900}]
    text = pdf_text(credit_notes.credit_note_pdf(note=note1))
    assert invoice.number in text and "GS-000001" in text and "-119.00 EUR" in text and "-19.00 EUR" in text
