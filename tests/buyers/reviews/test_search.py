"""The index carries the averages (real OpenSearch): rating and count per product and per the best
offer's seller, re-indexed through the outbox when a review is written, hidden or shown again."""

import pytest

from buyers.reviews.services import review_restore, review_restrict
from marketplace.outbox import outbox_deliver
from search.engine import client, products_alias
from search.indexing import index_refresh
from tests.buyers.reviews.conftest import review_by
from tests.conftest import client_for
from tests.factories import UserFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db


def indexed(product_id: int) -> dict:
    outbox_deliver()
    index_refresh()
    return client().get(index=products_alias(), id=product_id)["_source"]


def search(**params) -> list[int]:
    body = client_for(UserFactory()).get("/api/search/products/", params).json()
    return [hit["id"] for hit in body["hits"]]


def test_index_carries_exact_averages_and_sorts_and_filters_by_them(search_index, shop, category):
    vendor, owner, offer = shop["vendor"], shop["owner"], shop["offer"]
    beta, beta_owner = make_vendor(name="Beta")
    other = make_offer(vendor=beta, owner=beta_owner, category=category, title="Kinderhelm", price=2999)
    assert indexed(offer.product_id)["rating"] is None

    first = review_by(UserFactory(), offer, vendor, owner, stars=5, seller_stars=4)
    review_by(UserFactory(), offer, vendor, owner, stars=4, seller_stars=5)
    review_by(UserFactory(), offer, vendor, owner, stars=4)
    review_by(UserFactory(), other, beta, beta_owner, stars=3, seller_stars=2)
    document = indexed(offer.product_id)
    assert (document["rating"], document["rating_count"]) == (13 / 3, 3)
    assert (document["seller_rating"], document["seller_rating_count"]) == (4.5, 2)
    assert (indexed(other.product_id)["rating"], indexed(other.product_id)["seller_rating"]) == (3.0, 2.0)

    assert search(sort="rating") == [offer.product_id, other.product_id]
    assert search(rating_min="4.3") == [offer.product_id]
    assert search(rating_min="4.4") == []
    assert search(seller_rating_min="2.5") == [offer.product_id]
    hit = client_for(UserFactory()).get("/api/search/products/", {"rating_min": "4"}).json()["hits"][0]
    assert (hit["rating_count"], hit["seller_rating_count"]) == (3, 2)

    # A hidden review leaves the average at once (outbox), and comes back when restored.
    review_restrict(first.id, reason="Unzulässig")
    assert (indexed(offer.product_id)["rating"], indexed(offer.product_id)["rating_count"]) == (4.0, 2)
    review_restore(first.id)
    assert indexed(offer.product_id)["rating_count"] == 3
