"""Withdrawing verification documents: when it is allowed, who may, audit, file removal, tenants."""

import pytest

from marketplace.models import AuditLogEntry
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_operator, make_vendor
from tests.vendors.test_onboarding_application import pdf_bytes, upload
from vendors.models import VendorDocument
from vendors.services import vendor_member_add, vendor_transition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(document_id) -> str:
    return f"/api/seller/vendor/documents/{document_id}/"


def applied_vendor_with_document(name="Alpha"):
    vendor, owner = make_vendor(name=name, approved=False)
    document_id = upload(client_for(owner), "auszug.pdf", pdf_bytes()).data["id"]
    return vendor, owner, document_id


def step(vendor, *transitions):
    operator = make_operator()
    for transition, explanation in transitions:
        vendor_transition(actor=operator, vendor_id=vendor.id, transition=transition, explanation=explanation)


def test_owner_deletes_while_applied_with_audit_and_file_removed(media_root, django_capture_on_commit_callbacks):
    vendor, owner, document_id = applied_vendor_with_document()
    path = media_root / VendorDocument.objects.get(id=document_id).file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).delete(url(document_id))
    assert response.status_code == 204
    assert not VendorDocument.objects.filter(id=document_id).exists() and not path.exists()
    entry = AuditLogEntry.objects.get(action="vendor.document_deleted", object_id=str(vendor.id))
    assert entry.actor == owner and entry.data["document_id"] == document_id and entry.data["kind"] == "trade_register"
    assert client_for(owner).get(url(document_id)).status_code == 404


def test_deleting_after_an_information_request_is_allowed():
    vendor, owner, document_id = applied_vendor_with_document()
    step(vendor, ("review_start", ""), ("info_request", "Bitte aktuellen Auszug hochladen."))
    assert client_for(owner).delete(url(document_id)).status_code == 204


@pytest.mark.parametrize(
    ("transitions", "fragment"),
    [
        ([("review_start", "")], "being reviewed"),
        ([("review_start", ""), ("approve", "")], "relied on this document"),
        ([("review_start", ""), ("approve", ""), ("suspend", "Betrug")], "relied on this document"),
        ([("review_start", ""), ("reject", "Unvollständig")], "status is rejected"),
    ],
)
def test_documents_the_verification_relied_on_stay(media_root, transitions, fragment):
    vendor, owner, document_id = applied_vendor_with_document()
    step(vendor, *transitions)
    before = row_counts()
    response = client_for(owner).delete(url(document_id))
    assert response.status_code == 409 and fragment in response.data["document"][0], response.data
    assert row_counts() == before
    assert (media_root / VendorDocument.objects.get(id=document_id).file.name).exists()


def test_a_document_uploaded_after_the_approval_may_go_again():
    vendor, owner, relied_on = applied_vendor_with_document()
    step(vendor, ("review_start", ""), ("approve", ""))
    later = upload(client_for(owner), "neu.pdf", pdf_bytes()).data["id"]
    assert client_for(owner).delete(url(relied_on)).status_code == 409
    assert client_for(owner).delete(url(later)).status_code == 204


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("fulfilment", 403), ("finance", 403)])
def test_only_owners_delete_documents(role, status):
    vendor, owner, document_id = applied_vendor_with_document()
    member = UserFactory()
    vendor_member_add(vendor=vendor, user=member, role=role)
    before = row_counts()
    assert client_for(member).delete(url(document_id)).status_code == status
    assert row_counts() == before


def test_another_vendors_document_is_not_found():
    vendor, owner, document_id = applied_vendor_with_document()
    beta, beta_owner, beta_document = applied_vendor_with_document(name="Beta")
    beta_api = client_for(beta_owner)
    before = row_counts()
    foreign, missing = beta_api.delete(url(document_id)), beta_api.delete(url(999999))
    assert foreign.status_code == missing.status_code == 404 and foreign.data == missing.data
    assert row_counts() == before
    # Beta's staff without the role are told "not found" for Alpha's id too, never "forbidden".
    staff = UserFactory()
    vendor_member_add(vendor=beta, user=staff, role="fulfilment")
    assert client_for(staff).delete(url(document_id)).status_code == 404
