"""Reads of the search app: catalog search, suggestions, recommendations, operator lists."""

from search.selectors.catalog import (
    MAX_PAGE_SIZE,
    MAX_WINDOW,
    SORTS,
    FacetValue,
    ProductHit,
    SearchFilters,
    SearchResult,
    build_search,
    product_search,
    search_filters,
)
from search.selectors.fallback import product_listing_from_database
from search.selectors.operators import synonym_get, synonym_list, zero_result_query_list
from search.selectors.related import bought_together, similar_products
from search.selectors.suggest import autocomplete, did_you_mean, product_search_or_correction

__all__ = [
    "MAX_PAGE_SIZE",
    "MAX_WINDOW",
    "SORTS",
    "FacetValue",
    "ProductHit",
    "SearchFilters",
    "SearchResult",
    "autocomplete",
    "bought_together",
    "build_search",
    "did_you_mean",
    "product_listing_from_database",
    "product_search",
    "product_search_or_correction",
    "search_filters",
    "similar_products",
    "synonym_get",
    "synonym_list",
    "zero_result_query_list",
]
