"""Catalog queries against the search engine."""
from __future__ import annotations

from dataclasses import dataclass

from opensearchpy import Q, Search

from marketplace.errors import DomainError
from marketplace.models import Category
from search.engine import client, products_alias

TIE_BREAK = {"product_id": {"order": "asc", "unmapped_type": "long"}}
SORTS = {
    "relevance": ["_score", {"min_price": "asc"}, TIE_BREAK],
    "price_asc": [{"min_price": "asc"}, TIE_BREAK],
    "price_desc": [{"min_price": "desc"}, TIE_BREAK],
    "newest": [{"created_at": "desc"}, TIE_BREAK],
}
MAX_PAGE_SIZE = 100
MAX_WINDOW = 10_000  # deeper pages need search_after (search issue)


@dataclass
class ProductHit:
    id: int
    title: str
    title_en: str
    brand: str
    category_path: str
    min_price: int
    currency: str
    offer_count: int
    best_offer_id: int
    in_stock: bool
    vendor_names: list[str]


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResult:
    total: int
    page: int
    size: int
    hits: list[ProductHit]
    facets: dict[str, list[FacetValue]]


def _category_filter_path(category: int | None) -> str | None:
    if category is None:
        return None
    path = Category.objects.filter(id=category).values_list("path", flat=True).first()
    if path is None:
        raise DomainError(f"Unknown category {category}.", field="category")
    return path


def product_search(*, query: str = "", category: int | None = None, page: int = 1, size: int = 24, sort: str = "relevance") -> SearchResult:
    if sort not in SORTS:
        raise DomainError(f"Unknown sort {sort!r}; allowed: {', '.join(SORTS)}.", field="sort")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise DomainError(f"Page size must be between 1 and {MAX_PAGE_SIZE}.", field="size")
    if page < 1 or page * size > MAX_WINDOW:
        raise DomainError(f"Page must be between 1 and {MAX_WINDOW // size}.", field="page")
    category_path = _category_filter_path(category)

    search = Search(using=client(), index=products_alias())
    query = query.strip()
    if query:
        search = search.query(
            Q(
                "multi_match",
                query=query,
                fields=["title^4", "title_en^3", "brand^2", "description"],
                fuzziness="AUTO",
                operator="and",
            )
            | Q("term", gtin=query)
        )
    if category_path:
        search = search.filter("term", category_paths=category_path)
    search.aggs.bucket("category", "terms", field="category_path", size=50)
    search.aggs.bucket("brand", "terms", field="brand.raw", size=30)
    search = search.sort(*SORTS[sort]).extra(track_total_hits=True)
    search = search[(page - 1) * size : page * size]
    response = search.execute()
    hits = [
        ProductHit(
            id=int(hit.meta.id),
            title=hit.title,
            title_en=hit.title_en or "",
            brand=hit.brand or "",
            category_path=hit.category_path,
            min_price=hit.min_price,
            currency=hit.currency,
            offer_count=hit.offer_count,
            best_offer_id=hit.best_offer_id,
            in_stock=hit.in_stock,
            vendor_names=list(hit.vendor_names),
        )
        for hit in response
    ]
    facets = {
        name: [FacetValue(bucket.key, bucket.doc_count) for bucket in response.aggregations[name].buckets]
        for name in ("category", "brand")
    }
    return SearchResult(total=response.hits.total.value, page=page, size=size, hits=hits, facets=facets)
