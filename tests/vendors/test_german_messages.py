"""The vendors' messages in German: the compiled catalogue is used for Accept-Language: de."""

import pytest
from django.utils import translation

from marketplace.money import Money
from tests.conftest import client_for, row_counts
from tests.factories import make_vendor
from vendors.shipping import PICKUP, ShippingLine, ShippingUnavailable, shipping_cost

pytestmark = pytest.mark.django_db


def test_listing_errors_in_german_and_english(category):
    vendor, owner = make_vendor(name="Alpha")
    body = {
        "category": category.id,
        "title": "Helm",
        "price": {"amount": 1999, "currency": "EUR"},
        "stock": 5,
        "gtin": "4006381333932",
    }  # wrong check digit
    before = row_counts()
    german = client_for(owner).post("/api/seller/listings/", body, format="json", HTTP_ACCEPT_LANGUAGE="de")
    assert german.status_code == 400
    assert german.data["gtin"] == [
        "Die GTIN ist ungültig: Sie braucht 8, 12, 13 oder 14 Ziffern mit korrekter Prüfziffer."
    ]
    english = client_for(owner).post("/api/seller/listings/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.data["gtin"] == ["GTIN is not valid: it needs 8, 12, 13 or 14 digits with a correct check digit."]
    assert row_counts() == before


def test_placeholders_survive_translation(category):
    vendor, owner = make_vendor(name="Alpha")
    response = client_for(owner).post(
        "/api/seller/listings/",
        {
            "category": 999_999,
            "title": "Helm",
            "price": {"amount": 1999, "currency": "EUR"},
            "stock": 2,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400 and response.data["category"] == ["Unbekannte Kategorie 999999."]
    with translation.override("de"):
        with pytest.raises(ShippingUnavailable) as error:
            shipping_cost(
                lines=[ShippingLine(Money(100, "EUR"), 1, None)], country="DE", currency="EUR", delivery=PICKUP
            )
    assert error.value.message == "Dieser Verkäufer bietet für diese Artikel keine Abholung an; wählen Sie Versand."
