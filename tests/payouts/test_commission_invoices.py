"""The platform's commission invoices: one per vendor and period, gapless platform numbering,
VAT on commission, reverse charge for vendors in other EU countries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.errors import Conflict, DomainError
from payouts.models import CommissionInvoice, JournalEntry
from payouts.services.commission_invoices import commission_invoice_issue, commission_invoice_pdf
from tests.buyers.test_invoice_documents import pdf_text
from tests.conftest import row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import place
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


def _period():
    yesterday = timezone.localdate() - timedelta(days=1)
    return yesterday - timedelta(days=29), yesterday


def _sell(vendor, owner, category, price=10000):
    offer = make_offer(
        vendor=vendor, owner=owner, category=category, title=f"Ware {vendor.name}", price=price, stock=10
    )
    order = place(UserFactory(), [(offer, 1)])
    # Booked yesterday: inside the finished period.
    JournalEntry.objects.filter(reference=order.number).update(created_at=timezone.now() - timedelta(days=1))
    return order.vendor_orders.get()


def test_commission_invoices_are_numbered_across_vendors_without_gaps(category):
    start, end = _period()
    parts = {}
    for name in ("Alpha", "Beta", "Gamma"):
        vendor, owner = make_vendor(name=name)
        parts[name] = (vendor, _sell(vendor, owner, category))
    issued = [
        commission_invoice_issue(vendor=vendor, period_from=start, period_to=end, currency="EUR")
        for vendor, _ in parts.values()
    ]
    assert [i.number for i in issued] == ["PR-000001", "PR-000002", "PR-000003"]
    vendor, part = parts["Alpha"]
    again = commission_invoice_issue(vendor=vendor, period_from=start, period_to=end, currency="EUR")
    assert again == issued[0] and CommissionInvoice.objects.count() == 3  # once per period
    first = issued[0]
    assert first.net_amount == part.commission_amount == 1000
    assert (
        first.vat_amount == part.commission_vat_amount == 190
        and first.vat_rate_bps == 1900
        and not first.reverse_charge
    )
    text = pdf_text(commission_invoice_pdf(invoice=first))
    for needle in (
        "PR-000001",
        "Alpha GmbH",
        "Leistungszeitraum",
        start.isoformat(),
        "10.00 EUR",
        "1.90 EUR",
        "11.90 EUR",
    ):
        assert needle in text, needle
    assert "Steuerschuldnerschaft" not in text


def test_vendor_in_another_eu_country_gets_reverse_charge_and_no_vat_withheld(category):
    start, end = _period()
    vendor, owner = make_vendor(name="Wien")
    Vendor.objects.filter(id=vendor.id).update(country="AT", vat_id="ATU13585627")
    vendor.refresh_from_db()
    part = _sell(vendor, owner, category)
    assert part.commission_vat_amount == 0  # checkout withholds no VAT on its commission
    invoice = commission_invoice_issue(vendor=vendor, period_from=start, period_to=end, currency="EUR")
    assert invoice.reverse_charge and invoice.vat_amount == 0 and invoice.net_amount == 1000
    assert "Steuerschuldnerschaft des Leistungsempf" in pdf_text(commission_invoice_pdf(invoice=invoice))


def test_unfinished_or_empty_periods_are_refused_and_change_nothing(category):
    vendor, owner = make_vendor(name="Leer")
    before = row_counts()
    today = timezone.localdate()
    with pytest.raises(DomainError) as running:
        commission_invoice_issue(vendor=vendor, period_from=today - timedelta(days=3), period_to=today, currency="EUR")
    assert running.value.field == "period_to"
    with pytest.raises(Conflict):
        commission_invoice_issue(
            vendor=vendor, period_from=today - timedelta(days=30), period_to=today - timedelta(days=1), currency="EUR"
        )
    assert row_counts() == before


def test_the_command_issues_one_invoice_per_vendor_with_commission_and_is_idempotent(category):
    from io import StringIO

    from django.core.management import call_command

    start, end = _period()
    for name in ("Alpha", "Beta"):
        vendor, owner = make_vendor(name=name)
        _sell(vendor, owner, category)
    make_vendor(name="Ohne Umsatz")
    out = StringIO()
    call_command("commission_invoices", "--from", start.isoformat(), "--to", end.isoformat(), verbosity=0, stdout=out)
    assert "2 commission invoices (PR-000001, PR-000002)" in out.getvalue()
    call_command(
        "commission_invoices", "--from", start.isoformat(), "--to", end.isoformat(), verbosity=0, stdout=StringIO()
    )
    assert CommissionInvoice.objects.count() == 2
