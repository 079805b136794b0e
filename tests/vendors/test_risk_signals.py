"""Risk signals of a vendor application (issue 19.3): shared VAT ID, IBAN, telephone number or
e-mail domain with another vendor, missing documents, the trader check; approving with open
signals needs a confirmation that is audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.errors import DomainError
from marketplace.models import AuditLogEntry
from tests.conftest import row_counts
from tests.factories import make_operator, make_trader_verified, make_vendor
from vendors import services as vendor_services
from vendors.models import Vendor
from vendors.services.risk import email_domain, phone_key, vendor_approve_reviewed, vendor_risk_signals

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _codes(vendor) -> list[str]:
    return [signal.code for signal in vendor_risk_signals(vendor=Vendor.objects.get(id=vendor.id))]


# Valid IBANs nobody else in a test has (the test application's is DE89370400440532013000).
OWN_IBANS = iter(["DE02120300000000202051", "DE02500105170137075030", "AT611904300234573201"] * 20)


def _alone(vendor, **fields):
    """Give ``vendor`` data nobody else has (no VAT ID: a small business need not have one)."""
    Vendor.objects.filter(id=vendor.id).update(
        vat_id=fields.get("vat_id", ""),
        iban=fields.get("iban", next(OWN_IBANS)),
        contact_phone=fields.get("contact_phone", f"+41 44 {700000 + vendor.id}"),
        email=fields.get("email", f"info@vendor{vendor.id}.de"),
    )


def _clean_applicant():
    """An application with nothing to warn about: own data, documents complete, trader check passed."""
    vendor, owner = make_vendor(name="Solo", approved=False)
    _alone(vendor)
    vendor = make_trader_verified(Vendor.objects.get(id=vendor.id), actor=owner)
    vendor_services.vendor_document_upload(
        vendor=vendor, actor=owner, kind="trade_register", upload=SimpleUploadedFile("hr.pdf", PDF)
    )
    return Vendor.objects.get(id=vendor.id), owner


def test_normalised_keys():
    assert phone_key("+49 30 123456", "DE") == phone_key("0049 (30) 123-456", "AT") == phone_key("030/123456", "DE")
    assert phone_key("030 123456", "AT") != phone_key("030 123456", "DE")
    assert phone_key("", "DE") == ""
    assert email_domain("Shop@Roestwerk.DE") == "roestwerk.de"
    assert email_domain("anna@gmail.com") == email_domain("a@web.de") == email_domain("x@shop.example.test") == ""


def test_a_clean_application_has_no_signals():
    vendor, _owner = _clean_applicant()
    assert vendor.trader_ok
    assert _codes(vendor) == []


def test_each_shared_value_is_a_signal_naming_the_other_vendor():
    vendor, _owner = _clean_applicant()
    other, _ = make_vendor(name="Twin", approved=False)
    _alone(other)
    assert _codes(vendor) == []
    Vendor.objects.filter(id=vendor.id).update(vat_id="DE136695976")
    Vendor.objects.filter(id=other.id).update(
        vat_id="de 136695976",
        iban="DE89 3704 0044 0532 0130 00",
        contact_phone="0041 44 " + vendor.contact_phone.rsplit(" ", 1)[1],
        email="billing@" + vendor.email.split("@")[1].upper(),
    )
    Vendor.objects.filter(id=vendor.id).update(iban="DE89370400440532013000")
    signals = vendor_risk_signals(vendor=Vendor.objects.get(id=vendor.id))
    assert [s.code for s in signals] == [
        "duplicate_vat_id",
        "duplicate_iban",
        "duplicate_contact_phone",
        "duplicate_email_domain",
    ]
    assert all([o.id for o in s.others] == [other.id] for s in signals)


def test_a_shared_free_mail_domain_is_no_signal():
    vendor, _owner = _clean_applicant()
    other, _ = make_vendor(name="Other", approved=False)
    _alone(other, email="hans@gmail.com")
    Vendor.objects.filter(id=vendor.id).update(email="anna@gmail.com")
    assert _codes(vendor) == []


def test_missing_documents_and_a_failed_trader_check():
    vendor, _owner = make_vendor(name="Bare", approved=False)
    _alone(vendor)
    signals = {s.code: s for s in vendor_risk_signals(vendor=Vendor.objects.get(id=vendor.id))}
    assert set(signals) == {"missing_documents", "trader_check"}
    assert len(signals["missing_documents"].details) == 2  # identity and proof of business
    assert signals["trader_check"].details  # what the check found missing, as text


def test_approving_with_open_signals_needs_the_confirmation_and_it_is_audited():
    operator = make_operator()
    make_vendor(name="First")  # the test application's VAT ID is used by this vendor too
    vendor, _owner = make_vendor(name="Second", approved=False)
    vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    assert "duplicate_vat_id" in _codes(vendor) and "missing_documents" in _codes(vendor)
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        vendor_approve_reviewed(actor=operator, vendor_id=vendor.id)
    assert (refused.value.code, refused.value.field) == ("risk_confirmation_required", "confirm_risks")
    assert row_counts() == before and Vendor.objects.get(id=vendor.id).status == "under_review"

    vendor_approve_reviewed(actor=operator, vendor_id=vendor.id, risks_confirmed=True)
    assert Vendor.objects.get(id=vendor.id).status == "approved"
    entry = AuditLogEntry.objects.get(action="vendor.risks_confirmed", object_id=str(vendor.id))
    assert entry.actor == operator
    assert {"duplicate_vat_id", "missing_documents", "trader_check"} <= set(entry.data["signals"])


def test_a_clean_application_is_approved_without_confirmation_and_no_confirmation_is_logged():
    operator = make_operator()
    vendor, _owner = _clean_applicant()
    vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    vendor_approve_reviewed(actor=operator, vendor_id=vendor.id)
    assert Vendor.objects.get(id=vendor.id).status == "approved"
    assert not AuditLogEntry.objects.filter(action="vendor.risks_confirmed").exists()


def test_the_status_is_checked_before_the_signals():
    vendor, _owner = make_vendor(name="Fresh", approved=False)  # applied, review not started
    with pytest.raises(DomainError) as refused:
        vendor_approve_reviewed(actor=make_operator(), vendor_id=vendor.id, risks_confirmed=True)
    assert refused.value.code == "invalid_transition"
