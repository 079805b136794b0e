"""When the engine is unreachable, home and search pages list products from the database."""

import pytest
from django.test import Client

from search.selectors import product_listing_from_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_engine(corpus, settings):
    settings.OPENSEARCH_URL, settings.OPENSEARCH_TIMEOUT = "http://127.0.0.1:9", 1  # nothing listens there
    return corpus


def test_home_lists_newest_products_from_the_database_with_a_notice(dead_engine):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-search-fallback" in html
    assert "Brillenetui Hart" in html  # the newest product of the corpus


def test_search_page_falls_back_to_a_database_listing(dead_engine):
    kaffee = dead_engine["categories"]["kaffee"]
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/search/", {"q": "mühle"})
    html = response.content.decode()
    assert response.status_code == 200 and "data-search-fallback" in html
    assert "Coffee grinder Aroma" in html and "Espresso machine" not in html
    in_category = Client().get("/search/", {"category": kaffee.id, "sort": "price_asc"})
    assert [hit.title for hit in in_category.context["result"].hits] == [
        "Titan Thermosflasche",
        "Kaffeemühle Aroma",
        "Espressomaschine Barista",
    ]
    assert Client().get("/search/", {"category": 999999}).status_code == 400


def test_database_listing_leaves_out_what_is_not_for_sale(dead_engine):
    from tests.search.conftest import suspend_vendor

    suspend_vendor(dead_engine["vendors"]["beta"][0])
    result = product_listing_from_database(size=100)
    assert result.degraded and result.total == 6
    assert all(hit.vendor_names == ["Alpha"] for hit in result.hits)
