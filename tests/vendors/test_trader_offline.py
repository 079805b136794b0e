"""A change to trader data re-runs the check; failing takes the offers out of the real search
index, fixing it brings them back (through the outbox events the vendor already publishes)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import AuditLogEntry
from marketplace.outbox import outbox_deliver
from search.engine import client, products_alias
from search.indexing import index_refresh
from tests.conftest import client_for
from tests.factories import IDENTITY_PDF, make_offer, make_vendor
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db


def indexed(product_id) -> bool:
    outbox_deliver()
    index_refresh()
    return client().exists(index=products_alias(), id=product_id)


def test_trader_data_change_takes_offers_offline_and_back(search_index, category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradhelm")
    assert indexed(offer.product_id)
    api = client_for(owner)

    body = api.patch(
        "/api/seller/vendor/trader/", {"contact_phone": ""}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["ok"] is False and [p["field"] for p in body["problems"]] == ["contact_phone"]
    assert not indexed(offer.product_id)

    body = api.patch("/api/seller/vendor/trader/", {"contact_phone": "+49 30 9876543"}, format="json").json()
    assert body["ok"] is True and body["problems"] == []
    assert indexed(offer.product_id)

    actions = list(
        AuditLogEntry.objects.filter(object_id=str(vendor.id), action__startswith="vendor.trader")
        .order_by("id")
        .values_list("action", "data")
    )[-4:]
    assert actions == [
        ("vendor.trader_data_changed", {"fields": ["contact_phone"]}),
        (
            "vendor.trader_checked",
            {"ok": False, "problems": [{"field": "contact_phone", "code": "missing"}], "changed": True},
        ),
        ("vendor.trader_data_changed", {"fields": ["contact_phone"]}),
        ("vendor.trader_checked", {"ok": True, "problems": [], "changed": True}),
    ]


def test_deleting_the_identity_document_takes_offers_offline(search_index, category):
    vendor, owner = make_vendor(name="Beta")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Kaffeemühle")
    assert indexed(offer.product_id)
    # Uploaded after the approval (as the factory does), so the vendor may withdraw it.
    document = vendor.documents.get(kind="identity")
    vendor_services.vendor_document_delete(vendor=vendor, actor=owner, document_id=document.id)
    assert not indexed(offer.product_id)
    vendor_services.vendor_document_upload(
        vendor=vendor, actor=owner, kind="identity", upload=SimpleUploadedFile("neu.pdf", IDENTITY_PDF)
    )
    assert indexed(offer.product_id)


def test_closing_the_account_takes_offers_offline(search_index, category, operator):
    vendor, owner = make_vendor(name="Gamma")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe")
    assert indexed(offer.product_id)
    response = client_for(operator).post(
        f"/api/operator/vendors/{vendor.id}/close/", {"reason": "Vertrag gekündigt"}, format="json"
    )
    assert response.status_code == 200 and response.json()["closed_at"]
    assert not indexed(offer.product_id)
    assert client_for(operator).post(f"/api/operator/vendors/{vendor.id}/close/", {}, format="json").status_code == 409
