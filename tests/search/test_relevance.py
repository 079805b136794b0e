"""Relevance over the fixed German and English corpus: typos, stems, compounds, synonyms, boosts."""

import pytest

from marketplace.outbox import outbox_deliver
from search.selectors import product_search
from search.services import synonym_create

pytestmark = pytest.mark.django_db


def top(query: str, n: int = 1) -> list[int]:
    return [hit.id for hit in product_search(query=query).hits[:n]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Kafeemühle", "grinder"),  # one letter missing
        ("Espresomaschine", "espresso"),
        ("Laufschue", "shoes"),
        ("Wanderrucksak", "backpack"),
        ("hiking backpak", "backpack"),  # English, typo
    ],
)
def test_typos_find_the_product(corpus, query, expected):
    assert top(query) == [corpus["products"][expected]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Fahrradlampen", "lamp"),  # German plural
        ("Laufschuh", "shoes"),  # German singular of "Laufschuhe"
        ("running shoe", "shoes"),
        ("grinders", "grinder"),
    ],
)
def test_stems_find_the_product(corpus, query, expected):
    assert top(query) == [corpus["products"][expected]]


def test_english_plural_finds_both_helmets(corpus):
    assert set(top("helmets", 2)) == {corpus["products"]["kids_helmet"], corpus["products"]["ski_helmet"]}


def test_words_inside_german_compounds_are_found(corpus):
    products = corpus["products"]
    assert top("fahrradhelm") == [products["kids_helmet"]]  # inside "Kinderfahrradhelm", not the ski helmet
    assert set(top("helm", 2)) == {products["kids_helmet"], products["ski_helmet"]}
    assert top("rucksack") == [products["backpack"]]
    assert top("mühle") == [products["grinder"]]
    # A word that is not inside any title finds nothing through the trigrams.
    assert product_search(query="kühlschrank").total == 0


@pytest.mark.corpus_writes
def test_operator_synonyms_apply_after_the_outbox_delivers(corpus, operator):
    products = corpus["products"]
    assert product_search(query="natel").total == 0
    synonym_create(actor=operator, rule="Natel, Smartphone")  # the Swiss word, not in the built-in set
    synonym_create(actor=operator, rule="Ranzen => backpack")  # one-way, German to the English title
    assert outbox_deliver().delivered == 2  # each change re-applies the whole current list
    assert top("natel") == [products["phone_case"]]
    assert top("ranzen") == [products["backpack"]]
    assert product_search(query="natel").hits[0].title == "Smartphone Hülle Schutz"


def test_field_boosts_title_over_brand_over_attributes_over_description(corpus):
    products = corpus["products"]
    expected = [products[key] for key in ("titan_title", "titan_brand", "titan_attr", "titan_desc")]
    assert top("titan", 4) == expected


def test_highlights_mark_the_matched_words(corpus):
    hit = product_search(query="Kaffeemühle").hits[0]
    assert hit.highlight["title"] == ["<mark>Kaffeemühle</mark> Aroma"]
