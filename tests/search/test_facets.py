"""Facet counts equal what the database says; filters, sorting and cursor pagination."""

from collections import Counter

import pytest

from search.indexing import product_documents
from search.selectors import SearchFilters, product_search
from vendors.models import Offer, Product
from vendors.selectors import LIVE_OFFER

pytestmark = pytest.mark.django_db


def db_documents() -> list[dict]:
    """The documents the database says should be searchable (independent of the engine)."""
    ids = list(
        Product.objects.filter(id__in=Offer.objects.filter(LIVE_OFFER).values("product_id")).values_list(
            "id", flat=True
        )
    )
    return [doc for doc in product_documents(ids).values() if doc]


def counts(result, name: str) -> dict[str, int]:
    return {f.value: f.count for f in result.facets[name] if f.count}


def test_facet_counts_match_the_database(corpus):
    docs = db_documents()
    result = product_search(size=100)
    assert result.total == len(docs) == len(corpus["products"])
    assert counts(result, "brand") == dict(Counter(d["brand"] for d in docs))
    assert counts(result, "category") == dict(Counter(p for d in docs for p in d["category_paths"]))
    assert counts(result, "condition") == dict(Counter(c for d in docs for c in d["conditions"]))
    assert counts(result, "vendor") == {str(k): v for k, v in Counter(v for d in docs for v in d["vendor_ids"]).items()}
    assert counts(result, "in_stock") == {"true": sum(d["in_stock"] for d in docs)}
    delivery = {f.value: f.count for f in result.facets["delivery"]}
    assert delivery == {"1": 0, "3": len(docs) - 1, "7": len(docs)}  # all ship in 2 days but the shoes (5)
    assert sum(f.count for f in result.facets["price"]) == len(docs)
    # Hierarchy: the parent counts its subcategories' products.
    assert counts(result, "category")["sport"] == counts(result, "category")["sport/fahrrad"] + 3
    vendor_labels = {f.label for f in result.facets["vendor"]}
    assert vendor_labels == {"Alpha", "Beta"}


def test_facets_follow_the_filters(corpus):
    bikes = corpus["categories"]["helme"].parent
    result = product_search(filters=SearchFilters(category=bikes.id, brands=["Uvex"]), size=100)
    docs = [d for d in db_documents() if "sport/fahrrad" in d["category_paths"] and d["brand"] == "Uvex"]
    assert {h.id for h in result.hits} == {d["product_id"] for d in docs}
    assert counts(result, "condition") == dict(Counter(c for d in docs for c in d["conditions"]))


@pytest.mark.parametrize(
    "filters, keys",
    [
        (SearchFilters(price_min=2000, price_max=3000), {"lamp", "titan_title"}),
        (SearchFilters(conditions=["used"]), {"ski_helmet"}),
        (SearchFilters(in_stock=False), {"grinder"}),
        (SearchFilters(max_delivery_days=2, brands=["Asics", "Deuter"]), {"backpack"}),
    ],
)
def test_filters(corpus, filters, keys):
    result = product_search(filters=filters, size=100)
    assert {h.id for h in result.hits} == {corpus["products"][k] for k in keys}


def test_vendor_filter_and_sorting(corpus):
    alpha = corpus["vendors"]["alpha"][0]
    result = product_search(filters=SearchFilters(vendors=[alpha.id]), sort="price_desc", size=100)
    prices = [h.min_price for h in result.hits]
    assert prices == sorted(prices, reverse=True) and len(prices) == 6
    newest = product_search(sort="newest", size=3).hits
    assert newest[0].id == max(corpus["products"].values())
    assert product_search(sort="rating", size=100).total == len(corpus["products"])  # unrated, all present


def test_cursor_pages_through_everything_once(corpus):
    seen, cursor = [], None
    while True:
        result = product_search(sort="price_asc", size=5, cursor=cursor)
        seen += [(h.min_price, h.id) for h in result.hits]
        cursor = result.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(corpus["products"])
    assert seen == sorted(seen)


def test_attribute_facets_and_filters_follow_the_category_schema(corpus, api):
    from marketplace.models import AttributeDefinition

    sport = corpus["categories"]["sport"]
    AttributeDefinition.objects.create(
        category=sport, code="material", name_de="Material", name_en="Material", kind=AttributeDefinition.Kind.TEXT
    )
    result = product_search(filters=SearchFilters(category=sport.id), size=100)
    assert counts(result, "attr:material") == {"Titan": 1}
    assert "attr:material" not in product_search(size=100).facets  # no category, no schema facets
    body = api.get("/api/search/products/", {"category": sport.id, "attr": "material:Titan"}).json()
    assert [hit["id"] for hit in body["hits"]] == [corpus["products"]["titan_attr"]]
    response = api.get("/api/search/products/", {"category": sport.id, "attr": "farbe:rot"})
    assert response.status_code == 400 and "material" in response.json()["attr"][0]
