"""Buyer-facing error messages come in the buyer's language (German catalogue in buyers/locale)."""

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "E", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.mark.parametrize("language, expected", [("de", "Ihr Warenkorb ist leer."), ("en", "Your cart is empty.")])
def test_checkout_errors_speak_the_buyers_language(language, expected):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(UserFactory())
    response = client.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": ADDRESS},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 400 and expected in str(response.data)
    missing = client.patch("/api/cart/items/999999/", {"quantity": 1}, format="json")
    assert missing.status_code == 404
    assert ("Diesen Artikel gibt es in Ihrem Warenkorb nicht." in str(missing.data)) == (language == "de")
