"""Seller central lists the commission invoices the platform issued to the vendor, with their PDFs,
for the roles that see money; another vendor's invoice is a 404 like a missing one."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from payouts.models import CommissionInvoice
from tests.factories import UserFactory, make_vendor
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db


def _invoice(vendor, sequence: int, *, reverse_charge=False) -> CommissionInvoice:
    return CommissionInvoice.objects.create(
        vendor=vendor,
        period_from=date(2026, sequence, 1),
        period_to=date(2026, sequence, 28),
        currency="EUR",
        sequence=sequence,
        number=f"PR-{sequence:06d}",
        net_amount=1234,
        vat_rate_bps=0 if reverse_charge else 1900,
        vat_amount=0 if reverse_charge else 234,
        reverse_charge=reverse_charge,
        issuer=dict(settings.MARKETPLACE_OPERATOR),
        recipient={
            "legal_name": "Händler GmbH",
            "street": "Hauptstr. 1",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    )


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    return client


def test_payouts_page_lists_the_vendors_commission_invoices_with_their_pdfs():
    vendor, owner = make_vendor(name="Alpha")
    other, _ = make_vendor(name="Beta")
    mine = _invoice(vendor, 1)
    _invoice(vendor, 2, reverse_charge=True)
    foreign = _invoice(other, 3)
    client = _client(owner)

    page = client.get("/seller/payouts/").content.decode()
    assert "Provisionsrechnungen" in page and "PR-000001" in page and "PR-000002" in page
    assert "PR-000003" not in page  # Beta's
    assert page.index("PR-000002") < page.index("PR-000001")  # newest first
    assert "14,68" in page and "Steuerschuldnerschaft des Leistungsempfängers" in page
    pdf = client.get(f"/seller/payouts/commission-invoices/{mine.id}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"PR-000001" in pdf.content
    assert client.get(f"/seller/payouts/commission-invoices/{foreign.id}/").status_code == 404
    assert client.get("/seller/payouts/commission-invoices/999999/").status_code == 404


def test_commission_invoices_are_for_the_money_roles_only():
    vendor, _ = make_vendor(name="Alpha")
    invoice = _invoice(vendor, 1)
    for role, status in (("finance", 200), ("fulfilment", 403)):
        user = UserFactory()
        vendor_services.vendor_member_add(vendor=vendor, user=user, role=role)
        assert _client(user).get(f"/seller/payouts/commission-invoices/{invoice.id}/").status_code == status


def test_no_commission_invoice_yet_says_when_one_comes():
    _, owner = make_vendor(name="Alpha")
    page = _client(owner).get("/seller/payouts/").content.decode()
    assert "Noch keine Provisionsrechnungen" in page
