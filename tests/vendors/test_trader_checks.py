"""Trader traceability (DSA Art. 30): a business seller's offers go live only with complete and
plausible trader data; each missing or implausible item is named and blocks publication."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.errors import NotFound
from marketplace.models import AuditLogEntry
from tests.conftest import client_for, row_counts
from tests.factories import IDENTITY_PDF, UserFactory, make_application, make_offer, make_operator
from vendors import services as vendor_services
from vendors.models import Vendor
from vendors.selectors import live_offer_get
from vendors.services.stripe_connect import vendor_stripe_account_create
from vendors.services.trader import TraderData, vendor_trader_certify, vendor_trader_check, vendor_trader_update

pytestmark = pytest.mark.django_db

COMPLETE_REGISTER = TraderData(register_court="Amtsgericht Berlin-Charlottenburg", register_number="HRB 123456 B")


def applied_vendor(**application):
    owner = UserFactory()
    vendor = vendor_services.vendor_apply(user=owner, application=make_application(email=owner.email, **application))
    operator = make_operator()
    vendor_services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    vendor = vendor_services.vendor_approve(actor=operator, vendor_id=vendor.id)
    vendor = vendor_stripe_account_create(vendor_id=vendor.id)
    vendor_services.vendor_stripe_account_updated(
        stripe_account_id=vendor.stripe_account_id,
        charges_enabled=True,
        payouts_enabled=True,
        event_created=int(time.time()),
    )
    vendor.refresh_from_db()
    return vendor, owner


def complete(vendor, owner, *, skip=(), register=COMPLETE_REGISTER):
    """Give everything the check wants except ``skip``."""
    if "register" not in skip:
        vendor_trader_update(vendor=vendor, actor=owner, data=register)
    if "identity_document" not in skip:
        vendor_services.vendor_document_upload(
            vendor=vendor, actor=owner, kind="identity", upload=SimpleUploadedFile("id.pdf", IDENTITY_PDF)
        )
    if "self_certification" not in skip:
        vendor_trader_certify(vendor=vendor, actor=owner)
    vendor.refresh_from_db()
    return vendor


def problems(vendor) -> set[tuple[str, str]]:
    vendor.refresh_from_db()
    return {(p["field"], p["code"]) for p in vendor.trader_problems}


def test_complete_trader_data_lets_offers_go_live(category):
    vendor, owner = applied_vendor()
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    assert not vendor.can_sell
    with pytest.raises(NotFound):
        live_offer_get(offer_id=offer.id)
    vendor = complete(vendor, owner)
    assert vendor.trader_ok and vendor.trader_problems == [] and vendor.can_sell
    assert live_offer_get(offer_id=offer.id).id == offer.id
    checks = AuditLogEntry.objects.filter(action="vendor.trader_checked", object_id=str(vendor.id)).order_by("id")
    assert checks.last().data == {"ok": True, "problems": [], "changed": True}


@pytest.mark.parametrize(
    ("application", "skip", "expected"),
    [
        ({"contact_phone": ""}, (), ("contact_phone", "missing")),
        ({"contact_phone": "ruf mich an"}, (), ("contact_phone", "implausible")),
        ({"contact_phone": "12"}, (), ("contact_phone", "implausible")),
        ({}, ("identity_document",), ("identity_document", "missing")),
        ({}, ("self_certification",), ("self_certification", "missing")),
        ({}, ("register",), ("register_court", "missing")),
        ({}, ("register",), ("register_number", "missing")),
    ],
    ids=[
        "phone-missing",
        "phone-words",
        "phone-short",
        "identity",
        "certification",
        "register-court",
        "register-number",
    ],
)
def test_each_missing_or_implausible_item_blocks_publication(category, application, skip, expected):
    vendor, owner = applied_vendor(**application)
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    vendor = complete(vendor, owner, skip=skip)
    assert expected in problems(vendor)
    assert not vendor.trader_ok and not vendor.can_sell
    with pytest.raises(NotFound):
        live_offer_get(offer_id=offer.id)


def test_stored_data_that_became_implausible_is_reported(category):
    """Rows from before a rule (or written by an older version) are judged on the next check."""
    vendor, owner = applied_vendor()
    vendor = complete(vendor, owner)
    Vendor.objects.filter(id=vendor.id).update(
        legal_name="",
        street="",
        postal_code="1234",
        city="",
        email="kein-at-zeichen",
        register_number="HRA 1",
        vat_id="DE000000000",
        iban="DE00123",
        stripe_account_id="",
    )
    vendor = vendor_trader_check(vendor_id=vendor.id, actor=None)
    assert problems(vendor) == {
        ("legal_name", "missing"),
        ("street", "missing"),
        ("city", "missing"),
        ("postal_code", "implausible"),
        ("email", "implausible"),
        ("register_number", "implausible"),
        ("vat_id", "implausible"),
        ("iban", "implausible"),
    }
    Vendor.objects.filter(id=vendor.id).update(iban="")
    assert ("payment_account", "missing") in problems(vendor_trader_check(vendor_id=vendor.id, actor=None))


def test_a_sole_trader_needs_no_register_entry_and_a_gmbh_needs_part_b():
    vendor, owner = applied_vendor(legal_form="sole_trader", legal_name="Erika Mustermann")
    vendor = complete(vendor, owner, skip=("register",))
    assert vendor.trader_ok
    other, other_owner = applied_vendor()
    response = client_for(other_owner).patch(
        "/api/seller/vendor/trader/", {"register_court": "AG Berlin", "register_number": "HRA 12345"}, format="json"
    )
    assert response.status_code == 400 and "register_number" in response.data


def test_a_private_seller_sells_without_trader_data(category):
    vendor, owner = applied_vendor()
    vendor = vendor_trader_update(vendor=vendor, actor=owner, data=TraderData(seller_kind="consumer"))
    assert vendor.trader_ok and vendor.can_sell
    assert problems(vendor) == set()


def test_the_api_lists_what_is_missing_in_the_readers_language():
    vendor, owner = applied_vendor(contact_phone="")
    client = client_for(owner)
    body = client.get("/api/seller/vendor/trader/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["ok"] is False
    messages = {p["field"]: p["message"] for p in body["problems"]}
    assert messages["contact_phone"] == "A telephone number is missing."
    assert set(messages) == {
        "contact_phone",
        "identity_document",
        "register_court",
        "register_number",
        "self_certification",
    }
    german = client.get("/api/seller/vendor/trader/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert {p["field"]: p["message"] for p in german["problems"]}["contact_phone"] == "Eine Telefonnummer fehlt."
    body = client.post("/api/seller/vendor/trader/certification/").json()
    assert body["certification"]["version"] and "self_certification" not in {p["field"] for p in body["problems"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_phone", "bitte mailen"),
        ("email", "kein-at-zeichen"),
        ("postal_code", "1234"),
        ("register_number", "12345"),
        ("vat_id", "DE123"),
        ("iban", "DE00 1234"),
        ("seller_kind", "verein"),
        ("legal_name", ""),
    ],
)
def test_implausible_input_is_refused_naming_the_field_and_changes_nothing(field, value):
    vendor, owner = applied_vendor()
    vendor = complete(vendor, owner)
    before, state = row_counts(), Vendor.objects.filter(id=vendor.id).values().get()
    response = client_for(owner).patch(
        "/api/seller/vendor/trader/", {field: value}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.content
    assert field in response.json(), response.content
    assert row_counts() == before
    assert Vendor.objects.filter(id=vendor.id).values().get() == state


def test_staff_without_the_account_permission_cannot_change_trader_data():
    vendor, owner = applied_vendor()
    clerk = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=clerk, role="fulfilment")
    response = client_for(clerk).patch("/api/seller/vendor/trader/", {"contact_phone": ""}, format="json")
    assert response.status_code == 403
    assert client_for(clerk).get("/api/seller/vendor/trader/").status_code == 403  # nor read the trader record
    assert client_for(owner).get("/api/seller/vendor/trader/").status_code == 200
