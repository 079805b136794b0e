"""Withdrawal period: a business seller's offer gives consumers at least 14 days (longer is
allowed); only a private (C2C) seller may offer no returns."""

import pytest

from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_vendor
from vendors.services.trader import TraderData, vendor_trader_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", [0, 7, 13])
def test_a_business_seller_cannot_offer_less_than_14_days(category, days):
    vendor, owner = make_vendor()
    before = row_counts()
    response = client_for(owner).post(
        "/api/seller/listings/",
        {
            "category": category.id,
            "title": "Helm",
            "price": {"amount": 1999, "currency": "EUR"},
            "stock": 1,
            "return_window_days": days,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "return_window_days" in response.json()
    assert "14" in str(response.json()["return_window_days"])
    assert row_counts() == before


def test_the_withdrawal_error_names_the_right_in_both_languages(category):
    vendor, owner = make_vendor()
    offer = make_offer(vendor=vendor, owner=owner, category=category)
    api = client_for(owner)
    en = api.patch(
        f"/api/seller/offers/{offer.id}/", {"return_window_days": 0}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    de = api.patch(
        f"/api/seller/offers/{offer.id}/", {"return_window_days": 0}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert en.status_code == de.status_code == 400
    assert "at least 14 days to withdraw" in str(en.json()["return_window_days"])
    assert "mindestens 14 Tage Widerrufsfrist" in str(de.json()["return_window_days"])
    assert api.patch(f"/api/seller/offers/{offer.id}/", {"return_window_days": 100}, format="json").status_code == 200


def test_a_private_seller_may_offer_no_returns_until_it_becomes_a_business(category):
    vendor, owner = make_vendor()
    vendor = vendor_trader_update(vendor=vendor, actor=owner, data=TraderData(seller_kind="consumer"))
    offer = make_offer(vendor=vendor, owner=owner, category=category, return_window_days=0)
    assert offer.return_window_days == 0
    response = client_for(owner).patch(
        "/api/seller/vendor/trader/", {"seller_kind": "business"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409 and offer.sku in str(response.json()["seller_kind"])
    vendor.refresh_from_db()
    assert vendor.seller_kind == "consumer"
