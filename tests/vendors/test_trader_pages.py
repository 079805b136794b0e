"""Art. 31 DSA on the pages: every offer and the seller page show the trader's identity and
contact; private sellers are labelled. Seller portal and console show the check result."""

import pytest
from django.test import Client

from tests.factories import login_operator, make_offer, make_vendor
from vendors.services.trader import TraderData, vendor_trader_update

pytestmark = pytest.mark.django_db

WORDS = {
    "en": {
        "trader": "Trader details",
        "phone": "Telephone",
        "register": "Trade register",
        "private": "Private seller",
        "no_withdrawal": "does not apply",
        "missing": "A telephone number is missing.",
    },
    "de": {
        "trader": "Angaben zum Unternehmer",
        "phone": "Telefon",
        "register": "Handelsregister",
        "private": "Privatverkäufer",
        "no_withdrawal": "gilt für Käufe bei diesem Verkäufer nicht",
        "missing": "Eine Telefonnummer fehlt.",
    },
}


@pytest.fixture
def sellers(category):
    business, owner = make_vendor(name="Alpha")
    private, private_owner = make_vendor(name="Privat Paul")
    private = vendor_trader_update(vendor=private, actor=private_owner, data=TraderData(seller_kind="consumer"))
    offer = make_offer(vendor=business, owner=owner, category=category, title="Fahrradhelm", gtin="4006381333931")
    make_offer(vendor=private, owner=private_owner, category=category, title="ignored", gtin="4006381333931", price=999)
    business.refresh_from_db()
    return business, owner, private, offer


@pytest.mark.parametrize("language", ["en", "de"])
def test_product_page_shows_trader_details_on_each_offer_and_labels_private_sellers(sellers, language):
    business, _owner, private, offer = sellers
    html = Client(HTTP_ACCEPT_LANGUAGE=language).get(f"/p/{offer.product_id}/").content.decode()
    words = WORDS[language]
    for value in (
        business.legal_name,
        business.street,
        business.postal_code,
        business.city,
        business.contact_phone,
        business.email,
        business.register_court,
        business.register_number,
        business.vat_id,
    ):
        assert value and value in html
    assert words["phone"] in html and words["register"] in html
    assert html.count(words["private"]) >= 1 and words["no_withdrawal"] in html
    assert f"/sellers/{business.id}/" in html and f"/sellers/{private.id}/" in html
    assert private.email not in html  # a private seller's contact is not published with the offer


@pytest.mark.parametrize("language", ["en", "de"])
def test_seller_page_shows_the_trader_or_the_private_label(sellers, language):
    business, _owner, private, offer = sellers
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = client.get(f"/sellers/{business.id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert WORDS[language]["trader"] in html and business.legal_name in html and business.register_number in html
    assert business.vat_id in html and f"/p/{offer.product_id}/" in html
    private_html = client.get(f"/sellers/{private.id}/").content.decode()
    assert WORDS[language]["private"] in private_html and private.register_court not in private_html


def test_seller_page_of_an_unapproved_seller_is_missing():
    applicant, _owner = make_vendor(name="Neu", approved=False)
    assert Client().get(f"/sellers/{applicant.id}/").status_code == 404
    assert Client().get("/sellers/999999/").status_code == 404


@pytest.mark.parametrize("language", ["en", "de"])
def test_portal_lists_what_is_missing_and_saves_with_field_errors(language):
    vendor, owner = make_vendor(name="Alpha")
    vendor_trader_update(vendor=vendor, actor=owner, data=TraderData(contact_phone=""))
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(owner)
    html = client.get(f"/seller/trader/?vendor={vendor.id}").content.decode()
    assert WORDS[language]["missing"] in html
    form = {
        "seller_kind": "business",
        "legal_name": vendor.legal_name,
        "legal_form": "gmbh",
        "street": vendor.street,
        "postal_code": vendor.postal_code,
        "city": vendor.city,
        "country": "DE",
        "email": vendor.email,
        "register_court": vendor.register_court,
        "register_number": vendor.register_number,
        "vat_id": vendor.vat_id,
        "iban": vendor.iban,
        "vendor": vendor.id,
    }
    bad = client.post("/seller/trader/update/", {**form, "contact_phone": "ruf an"})
    assert bad.status_code == 400 and 'id="id_contact_phone-error"' in bad.content.decode()
    good = client.post("/seller/trader/update/", {**form, "contact_phone": "+49 30 1234567"})
    assert good.status_code == 302
    vendor.refresh_from_db()
    assert vendor.trader_ok and vendor.contact_phone == "+49 30 1234567"


def test_console_shows_the_check_result_and_rechecks(operator):
    vendor, owner = make_vendor(name="Alpha", operator=operator)
    vendor_trader_update(vendor=vendor, actor=owner, data=TraderData(register_number=""))
    client = login_operator(Client(HTTP_ACCEPT_LANGUAGE="en"), operator)
    html = client.get(f"/console/vendors/{vendor.id}/trader/").content.decode()
    assert "Check failed" in html and 'data-field="register_number"' in html
    assert client.post(f"/console/vendors/{vendor.id}/trader/check/").status_code == 302
