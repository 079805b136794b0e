"""The product page shows similar products and products bought together (search selectors)."""

import pytest

from buyers.services import cart_item_add, checkout_place
from marketplace.outbox import outbox_deliver
from search.indexing import index_refresh
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import ADDRESS, browser

pytestmark = pytest.mark.django_db


@pytest.fixture
def coffee_shop(search_index):
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    vendor, owner = make_vendor(name="Röstwerk")
    strong = make_offer(
        vendor=vendor, owner=owner, category=category, title="Espressobohnen Kräftig", brand="Röstwerk", price=1890
    )
    mild = make_offer(
        vendor=vendor, owner=owner, category=category, title="Espressobohnen Mild", brand="Röstwerk", price=1790
    )
    filters = make_offer(
        vendor=vendor, owner=owner, category=category, title="Papierfilter Größe 4", brand="Filtra", price=299
    )
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=strong.id, quantity=1)
    cart_item_add(buyer=buyer, offer_id=filters.id, quantity=1)
    checkout_place(buyer=buyer, idempotency_key="together", payment_method="invoice", shipping_address=ADDRESS)
    outbox_deliver()
    index_refresh()
    return {"strong": strong.product, "mild": mild.product, "filters": filters.product}


def test_product_page_shows_similar_and_bought_together(coffee_shop):
    response = browser().get(f"/p/{coffee_shop['strong'].id}/")
    assert response.status_code == 200
    assert [hit.id for hit in response.context["bought_together"]] == [coffee_shop["filters"].id]
    assert coffee_shop["mild"].id in [hit.id for hit in response.context["similar"]]
    html = response.content.decode()
    assert "Often bought together" in html and "Similar products" in html and "Papierfilter Größe 4" in html
    german = browser().get(f"/p/{coffee_shop['strong'].id}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Wird oft zusammen gekauft" in german and "Ähnliche Produkte" in german


def test_product_page_without_a_search_index_has_no_recommendations_but_works(coffee_shop, settings):
    settings.OPENSEARCH_INDEX_PREFIX = "test-missing-index"
    response = browser().get(f"/p/{coffee_shop['mild'].id}/")
    assert response.status_code == 200
    assert response.context["similar"] == [] and response.context["bought_together"] == []
    assert "Espressobohnen Mild" in response.content.decode()
