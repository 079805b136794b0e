"""The search API: parameters, bad input, autocomplete, did-you-mean, related products, operators."""

import pytest
from django.test import Client

from buyers.services import cart_item_add, checkout_place, vendor_order_cancel_by_buyer
from marketplace.outbox import outbox_deliver
from search.engine import client, products_alias
from search.indexing import index_refresh
from search.models import SynonymRule, ZeroResultQuery
from search.selectors import bought_together, similar_products
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from tests.search.conftest import suspend_vendor
from vendors.services import offer_update

pytestmark = pytest.mark.django_db
ADDRESS = {"name": "Erika", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def test_search_with_filters_facets_and_cursor(corpus, api):
    helme = corpus["categories"]["helme"]
    response = api.get(
        "/api/search/products/",
        {
            "q": "helm",
            "category": helme.parent.parent.id,
            "brand": "Uvex",
            "condition": ["new", "used"],
            "sort": "price_asc",
            "size": 1,
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["total"] == 2 and body["hits"][0]["id"] == corpus["products"]["kids_helmet"]
    assert body["hits"][0]["min_price"] == {"amount": 4999, "currency": "EUR"}
    assert "<mark>" in body["hits"][0]["highlight"]["title"][0]
    assert {f["value"] for f in body["facets"]["brand"]} == {"Uvex"}
    second = api.get(
        "/api/search/products/",
        {
            "q": "helm",
            "sort": "price_asc",
            "size": 1,
            "cursor": body["next_cursor"],
            "category": helme.parent.parent.id,
            "brand": "Uvex",
        },
    ).json()
    assert second["hits"][0]["id"] == corpus["products"]["ski_helmet"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"price_min": "abc"}, "price_min"),
        ({"price_min": 500, "price_max": 100}, "price_min"),
        ({"sort": "cheapest"}, "sort"),
        ({"category": 999999}, "category"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"size": 0}, "size"),
        ({"page": 2, "cursor": "eyJ4Ijox"}, "page"),
        ({"page": 1000, "size": 100}, "page"),
        ({"condition": "broken"}, "condition"),
        ({"attr": "no-colon"}, "attr"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"rating_min": 7}, "rating_min"),
        ({"highlight": "bold"}, "highlight"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(corpus, api, params, field):
    before = row_counts()
    response = api.get("/api/search/products/", params)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert row_counts() == before


def test_cursor_of_another_sort_is_refused(corpus, api):
    cursor = api.get("/api/search/products/", {"sort": "price_asc", "size": 2}).json()["next_cursor"]
    response = api.get("/api/search/products/", {"sort": "newest", "size": 2, "cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.json()


def test_autocomplete_products_categories_brands(corpus, api):
    body = api.get("/api/search/autocomplete/", {"q": "kaff"}).json()
    assert [p["id"] for p in body["products"]] == [corpus["products"]["grinder"]]
    assert [c["path"] for c in body["categories"]] == ["kaffee"]
    assert api.get("/api/search/autocomplete/", {"q": "uv"}).json()["brands"] == [{"name": "Uvex", "count": 2}]
    assert api.get("/api/search/autocomplete/", {"q": ""}).status_code == 400
    assert "q" in api.get("/api/search/autocomplete/").json()


def test_zero_results_suggest_a_correction_and_are_logged(corpus, api, operator):
    # "pstie" finds nothing (two edits in five letters): the answer carries the results for "piste".
    body = api.get("/api/search/products/", {"q": "pstie"}).json()
    assert (body["suggestion"], body["corrected_query"]) == ("piste", "piste")
    assert body["total"] == 1 and [hit["id"] for hit in body["hits"]] == [corpus["products"]["ski_helmet"]]
    assert body["hits"][0]["highlight"]["title"] == ["Skihelm <mark>Piste</mark>"]  # marked as the correction
    # A correction the filters rule out is only offered; a query nothing resembles has none.
    kaffee = corpus["categories"]["kaffee"].id
    filtered = api.get("/api/search/products/", {"q": "pstie", "category": kaffee}).json()
    assert (filtered["total"], filtered["suggestion"], filtered["corrected_query"]) == (0, "piste", None)
    plain = api.get("/api/search/products/", {"q": "xqzvjw"}).json()
    assert (plain["total"], plain["suggestion"], plain["corrected_query"]) == (0, None, None)
    assert ZeroResultQuery.objects.filter(query="xqzvjw").exists()
    ZeroResultQuery.objects.filter(query="xqzvjw").delete()
    api.get("/api/search/products/", {"q": "  PSTIE "})
    entry = ZeroResultQuery.objects.get()
    assert (entry.query, entry.count, entry.suggestion) == ("pstie", 3, "piste")
    listed = client_for(operator).get("/api/operator/search/zero-result-queries/").json()
    assert [row["query"] for row in listed["results"]] == ["pstie"]
    buyer = client_for(UserFactory())
    assert buyer.get("/api/operator/search/zero-result-queries/").status_code == 403
    assert buyer.delete(f"/api/operator/search/zero-result-queries/{entry.id}/").status_code == 403
    assert client_for(operator).delete("/api/operator/search/zero-result-queries/999999/").status_code == 404
    assert client_for(operator).delete(f"/api/operator/search/zero-result-queries/{entry.id}/").status_code == 204
    assert not ZeroResultQuery.objects.exists()


def place_orders(offers: dict, baskets: list[tuple[str, ...]], *, prefix: str) -> list:
    """One invoice order per basket, each by a new buyer: [(buyer, order)]."""
    placed = []
    for n, basket in enumerate(baskets):
        buyer = UserFactory()
        for key in basket:
            cart_item_add(buyer=buyer, offer_id=offers[key].id, quantity=1)
        placed.append(
            (
                buyer,
                checkout_place(
                    buyer=buyer, idempotency_key=f"{prefix}-{n}", payment_method="invoice", shipping_address=ADDRESS
                ),
            )
        )
    outbox_deliver()
    index_refresh()
    return placed


@pytest.mark.corpus_writes
def test_similar_products_and_foreign_or_missing_ids(corpus, api):
    products = corpus["products"]
    body = api.get(f"/api/search/products/{products['kids_helmet']}/similar/").json()
    ids = [hit["id"] for hit in body["results"]]
    assert ids[0] == products["ski_helmet"] and products["kids_helmet"] not in ids
    assert api.get("/api/search/products/999999/similar/").status_code == 404
    # A product only a suspended vendor sells is not for sale: the same 404 as a missing one.
    suspend_vendor(corpus["vendors"]["beta"][0])
    outbox_deliver()
    response = api.get(f"/api/search/products/{products['ski_helmet']}/similar/")
    assert response.status_code == 404 and "product" in response.json()
    assert api.get(f"/api/search/products/{products['ski_helmet']}/bought-together/").status_code == 404


@pytest.mark.corpus_writes
def test_related_products_of_another_vendors_unapproved_product_are_a_404(corpus, api):
    gamma, owner = make_vendor(name="Gamma")
    pending = make_offer(
        vendor=gamma, owner=owner, category=corpus["categories"]["helme"], title="Kinderhelm Neu", moderated=False
    )
    outbox_deliver()
    for kind in ("similar", "bought-together"):
        response = api.get(f"/api/search/products/{pending.product_id}/{kind}/")
        assert response.status_code == 404 and response.json()["product"] == ["No such product."]


def test_similar_products_leave_out_what_is_no_longer_for_sale(corpus, api):
    """Within the outbox's lag the index still has the ski helmet; the database says it is gone."""
    products, offers = corpus["products"], corpus["offers"]
    beta, beta_owner = corpus["vendors"]["beta"]
    offer_update(vendor=beta, actor=beta_owner, offer_id=offers["ski_helmet"].id, is_active=False)  # not delivered yet
    assert client().exists(index=products_alias(), id=products["ski_helmet"])
    ids = [hit.id for hit in similar_products(product_id=products["kids_helmet"], limit=5)]
    assert products["ski_helmet"] not in ids and products["kids_helmet"] not in ids


def test_similar_products_speak_both_languages_and_prefer_the_category(corpus):
    products = corpus["products"]
    # "Bike" in the lamp's English title: the kids' helmet (also "bike") is similar, the
    # espresso machine is not.
    ids = [hit.id for hit in similar_products(product_id=products["lamp"], limit=5)]
    assert products["kids_helmet"] in ids and products["espresso"] not in ids
    assert similar_products(product_id=products["kids_helmet"], limit=1)[0].id == products["ski_helmet"]


@pytest.mark.corpus_writes  # place_orders delivers the stock changes to the index
def test_bought_together_counts_co_purchases(corpus, api):
    offers, products = corpus["offers"], corpus["products"]
    place_orders(
        offers, [("lamp", "kids_helmet"), ("lamp", "kids_helmet", "backpack"), ("lamp", "espresso")], prefix="bt"
    )
    body = api.get(f"/api/search/products/{products['lamp']}/bought-together/").json()
    ids = [hit["id"] for hit in body["results"]]
    assert ids == [
        products["kids_helmet"],
        *sorted([products["backpack"], products["espresso"]]),
    ]  # 2 orders, then by id
    assert [
        h["id"]
        for h in api.get(f"/api/search/products/{products['lamp']}/bought-together/", {"limit": 1}).json()["results"]
    ] == [products["kids_helmet"]]
    assert api.get(f"/api/search/products/{products['grinder']}/bought-together/").json() == {"results": []}
    assert api.get("/api/search/products/999999/bought-together/").status_code == 404


@pytest.mark.corpus_writes  # place_orders delivers the stock changes to the index
def test_bought_together_leaves_out_cancelled_parts_and_products_not_for_sale(corpus, api):
    offers, products = corpus["offers"], corpus["products"]
    orders = place_orders(offers, [("lamp", "espresso"), ("lamp", "backpack"), ("lamp", "phone_case")], prefix="bx")
    buyer, order = orders[2]
    beta_part = order.vendor_orders.get(vendor=corpus["vendors"]["beta"][0])
    vendor_order_cancel_by_buyer(buyer=buyer, number=order.number, vendor_order_id=beta_part.id, reason="Zu spät")
    alpha, alpha_owner = corpus["vendors"]["alpha"]
    offer_update(vendor=alpha, actor=alpha_owner, offer_id=offers["espresso"].id, is_active=False)  # index not told yet
    ids = [hit.id for hit in bought_together(product_id=products["lamp"], limit=5)]
    assert ids == [products["backpack"]]


@pytest.mark.corpus_writes
def test_operators_maintain_synonyms(corpus, api, operator):
    staff = client_for(operator)
    created = staff.post("/api/operator/search/synonyms/", {"rule": " Natel ,  Smartphone "}, format="json")
    assert created.status_code == 201 and created.json()["rule"] == "natel, smartphone"
    outbox_deliver()
    assert api.get("/api/search/products/", {"q": "natel"}).json()["total"] == 1
    rule_id = created.json()["id"]
    assert (
        staff.put(
            f"/api/operator/search/synonyms/{rule_id}/", {"rule": "natel => smartphone"}, format="json"
        ).status_code
        == 200
    )
    assert [r["rule"] for r in staff.get("/api/operator/search/synonyms/").json()["results"]] == ["natel => smartphone"]
    assert staff.delete(f"/api/operator/search/synonyms/{rule_id}/").status_code == 204
    outbox_deliver()
    assert api.get("/api/search/products/", {"q": "natel"}).json()["total"] == 0


@pytest.mark.parametrize("rule", ["", "alleinstehend", "a, , b", "a => b => c", "rot; drop index", "x_y, z"])
def test_bad_synonym_rules_are_refused(db, operator, rule):
    before = row_counts()
    response = client_for(operator).post("/api/operator/search/synonyms/", {"rule": rule}, format="json")
    assert response.status_code == 400 and "rule" in response.json(), response.json()
    assert row_counts() == before


def test_synonym_endpoints_are_for_operators_only(db, operator):
    rule = SynonymRule.objects.create(rule="a, b")
    before = row_counts()
    buyer = client_for(UserFactory())
    assert buyer.get("/api/operator/search/synonyms/").status_code == 403
    assert buyer.post("/api/operator/search/synonyms/", {"rule": "c, d"}, format="json").status_code == 403
    assert buyer.put(f"/api/operator/search/synonyms/{rule.id}/", {"rule": "c, d"}, format="json").status_code == 403
    assert buyer.delete(f"/api/operator/search/synonyms/{rule.id}/").status_code == 403
    assert (
        client_for(operator).put("/api/operator/search/synonyms/999999/", {"rule": "c, d"}, format="json").status_code
        == 404
    )
    duplicate = client_for(operator).post("/api/operator/search/synonyms/", {"rule": "A, B"}, format="json")
    assert duplicate.status_code == 409 and "rule" in duplicate.json()
    assert row_counts() == before


def test_highlights_only_for_the_fields_asked_for(corpus, api):
    """Highlighting cost about 40 % of a search's engine time: titles by default, descriptions on
    request, nothing for the storefront's pages (their cards show no marked words)."""
    titan = corpus["products"]["titan_desc"]  # "Titan" only in its description

    def marked(params) -> dict:
        hits = api.get("/api/search/products/", {"q": "titan", **params}).json()["hits"]
        return {hit["id"]: hit["highlight"] for hit in hits}

    default = marked({})
    assert default[corpus["products"]["titan_title"]] == {"title": ["<mark>Titan</mark> Thermosflasche"]}
    assert default[titan] == {}
    assert marked({"highlight": "all"})[titan] == {
        "description": ["Ein robustes Etui, Gehäuse aus <mark>Titan</mark>, mit weichem Futter für jede Brille."]
    }
    assert not any(marked({"highlight": "none"}).values())
    page = Client(HTTP_ACCEPT_LANGUAGE="de").get("/search/", {"q": "titan"})
    assert page.status_code == 200 and len(page.context["result"].hits) == 4
    assert not any(hit.highlight for hit in page.context["result"].hits)


def test_search_answers_carry_exactly_the_declared_fields(corpus, api):
    """The answers are built by hand for speed; they must match what the schema declares."""
    from search.serializers import FacetValueOut, ProductHitOut, SearchResultOut

    body = api.get("/api/search/products/", {"q": "helm"}).json()
    assert set(body) == set(SearchResultOut().fields)
    assert all(set(hit) == set(ProductHitOut().fields) for hit in body["hits"]) and body["hits"]
    assert all(set(value) == set(FacetValueOut().fields) for values in body["facets"].values() for value in values)
    related = api.get(f"/api/search/products/{corpus['products']['kids_helmet']}/similar/").json()["results"]
    assert related and all(set(hit) == set(ProductHitOut().fields) for hit in related)
    kids = next(hit for hit in body["hits"] if hit["id"] == corpus["products"]["kids_helmet"])
    assert kids["min_price"] == {"amount": 4999, "currency": "EUR"} and kids["rating"] is None
    assert (kids["title"], kids["title_de"], kids["title_en"]) == (
        "Kids bike helmet Blitz",
        "Kinderfahrradhelm Blitz",
        "Kids bike helmet Blitz",
    )  # the client asks for English
