"""Points on the account page and the checkout extras on the cart page, in German and English."""

import pytest
from django.test import Client

from buyers.loyalty.models import PointsEntry, Referral
from buyers.loyalty.services import loyalty_account_ensure, loyalty_sync
from buyers.services import cart_item_add
from tests.buyers.loyalty.helpers import all_counts, deliver, make_shop, place
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def browser(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def shop(category):
    return make_shop(category)


@pytest.mark.parametrize(
    "language, texts",
    [
        ("en", ["Loyalty points", "Balance: 99 points", "Earned on a delivered order", "Invite a friend"]),
        (
            "de",
            ["Treuepunkte", "Kontostand: 99 Punkte", "Für eine zugestellte Bestellung erhalten", "Freunde einladen"],
        ),
    ],
)
def test_account_page_shows_balance_and_history(shop, language, texts):
    buyer = UserFactory()
    order = place(buyer, shop)
    deliver(order, shop)
    loyalty_sync()
    loyalty_account_ensure(user=buyer)
    page = browser(buyer, language).get("/account/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in texts:
        assert text in html
    assert order.number in html


@pytest.mark.parametrize(
    "language, texts",
    [
        ("en", ["Points and extras", "You have 99 points", "Compensate the CO2 of my shipments", "as few shipments"]),
        (
            "de",
            [
                "Punkte und Extras",
                "Sie haben 99 Punkte",
                "CO2 meiner Sendungen ausgleichen",
                "möglichst wenigen Sendungen",
            ],
        ),
    ],
)
def test_cart_offers_points_bundle_and_co2(shop, language, texts):
    buyer = UserFactory()
    order = place(buyer, shop, key="earn")
    deliver(order, shop)
    loyalty_sync()
    cart_item_add(buyer=buyer, offer_id=shop["alpha"]["offer"].id, quantity=1)
    html = browser(buyer, language).get("/cart/").content.decode()
    for text in texts:
        assert text in html


def _checkout_form(**extra):
    return {
        "idempotency_key": "page-1",
        "name": "Erika",
        "street": "Weg 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "payment_method": "invoice",
        **extra,
    }


def test_checkout_page_redeems_points_and_adds_co2(shop, settings):
    buyer = UserFactory()
    order = place(buyer, shop, key="earn")
    deliver(order, shop)
    loyalty_sync()
    cart_item_add(buyer=buyer, offer_id=shop["alpha"]["offer"].id, quantity=1)
    client = browser(buyer, "en")
    refused = client.post("/checkout/", _checkout_form(points="100"))
    assert refused.status_code == 400 and "You have 99 points; 100 cannot be used." in refused.content.decode()
    response = client.post("/checkout/", _checkout_form(points="99", co2_compensation="1", bundle_shipments="1"))
    assert response.status_code == 302
    placed = buyer.orders.get(idempotency_key="page-1")
    assert (placed.points_redeemed, placed.co2_amount, placed.bundle_shipments) == (
        99,
        settings.ADDONS_CO2_PER_SHIPMENT,
        True,
    )


@pytest.mark.parametrize(
    "language, message", [("en", "Unknown referral code."), ("de", "Unbekannter Empfehlungscode.")]
)
def test_referral_form_on_the_account_page(language, message):
    friend, buyer = UserFactory(), UserFactory()
    code = loyalty_account_ensure(user=friend).referral_code
    client = browser(buyer, language)
    client.get("/account/")
    before = all_counts()
    bad = client.post("/account/referral/", {"code": "WRONG123"})
    assert bad.status_code == 400 and message in bad.content.decode()
    assert all_counts() == before
    assert client.post("/account/referral/", {"code": code}).status_code == 302
    assert Referral.objects.get().referred.user == buyer
    assert not PointsEntry.objects.exists()
