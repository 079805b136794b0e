"""Applying: every field checked (400 naming the field, nothing stored), and documents checked by
content and size, stored under MEDIA_ROOT and only ever downloaded as attachments."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.models import AuditLogEntry
from marketplace.outbox import outbox_deliver
from tests.conftest import client_for, row_counts
from tests.factories import CategoryFactory, UserFactory, application_data, make_operator, make_vendor
from vendors.models import Vendor, VendorDocument, VendorMember
from vendors.services.documents import MAX_DOCUMENT_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_apply_stores_the_normalised_application_and_makes_the_applicant_owner():
    owner = UserFactory()
    categories = [CategoryFactory(), CategoryFactory()]
    data = application_data(
        name="Radhaus Nord",
        email="Shop@Radhaus.example",
        category_ids=[c.id for c in categories],
        vat_id="de 136 695 976",
        iban="de89 3704 0044 0532 0130 00",
        country="de",
    )
    response = client_for(owner).post("/api/vendors/apply/", data, format="json")
    assert response.status_code == 201, response.data
    vendor = Vendor.objects.get(id=response.data["id"])
    assert (vendor.status, vendor.country, vendor.vat_id, vendor.iban) == (
        "applied",
        "DE",
        "DE136695976",
        "DE89370400440532013000",
    )
    assert vendor.email == "shop@radhaus.example"
    assert sorted(vendor.intended_categories.values_list("id", flat=True)) == sorted(c.id for c in categories)
    assert (vendor.legal_form, vendor.street, vendor.postal_code, vendor.city) == (
        "gmbh",
        "Hauptstraße 1",
        "10115",
        "Berlin",
    )
    assert vendor.contact_name == "Erika Mustermann" and vendor.return_policy
    assert VendorMember.objects.get(vendor=vendor).user == owner
    assert AuditLogEntry.objects.filter(action="vendor.applied", object_id=str(vendor.id), actor=owner).exists()
    outbox_deliver()
    assert [m.to for m in mail.outbox] == [["shop@radhaus.example"]]
    # Applied in English (Accept-Language), so it is written to in English.
    assert vendor.language == "en"
    assert mail.outbox[0].subject == "We received your application"


def test_vendors_applying_in_german_get_german_mail(category):
    owner = UserFactory()
    api = client_for(owner)
    response = api.post(
        "/api/vendors/apply/",
        application_data(name="Deutsch", category_ids=[category.id]),
        format="json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 201
    assert Vendor.objects.get(id=response.data["id"]).language == "de"
    outbox_deliver()
    assert mail.outbox[0].subject == "Wir haben Ihre Bewerbung erhalten"


def test_sole_traders_may_apply_without_a_vat_id(category):
    data = application_data(name="Einzeln", legal_form="sole_trader", vat_id="", category_ids=[category.id])
    response = client_for(UserFactory()).post("/api/vendors/apply/", data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["vat_id"] == ""


def test_swiss_vendor_with_swiss_vat_number(category):
    data = application_data(
        name="Uhren Bern",
        country="CH",
        postal_code="3011",
        vat_id="CHE-116.356.992 MWST",
        iban="CH9300762011623852957",
        category_ids=[category.id],
    )
    response = client_for(UserFactory()).post("/api/vendors/apply/", data, format="json")
    assert response.status_code == 201, response.data


BAD_FIELDS = [
    # (override, field named in the answer, words of the message)
    ({"name": ""}, "name", "blank"),
    ({"legal_name": ""}, "legal_name", "blank"),
    ({"legal_form": "llc"}, "legal_form", "allowed"),
    ({"street": ""}, "street", "blank"),
    ({"postal_code": "1011"}, "postal_code", "postal code of DE"),
    ({"postal_code": ""}, "postal_code", "blank"),
    ({"city": ""}, "city", "blank"),
    ({"country": "US"}, "country", "allowed"),
    ({"country": "Germany"}, "country", "2 characters"),
    ({"email": "not-an-address"}, "email", "valid email"),
    ({"contact_name": ""}, "contact_name", "blank"),
    ({"vat_id": "DE123456789"}, "vat_id", "check digit"),
    ({"vat_id": "ATU13585627"}, "vat_id", "start with DE"),
    ({"vat_id": ""}, "vat_id", "required unless you are a sole trader"),
    ({"vat_id": "XX12"}, "vat_id", "not a valid VAT ID"),
    ({"iban": "DE89370400440532013001"}, "iban", "check digits"),
    ({"iban": "DE8937040044"}, "iban", "not a valid IBAN"),
    ({"iban": ""}, "iban", "blank"),
    ({"intended_categories": []}, "intended_categories", "empty"),
    ({"intended_categories": [999999]}, "intended_categories", "Unknown categories: 999999"),
    ({"intended_categories": ["x"]}, "intended_categories", "valid integer"),
    ({"return_policy": ""}, "return_policy", "blank"),
    ({"return_policy": "x" * 10_001}, "return_policy", "10000"),
]


@pytest.mark.parametrize("override,field,words", BAD_FIELDS, ids=[f"{f}-{i}" for i, (_, f, _) in enumerate(BAD_FIELDS)])
def test_each_bad_field_is_named_and_nothing_is_stored(category, override, field, words):
    data = application_data(name="Fehler", category_ids=[category.id])
    data.update(override)
    before = row_counts()
    response = client_for(UserFactory()).post("/api/vendors/apply/", data, format="json")
    assert response.status_code == 400
    assert field in response.data, response.data
    message = str(response.data[field])
    assert words in message, message
    assert row_counts() == before


def test_several_bad_fields_are_reported_together(category):
    data = application_data(name="Viele", category_ids=[category.id], vat_id="DE123", iban="DE00", postal_code="x")
    response = client_for(UserFactory()).post("/api/vendors/apply/", data, format="json")
    assert response.status_code == 400
    assert {"vat_id", "iban", "postal_code"} <= set(response.data)


def test_anonymous_users_cannot_apply(api, category):
    before = row_counts()
    response = api.post("/api/vendors/apply/", application_data(category_ids=[category.id]), format="json")
    assert response.status_code in (401, 403)
    assert row_counts() == before


# --------------------------------------------------------------------------- documents


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(client, name: str, content: bytes, kind="trade_register", content_type="application/octet-stream"):
    return client.post(
        "/api/seller/vendor/documents/",
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


@pytest.mark.parametrize(
    "name,content,detected,ext",
    [
        ("auszug.pdf", pdf_bytes(), "application/pdf", "pdf"),
        ("ausweis.png", image_bytes("PNG"), "image/png", "png"),
        # The name says PDF, the bytes say JPEG: the bytes win.
        ("scan.pdf", image_bytes("JPEG"), "image/jpeg", "jpg"),
    ],
)
def test_documents_are_recognised_by_content_and_stored_under_media_root(media_root, name, content, detected, ext):
    vendor, owner = make_vendor(name="Dokumente", approved=False)
    response = upload(client_for(owner), name, content, content_type="text/html")
    assert response.status_code == 201, response.data
    assert response.data["content_type"] == detected
    document = VendorDocument.objects.get(id=response.data["id"])
    path = media_root / document.file.name
    assert path.read_bytes() == content
    assert path.suffix == f".{ext}" and name not in str(path)
    assert document.original_name == name
    assert AuditLogEntry.objects.filter(action="vendor.document_uploaded", object_id=str(vendor.id)).exists()

    response = client_for(owner).get(f"/api/seller/vendor/documents/{document.id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == detected
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content

    listing = client_for(owner).get("/api/seller/vendor/documents/")
    assert [d["id"] for d in listing.data["results"]] == [document.id]
    # Operators review it too.
    operator_api = client_for(make_operator())
    assert operator_api.get(f"/api/operator/vendors/{vendor.id}/documents/{document.id}/").status_code == 200
    assert [d["id"] for d in operator_api.get(f"/api/operator/vendors/{vendor.id}/documents/").data["results"]] == [
        document.id
    ]


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "Only PDF, PNG or JPEG"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "Only PDF, PNG or JPEG"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "damaged"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(media_root, name, content, words):
    vendor, owner = make_vendor(name="Schlecht", approved=False)
    before = row_counts()
    response = upload(client_for(owner), name, content, content_type="application/pdf")
    assert response.status_code == 400
    assert "file" in response.data and words in str(response.data["file"]), response.data
    assert row_counts() == before
    assert not (media_root / "vendor_documents").exists()


def test_documents_over_the_size_limit_are_refused(media_root):
    vendor, owner = make_vendor(name="Gross", approved=False)
    before = row_counts()
    response = upload(client_for(owner), "big.pdf", pdf_bytes() + b"0" * MAX_DOCUMENT_BYTES)
    assert response.status_code == 400
    assert "10 MB" in str(response.data["file"])
    assert row_counts() == before
    assert not (media_root / "vendor_documents").exists()


@pytest.mark.parametrize(
    "data,field", [({"kind": "passport_selfie"}, "kind"), ({"kind": "identity", "file": ""}, "file")]
)
def test_document_kind_and_file_are_required(data, field):
    vendor, owner = make_vendor(name="Art", approved=False)
    before = row_counts()
    payload = {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), **data}
    if payload.get("file") == "":
        payload.pop("file")
    response = client_for(owner).post("/api/seller/vendor/documents/", payload, format="multipart")
    assert response.status_code == 400 and field in response.data
    assert row_counts() == before


def test_rejected_vendors_cannot_upload(operator):
    vendor, owner = make_vendor(name="Abgelehnt", approved=False)
    client_for(operator).post(f"/api/operator/vendors/{vendor.id}/start-review/")
    response = client_for(operator).post(
        f"/api/operator/vendors/{vendor.id}/reject/", {"reason": "Kein Gewerbe"}, format="json"
    )
    assert response.status_code == 200
    before = row_counts()
    response = upload(client_for(owner), "a.pdf", pdf_bytes())
    assert response.status_code == 409
    assert row_counts() == before
