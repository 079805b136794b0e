"""The console's CO2 and points report, in German and English; staff only."""

import pytest
from django.test import Client

from buyers.loyalty.services import loyalty_sync
from tests.buyers.loyalty.helpers import deliver, make_shop, place
from tests.factories import UserFactory, login_operator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, texts",
    [
        (
            "en",
            [
                "CO2 compensation and loyalty points",
                "CO2 contributions held for the compensation project: €1.00",
                "Points buyers hold: 49",
            ],
        ),
        (
            "de",
            [
                "CO2-Ausgleich und Treuepunkte",
                "Für das Ausgleichsprojekt gehaltene CO2-Beiträge: 1,00",
                "Punkte im Besitz der Kundschaft: 49",
            ],
        ),
    ],
)
def test_console_report_shows_co2_held_and_points(category, operator, language, texts):
    shop = make_shop(category)
    buyer = UserFactory()
    deliver(place(buyer, shop, key="earn"), shop)  # 99 points
    loyalty_sync()
    place(buyer, shop, key="green", co2_compensation=True, points=50)  # 2 x 0.50 EUR CO2
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    login_operator(client, operator)
    page = client.get("/console/addons/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in texts:
        assert text in html, text
    buyer_client = Client()
    buyer_client.force_login(buyer)
    assert buyer_client.get("/console/addons/").status_code == 404
