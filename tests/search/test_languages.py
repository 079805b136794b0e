"""German and English texts: each analysed in its own language, found, and shown in the buyer's."""

import pytest

from marketplace.outbox import outbox_deliver
from search.engine import client, products_alias
from search.indexing import index_refresh
from search.selectors import product_search
from tests.factories import make_offer

pytestmark = [pytest.mark.django_db, pytest.mark.corpus_writes]  # bilingual adds listings to the index


@pytest.fixture
def bilingual(corpus):
    """The fixed corpus plus listings in one language only."""
    alpha, owner = corpus["vendors"]["alpha"]
    zubehoer = corpus["categories"]["zubehoer"]
    extra = {
        "drill_en": dict(
            title="",
            title_en="Cordless drill Torque",
            brand="Makita",
            description_en="Compact and light, with two batteries and a quick charger.",
        ),
        "screwdriver_de": dict(
            title="Akkuschrauber Kraftpaket",
            title_en="",
            brand="Bosch",
            description="Handlicher Schrauber mit zwei Akkus und Ladegerät, ideal für Möbel.",
        ),
        # One word in the English title here and in the brand of another product: title first.
        "vortex_title": dict(title="", title_en="Vortex desk fan", brand="Breeze"),
        "vortex_brand": dict(title="Standventilator Ruhig", title_en="", brand="Vortex"),
    }
    products = {}
    for key, texts in extra.items():
        products[key] = make_offer(vendor=alpha, owner=owner, category=zubehoer, price=5999, **texts).product_id
    outbox_deliver()
    index_refresh()
    return {**corpus["products"], **products}


def top(query: str, n: int = 1) -> list[int]:
    return [hit.id for hit in product_search(query=query).hits[:n]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cordless drills", "drill_en"),  # English plural, English stemmer on title_en
        ("battery", "drill_en"),  # "batteries" in the English description, stemmed English (batteri)
        ("Akkuschraubern", "screwdriver_de"),  # German dative plural, light German stemmer
        ("Mobel", "screwdriver_de"),  # umlaut folding in the German description ("Möbel")
        ("kraftpacket", "screwdriver_de"),  # typo
        ("schrauber", "screwdriver_de"),  # inside the German compound
    ],
)
def test_each_language_is_found_through_its_own_analysis(bilingual, query, expected):
    assert top(query) == [bilingual[expected]]


def test_english_text_is_not_analysed_as_german(bilingual):
    def tokens(field: str, text: str) -> list[str]:
        analysed = client().indices.analyze(index=products_alias(), body={"field": field, "text": text})
        return [t["token"] for t in analysed["tokens"]]

    assert tokens("description_en", "the running shoes") == ["run", "shoe"]  # English stop words and stems
    assert tokens("title_en", "the running shoes") == ["run", "shoe"]
    assert tokens("description", "die Fahrräder") == ["fahrrad"]  # German stop words, umlauts, stems
    assert tokens("title", "die Fahrräder") == ["fahrrad"]
    mapping = client().indices.get_mapping(index=products_alias())
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    assert {f: properties[f]["analyzer"] for f in ("title", "description", "title_en", "description_en")} == {
        "title": "german_text",
        "description": "german_text",
        "title_en": "english_text",
        "description_en": "english_text",
    }


def test_english_title_outranks_a_brand_like_a_german_title_does(bilingual):
    assert top("vortex", 2) == [bilingual["vortex_title"], bilingual["vortex_brand"]]


@pytest.mark.parametrize(
    "language, key, title",
    [
        ("en", "drill_en", "Cordless drill Torque"),
        ("de", "drill_en", "Cordless drill Torque"),  # no German title: the English one
        ("de", "screwdriver_de", "Akkuschrauber Kraftpaket"),
        ("en", "screwdriver_de", "Akkuschrauber Kraftpaket"),  # no English title: the German one
        ("de", "grinder", "Kaffeemühle Aroma"),
        ("en", "grinder", "Coffee grinder Aroma"),
    ],
)
def test_api_answers_with_the_title_in_the_request_language(bilingual, api, language, key, title):
    search_term = {"drill_en": "drill", "screwdriver_de": "Akkuschrauber", "grinder": "Kaffeemühle"}[key]
    response = api.get("/api/search/products/", {"q": search_term}, HTTP_ACCEPT_LANGUAGE=language)
    hit = response.json()["hits"][0]
    assert hit["id"] == bilingual[key]
    assert hit["title"] == title
    suggestions = api.get("/api/search/autocomplete/", {"q": search_term[:5]}, HTTP_ACCEPT_LANGUAGE=language).json()
    assert {p["id"]: p["title"] for p in suggestions["products"]}[bilingual[key]] == title


def test_api_keeps_both_listed_titles(bilingual, api):
    hit = api.get("/api/search/products/", {"q": "drill"}).json()["hits"][0]
    assert (hit["title_de"], hit["title_en"]) == ("", "Cordless drill Torque")
