"""Operator console pages: vendor applications through the status machine, documents, payout
holds and payout runs. Staff only: everybody else gets a 404 and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import AuditLogEntry
from payouts.models import PayoutHold, PayoutRun
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_trader_verified, make_vendor
from tests.frontend.test_pages import browser
from tests.payouts.conftest import deliver, place
from vendors import services as vendor_services
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def applicant(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    vendor, owner = make_vendor(name="Gamma", approved=False)
    document = vendor_services.vendor_document_upload(
        vendor=vendor, actor=owner, kind="trade_register", upload=SimpleUploadedFile("register.pdf", PDF)
    )
    return vendor, owner, document


def _status(vendor) -> str:
    return Vendor.objects.get(id=vendor.id).status


def test_application_page_shows_details_and_documents(applicant, operator):
    vendor, _owner, document = applicant
    client = browser(operator)
    page = client.get(f"/console/vendors/{vendor.id}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Gamma GmbH" in html and "DE136695976" in html and "register.pdf" in html
    # Only the steps the status allows are offered: under review, the three decisions.
    assert "review_start" in page.context["actions"] and "reinstate" not in page.context["actions"]
    assert client.post(f"/console/vendors/{vendor.id}/action/", {"action": "review_start"}).status_code == 302
    assert client.get(f"/console/vendors/{vendor.id}/").context["actions"] == ["approve", "reject", "info_request"]
    download = client.get(f"/console/vendors/{vendor.id}/documents/{document.id}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    other, _ = make_vendor(name="Delta", approved=False)
    assert client.get(f"/console/vendors/{other.id}/documents/{document.id}/").status_code == 404
    assert client.get("/console/vendors/999999/").status_code == 404


def test_the_whole_status_machine_through_the_console(applicant, operator):
    vendor, _owner, _document = applicant
    client = browser(operator)
    url = f"/console/vendors/{vendor.id}/action/"
    assert client.post(url, {"action": "review_start"}).status_code == 302
    assert _status(vendor) == "under_review"
    assert (
        client.post(
            url, {"action": "info_request", "explanation": "Bitte Handelsregisterauszug neuer als 3 Monate."}
        ).status_code
        == 302
    )
    assert _status(vendor) == "info_requested"
    vendor_services.vendor_info_answer(actor=_owner, vendor=vendor, message="Hochgeladen.")
    # The application still has warnings (no identity document, trader check): approval needs the tick.
    assert client.post(url, {"action": "approve"}).status_code == 400
    assert _status(vendor) == "under_review"
    assert client.post(url, {"action": "approve", "confirm_risks": "on"}).status_code == 302
    assert _status(vendor) == "approved"
    assert client.post(url, {"action": "suspend", "explanation": "Gefälschte Markenware"}).status_code == 302
    suspended = Vendor.objects.get(id=vendor.id)
    assert (suspended.status, suspended.status_reason) == ("suspended", "Gefälschte Markenware")
    assert client.post(url, {"action": "reinstate"}).status_code == 302
    assert _status(vendor) == "approved"


def test_reject_needs_a_reason_and_refused_steps_change_nothing(applicant, operator):
    vendor, _owner, _document = applicant
    client = browser(operator)
    url = f"/console/vendors/{vendor.id}/action/"
    assert client.post(url, {"action": "review_start"}).status_code == 302
    before = row_counts()
    response = client.post(url, {"action": "reject", "explanation": "  "})
    assert response.status_code == 400 and "explanation" in response.context["failed"].errors
    response = client.post(url, {"action": "reinstate"})  # not possible while under review
    assert response.status_code == 400 and "under_review" in response.content.decode()
    assert client.post(url, {"action": "teleport"}).status_code == 400
    assert row_counts() == before and _status(vendor) == "under_review"
    assert client.post(url, {"action": "reject", "explanation": "Keine Gewerbeanmeldung"}).status_code == 302
    assert _status(vendor) == "rejected"


def test_console_pages_refuse_everybody_but_staff(applicant):
    vendor, owner, document = applicant
    before = row_counts()
    for user in (owner, UserFactory()):
        client = browser(user)
        for url in (
            f"/console/vendors/{vendor.id}/",
            f"/console/vendors/{vendor.id}/documents/{document.id}/",
            "/console/payouts/",
        ):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/console/vendors/{vendor.id}/action/", {"action": "approve"}).status_code == 404
        assert client.post(f"/console/vendors/{vendor.id}/hold/", {"reason": "x"}).status_code == 404
        assert client.post("/console/payouts/start/", {"currency": "EUR"}).status_code == 404
    assert browser().get(f"/console/vendors/{vendor.id}/").status_code == 302  # anonymous: to the login
    assert row_counts() == before and _status(vendor) == "applied"


def test_payout_hold_and_run_from_the_console(operator, settings):
    category = CategoryFactory()
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    alpha_offer = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Helm", price=3999)
    beta_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Lampe", price=5995)
    deliver(place(UserFactory(), [(alpha_offer, 1), (beta_offer, 1)]))
    client = browser(operator)
    before = row_counts()
    response = client.post(f"/console/vendors/{beta.id}/hold/", {"reason": ""})
    assert response.status_code == 400 and "reason" in response.context["hold_form"].errors
    assert client.post("/console/payouts/start/", {"currency": "XYZ"}).status_code == 400
    assert row_counts() == before
    assert client.post(f"/console/vendors/{beta.id}/hold/", {"reason": "Kundenbeschwerde prüfen"}).status_code == 302
    assert PayoutHold.objects.filter(vendor=beta).exists()
    assert client.get("/console/payouts/").status_code == 200
    assert client.post("/console/payouts/start/", {"currency": "EUR"}).status_code == 302
    run = PayoutRun.objects.get()
    assert (run.trigger, run.created_by_id) == ("operator", operator.id)
    assert [p.vendor_id for p in run.payouts.all()] == [alpha.id]  # Beta is on hold
    assert f">{run.id}<" in client.get("/console/payouts/").content.decode()
    assert client.post(f"/console/vendors/{beta.id}/hold/release/").status_code == 302
    assert not PayoutHold.objects.filter(vendor=beta).exists()


def test_vendor_list_offers_quick_approval_only_under_review(applicant, operator):
    vendor, _owner, _document = applicant
    client = browser(operator)
    approve_url = f"/console/vendors/{vendor.id}/approve/"
    assert approve_url not in client.get("/console/").content.decode()  # applied: open the application first
    vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    assert approve_url in client.get("/console/").content.decode()
    # Open warnings (no identity document, trader check not passed): the list sends the operator to
    # the application, where the warnings are shown and confirmed.
    refused = client.post(approve_url)
    assert refused.status_code == 302 and refused["Location"] == f"/console/vendors/{vendor.id}/"
    assert _status(vendor) == "under_review"
    make_trader_verified(Vendor.objects.get(id=vendor.id), actor=_owner)
    assert client.post(approve_url).status_code == 302 and _status(vendor) == "approved"


def test_application_shows_risk_signals_and_approval_needs_the_confirmation(applicant, operator):
    vendor, _owner, _document = applicant
    twin, _ = make_vendor(name="Zwilling")  # the test application's VAT ID, IBAN and phone
    client = browser(operator)
    vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    page = client.get(f"/console/vendors/{vendor.id}/")
    codes = [risk.code for risk in page.context["risks"]]
    assert codes[:3] == ["duplicate_vat_id", "duplicate_iban", "duplicate_contact_phone"]
    assert "trader_check" in codes and "missing_documents" in codes  # no identity document
    html = page.content.decode()
    assert "Same VAT ID as another vendor" in html and f"/console/vendors/{twin.id}/" in html
    assert 'name="confirm_risks"' in html
    before = row_counts()
    refused = client.post(f"/console/vendors/{vendor.id}/action/", {"action": "approve"})
    assert refused.status_code == 400 and refused.context["failed"].errors["confirm_risks"]
    assert row_counts() == before and _status(vendor) == "under_review"
    done = client.post(f"/console/vendors/{vendor.id}/action/", {"action": "approve", "confirm_risks": "on"})
    assert done.status_code == 302 and _status(vendor) == "approved"
    entry = AuditLogEntry.objects.get(action="vendor.risks_confirmed", object_id=str(vendor.id))
    assert entry.actor_id == operator.id and "duplicate_vat_id" in entry.data["signals"]
