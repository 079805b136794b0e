"""The cart page shows each seller's shipping charge and how far the group is from free shipping."""

import pytest
from django.test import Client

from tests.buyers.test_shipping import give_profile
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ("4.90", "Add", "for free shipping")), ("de", ("4,90", "Noch", "kostenlosen Versand"))],
)
def test_cart_shows_shipping_and_progress_to_free_shipping(language, words):
    category = CategoryFactory()
    vendor, owner = make_vendor(name="Paketladen")
    give_profile(vendor, owner, flat=490, threshold=5000)
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Tasse", price=1500, stock=10)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(UserFactory())
    assert client.post("/cart/add/", {"offer": offer.id, "quantity": 1}).status_code == 302
    page = client.get("/cart/")
    assert page.status_code == 200
    group = page.context["cart"].groups[0]
    assert group.shipping.amount == 490 and group.free_shipping[0].missing.amount == 3500
    text = page.content.decode()
    for word in words:
        assert word in text
    assert '<progress max="5000" value="1500">' in text
