"""Suggestions: autocomplete while typing, and "did you mean" for searches without results."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from opensearchpy import Q, Search
from opensearchpy.exceptions import RequestError

from marketplace.models import Category
from search.engine import client, products_alias
from search.selectors.catalog import (
    ACCESSORY_FACTOR,
    TYPE_FIELDS,
    SearchResult,
    accessory_query,
    in_language,
    product_search,
)

logger = logging.getLogger(__name__)


@dataclass
class ProductSuggestion:
    id: int
    title: str  # German, may be empty
    title_en: str  # English, may be empty

    def title_for(self, language: str | None) -> str:
        return in_language(language, german=self.title, english=self.title_en)


@dataclass
class CategorySuggestion:
    id: int
    path: str
    name: str
    count: int


@dataclass
class BrandSuggestion:
    name: str
    count: int


@dataclass
class Autocomplete:
    products: list[ProductSuggestion]
    categories: list[CategorySuggestion]
    brands: list[BrandSuggestion]


def _prefix(field: str, text: str, boost: float = 1.0) -> Q:
    return Q("match", **{f"{field}.prefix": {"query": text, "operator": "and", "boost": boost}})


def _product_words(text: str) -> Q:
    """Products for what was typed: words of a title start with it; or it starts the product's
    type, the last part of a compound in the German title's head ("zahnb" finds the
    "Reisezahnbürste", search.documents); or it is a whole word of a title or category with the
    search's synonyms ("bike" finds a German-only "Fahrrad", "mobile phone" a "Smartphone")."""
    type_prefix = Q(
        "match_bool_prefix",
        **{"title.head": {"query": text, "analyzer": "german_text", "operator": "and", "boost": 3}},
    )
    whole_words = Q(
        "multi_match",
        query=text,
        fields=["title", "title_en", "category_name_de.text", "category_name_en.text"],
        operator="and",
    )
    # Whole words naming the product's type (the compound's last part, the category's type).
    whole_type = Q("multi_match", query=text, fields=TYPE_FIELDS, operator="and", boost=3)
    return Q(
        "bool",
        should=[_prefix("title", text, 2), _prefix("title_en", text, 2), type_prefix, whole_words, whole_type],
        minimum_should_match=1,
    )


def autocomplete(*, text: str, size: int = 5) -> Autocomplete:
    """Products, categories and brands whose words start with what was typed: one engine
    request (edge n-grams, prefixes of the type words, no fuzzy expansion), so it can run on every
    keystroke. Products of the type typed come before accessories that merely name it."""
    title = _product_words(text)
    brand = _prefix("brand", text)
    category = _prefix("category_name_de", text) | _prefix("category_name_en", text)
    ranked = Q(
        "function_score",
        query=Q("bool", should=[title, brand, category], minimum_should_match=1),
        functions=[{"filter": accessory_query().to_dict(), "weight": ACCESSORY_FACTOR}],
        boost_mode="multiply",
    )
    search = Search(using=client(), index=products_alias()).query(ranked)
    search = search.post_filter(title | brand)  # product suggestions: by title or brand
    search = search.source(["product_id", "title", "title_en"]).extra(size=size, track_total_hits=False)
    search.aggs.bucket("brands", "filter", brand).bucket("names", "terms", field="brand.raw", size=size)
    search.aggs.bucket("categories", "filter", category).bucket("paths", "terms", field="category_path", size=size)
    response = search.execute()
    by_path = {
        c.path: c
        for c in Category.objects.filter(path__in=[b.key for b in response.aggregations.categories.paths.buckets])
    }
    return Autocomplete(
        products=[
            ProductSuggestion(int(h.product_id), h.title or "", getattr(h, "title_en", "") or "") for h in response
        ],
        categories=[
            CategorySuggestion(by_path[b.key].id, b.key, by_path[b.key].name, b.doc_count)
            for b in response.aggregations.categories.paths.buckets
            if b.key in by_path
        ],
        brands=[BrandSuggestion(b.key, b.doc_count) for b in response.aggregations.brands.names.buckets],
    )


def did_you_mean(*, query: str) -> str | None:
    """A corrected query that has results, from the words of titles and brands, or None."""
    query = query.strip()
    if not query:
        return None
    search = Search(using=client(), index=products_alias()).extra(size=0)
    search = search.suggest(
        "fix",
        query,
        phrase={
            "field": "suggest",
            "size": 1,
            "gram_size": 1,
            "max_errors": 2,
            "confidence": 0.0,
            "direct_generator": [{"field": "suggest", "suggest_mode": "always", "min_word_length": 3}],
            # Only offer corrections that find something.
            "collate": {
                "query": {"source": {"match": {"suggest": {"query": "{{suggestion}}", "operator": "and"}}}},
                "prune": False,
            },
        },
    )
    try:
        response = search.execute()
    except RequestError:
        logger.warning("did-you-mean suggestion failed for %r", query, exc_info=True)
        return None
    for entry in response.suggest.fix:
        for option in entry.options:
            if option.text != query.lower():
                return option.text
    return None


def product_search_or_correction(*, query: str = "", **kwargs) -> SearchResult:
    """``product_search``; when the query as typed finds nothing, "did you mean": the result then
    names the correction (``suggestion``) and, when the correction finds something with the same
    filters, page and sort, carries its hits instead (``corrected_query``: "Ergebnisse für ...").
    Recording the query that found nothing is the caller's (``search.services``)."""
    result = product_search(query=query, **kwargs)
    if result.total or not query.strip():
        return result
    suggestion = did_you_mean(query=query)
    if not suggestion:
        return result
    corrected = product_search(query=suggestion, **kwargs)
    if not corrected.total:  # the filters rule the correction out too: only offer it
        result.suggestion = suggestion
        return result
    corrected.suggestion = corrected.corrected_query = suggestion
    return corrected
