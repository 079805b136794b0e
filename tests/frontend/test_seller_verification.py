"""Becoming sellable through seller central: the checklist (one selector over Vendor.sell_blockers),
documents (upload with the content checks, list, download, delete), the answer to the operator's
question, the Stripe Connect onboarding link (against stripe-mock) and its return/refresh URLs;
staff invitations start at the least privileged role; the IBAN only for owner and finance."""

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.conftest import row_counts
from tests.factories import IDENTITY_PDF, UserFactory, make_operator, make_trader_verified, make_vendor
from tests.frontend.test_pages import browser
from vendors import services as vendor_services
from vendors.models import Vendor, VendorDocument
from vendors.services.stripe_connect import vendor_stripe_account_create

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _member(vendor, role):
    user = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=user, role=role)
    return user


def _checklist(vendor):
    from frontend.seller.selectors import sell_checklist

    vendor.refresh_from_db()
    with translation.override("en"):
        return {item.key: item for item in sell_checklist(vendor=vendor)}


def test_the_checklist_is_done_exactly_when_the_vendor_can_sell():
    operator = make_operator()
    vendor, owner = make_vendor(name="Neu", approved=False)
    items = _checklist(vendor)
    assert list(items) == ["approval", "trader", "payouts"]
    assert not items["approval"].done and not items["trader"].done and not items["payouts"].done
    assert any("identity document" in problem for problem in items["trader"].problems), items["trader"]
    assert "approved" in items["payouts"].detail

    vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    vendor_services.vendor_info_request(actor=operator, vendor_id=vendor.id, message="Bitte den Handelsregisterauszug.")
    assert "Bitte den Handelsregisterauszug." in _checklist(vendor)["approval"].detail
    vendor_services.vendor_info_answer(actor=owner, vendor=Vendor.objects.get(id=vendor.id), message="Liegt bei.")
    vendor = vendor_services.vendor_approve(actor=operator, vendor_id=vendor.id)
    make_trader_verified(vendor, actor=owner)
    items = _checklist(vendor)
    assert items["approval"].done and items["trader"].done and not items["payouts"].done
    assert not vendor.can_sell and items["payouts"].url.endswith("#payouts")

    vendor = vendor_stripe_account_create(vendor_id=vendor.id)
    vendor_services.vendor_stripe_account_updated(
        stripe_account_id=vendor.stripe_account_id,
        charges_enabled=True,
        payouts_enabled=True,
        event_created=int(time.time()),
    )
    items = _checklist(vendor)
    assert all(item.done for item in items.values()) and Vendor.objects.get(id=vendor.id).can_sell
    # A closed vendor: the closure heads the list.
    Vendor.objects.filter(id=vendor.id).update(closed_at="2026-01-01T00:00:00Z")
    assert list(_checklist(vendor))[0] == "closed" and not Vendor.objects.get(id=vendor.id).can_sell


def test_dashboard_shows_the_checklist_until_the_vendor_can_sell():
    vendor, owner = make_vendor(name="Neu", approved=False)
    html = browser(owner).get(f"/seller/?vendor={vendor.id}").content.decode()
    assert "What is missing before you can sell" in html and 'data-check="payouts"' in html
    html_de = browser(owner).get(f"/seller/?vendor={vendor.id}", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Was fehlt, bevor Sie verkaufen können" in html_de
    sellable, sellable_owner = make_vendor(name="Fertig")
    assert "What is missing" not in browser(sellable_owner).get("/seller/").content.decode()


def test_documents_upload_list_download_and_delete_through_the_content_checks():
    vendor, owner = make_vendor(name="Neu", approved=False)
    client = browser(owner)
    page = client.get("/seller/documents/")
    assert page.status_code == 200 and "No documents yet" in page.content.decode()

    before = row_counts()
    fake = SimpleUploadedFile("ausweis.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post("/seller/documents/upload/", {"kind": "identity", "file": fake})
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert row_counts() == before

    response = client.post(
        "/seller/documents/upload/", {"kind": "identity", "file": SimpleUploadedFile("ausweis.pdf", IDENTITY_PDF)}
    )
    assert response.status_code == 302
    document = VendorDocument.objects.get(vendor=vendor)
    assert document.kind == "identity" and document.content_type == "application/pdf"
    assert not any(p["field"] == "identity_document" for p in Vendor.objects.get(id=vendor.id).trader_problems)
    html = client.get("/seller/documents/").content.decode()
    assert "ausweis.pdf" in html and f"/seller/documents/{document.id}/" in html

    download = client.get(f"/seller/documents/{document.id}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"] and download["X-Content-Type-Options"] == "nosniff"

    assert client.post(f"/seller/documents/{document.id}/delete/").status_code == 302
    assert not VendorDocument.objects.filter(id=document.id).exists()


def test_a_document_the_verification_relied_on_cannot_be_deleted_and_the_page_says_why():
    vendor, owner = make_vendor(name="Geprüft")
    document = vendor.documents.get(kind="identity")
    # It came before the approval: the verification relied on it.
    VendorDocument.objects.filter(id=document.id).update(created_at=vendor.approved_at - timedelta(days=1))
    client = browser(owner)
    html = client.get("/seller/documents/").content.decode()
    assert "relied on this document" in html
    response = client.post(f"/seller/documents/{document.id}/delete/", follow=True)
    assert "relied on this document" in response.content.decode()
    assert VendorDocument.objects.filter(id=document.id).exists()
    # A later one may go again.
    response = client.post(
        "/seller/documents/upload/", {"kind": "other", "file": SimpleUploadedFile("neu.png", _png())}
    )
    assert response.status_code == 302
    later = vendor.documents.get(kind="other")
    assert client.post(f"/seller/documents/{later.id}/delete/").status_code == 302
    assert not VendorDocument.objects.filter(id=later.id).exists()


@pytest.mark.parametrize("role", ["manager", "fulfilment", "finance"])
def test_documents_are_for_owners_only_and_foreign_ids_are_missing(role):
    vendor, owner = make_vendor(name="Alpha")
    document = vendor.documents.get(kind="identity")
    staff = browser(_member(vendor, role))
    assert staff.get("/seller/documents/").status_code == 403
    assert staff.get(f"/seller/documents/{document.id}/").status_code == 403
    assert staff.post(f"/seller/documents/{document.id}/delete/").status_code == 403
    _other, other_owner = make_vendor(name="Beta")
    stranger = browser(other_owner)
    assert stranger.get(f"/seller/documents/{document.id}/").status_code == 404
    assert stranger.post(f"/seller/documents/{document.id}/delete/").status_code == 404
    assert VendorDocument.objects.filter(id=document.id).exists()


def test_the_owner_answers_the_operators_question_on_the_verification_page():
    operator = make_operator()
    vendor, owner = make_vendor(name="Neu", approved=False)
    vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    vendor_services.vendor_info_request(
        actor=operator, vendor_id=vendor.id, message="Bitte den Handelsregisterauszug hochladen."
    )
    client = browser(owner)
    html = client.get("/seller/verification/").content.decode()
    assert "Bitte den Handelsregisterauszug hochladen." in html and 'id="answer"' in html
    assert browser(_member(vendor, "manager")).post("/seller/verification/answer/", {"message": "x"}).status_code == 403
    response = client.post("/seller/verification/answer/", {"message": "  "})
    assert response.status_code == 400 and Vendor.objects.get(id=vendor.id).status == "info_requested"
    assert client.post("/seller/verification/answer/", {"message": "Ist hochgeladen."}).status_code == 302
    assert Vendor.objects.get(id=vendor.id).status == "under_review"
    # Answered: a second answer is refused with the service's reason, nothing changes.
    response = client.post("/seller/verification/answer/", {"message": "Noch einmal."})
    assert response.status_code == 400 and Vendor.objects.get(id=vendor.id).status == "under_review"


def test_stripe_onboarding_link_return_and_refresh_against_stripe_mock():
    vendor, owner = make_vendor(name="Neu", sellable=False)
    client = browser(owner)
    html = client.get("/seller/verification/").content.decode()
    assert 'data-state="none"' in html or 'data-state="pending"' in html
    response = client.get("/seller/verification/stripe/")
    assert (
        response.status_code == 302
        and response["Location"].startswith("http")
        and "/seller/" not in response["Location"]
    )
    vendor.refresh_from_db()
    assert vendor.stripe_account_id.startswith("acct_")
    assert 'data-state="pending"' in client.get("/seller/verification/").content.decode()

    refresh = client.get("/seller/verification/stripe/refresh/")
    assert refresh.status_code == 302 and "/seller/" not in refresh["Location"]

    back = client.get("/seller/verification/stripe/return/", follow=True)
    assert "Welcome back from Stripe" in back.content.decode()
    vendor_services.vendor_stripe_account_updated(
        stripe_account_id=vendor.stripe_account_id,
        charges_enabled=True,
        payouts_enabled=True,
        event_created=int(time.time()),
    )
    back = client.get("/seller/verification/stripe/return/", follow=True)
    assert "payouts are enabled" in back.content.decode() and 'data-state="enabled"' in back.content.decode()
    # Finance staff see the state but not the button.
    html = browser(_member(vendor, "finance")).get("/seller/verification/").content.decode()
    assert 'data-state="enabled"' in html and "/seller/verification/stripe/" not in html
    assert browser(_member(vendor, "manager")).get("/seller/verification/stripe/").status_code == 403


def test_stripe_onboarding_before_the_approval_says_why_on_the_page():
    vendor, owner = make_vendor(name="Neu", approved=False)
    response = browser(owner).get("/seller/verification/stripe/", follow=True)
    assert "Only an approved vendor can connect a payout account" in response.content.decode()
    assert Vendor.objects.get(id=vendor.id).stripe_account_id == ""


def test_invitations_start_at_the_least_privileged_role_with_translated_names():
    vendor, owner = make_vendor(name="Alpha")
    response = browser(owner).get("/seller/staff/", HTTP_ACCEPT_LANGUAGE="de")
    form = response.context["invitation_form"]
    assert form["role"].value() == "finance"
    html = response.content.decode()
    assert '<option value="finance" selected>Finanzen</option>' in html
    for code in ("owner", "manager", "fulfilment"):
        assert f'<option value="{code}">{code}</option>' not in html


@pytest.mark.parametrize("role, sees", [("owner", True), ("finance", True), ("manager", False), ("fulfilment", False)])
def test_the_iban_only_for_owner_and_finance(role, sees):
    vendor, owner = make_vendor(name="Alpha")
    user = owner if role == "owner" else _member(vendor, role)
    html = browser(user).get("/seller/trader/").content.decode()
    assert ("IBAN" in html) is sees and (vendor.iban in html) is sees
