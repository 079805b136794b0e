"""Catalog search against the engine: full text, filters, facets, sorting, cursors, highlights."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from opensearchpy import Q, Search
from stdnum import ean

from marketplace.errors import DomainError
from marketplace.models import AttributeDefinition, Category
from search.engine import client, products_alias
from search.selectors.facets import (
    CONDITIONS,
    FacetValue,
    add_aggregations,
    facets_from_aggregations,
    facets_with_more,
)
from vendors.images import ImageSources, sources_from_index

# A category's path and attribute schema change rarely; searches filtered by category read
# them from the cache (a schema change shows in the facets within this many seconds).
CATEGORY_TTL = 60

TIE_BREAK = {"product_id": {"order": "asc", "unmapped_type": "long"}}
SORTS = {
    "relevance": ["_score", {"min_price": "asc"}, TIE_BREAK],
    "price_asc": [{"min_price": "asc"}, TIE_BREAK],
    "price_desc": [{"min_price": "desc"}, TIE_BREAK],
    "newest": [{"created_at": "desc"}, TIE_BREAK],
    # Unrated products (rating null until reviews exist) go last.
    "rating": [{"rating": {"order": "desc", "missing": "_last"}}, {"rating_count": "desc"}, TIE_BREAK],
    # The best offer's seller by its seller ratings; unrated sellers last.
    "seller_rating": [
        {"seller_rating": {"order": "desc", "missing": "_last"}},
        {"seller_rating_count": "desc"},
        TIE_BREAK,
    ],
}
MAX_PAGE_SIZE = 100
MAX_WINDOW = 10_000  # offset pages end here; deeper ones use the cursor (search_after)
# Field boosts: a word in the title counts most, then brand, attribute values, description.
# German fields are analysed German, *_en fields English (search.documents); a listing may have
# only one language, so both titles weigh the same and an English-only product ranks as a German one.
TEXT_FIELDS = ["title^6", "title_en^6", "brand^4", "attributes_text^2", "description", "description_en"]
HIGHLIGHT_TAGS = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"]}
# Highlighting costs engine time per hit (it took about 40 % of a search's engine time when titles
# and descriptions were marked on every search): only what the caller shows. "title": the titles
# (what the API's clients show by default), "all": titles and a description fragment, "none": the
# storefront's pages, whose cards show no marked words.
HIGHLIGHTS = ("title", "all", "none")
# Category names are searchable too ("Mundpflege" finds the toothbrushes), below the title.
WORD_FIELDS = [
    *TEXT_FIELDS,
    "category_name_de.text^2",
    "category_name_en.text^2",
    "category_ancestor_names",
    "category_ancestor_names.en",
]
# The product-type signal (search.documents): the query word is the last part of a compound in the
# German title's head, or the category's type. A fixed bonus per such word, about what an exact
# title match scores; a word that is the product's brand does not count.
TYPE_FIELDS = ["title.head", "category_name_de.head", "category_name_en.head"]
TYPE_BONUS = 30.0
# English titles: only what comes before "for" (an English compound's parts are separate words, so
# "toothbrush holder" has "toothbrush" in its head too): a smaller bonus.
ENGLISH_HEAD_BONUS = 10.0
# A word found only inside a compound (trigrams): a fixed amount, however often it occurs.
COMPOUND_SCORE = 8.0
# Accessories (a category whose type is "Zubehör"/"accessories") whose own type the query does not
# name: the query word was only what they fit ("Zahnbürstenhalter" for "Zahnbürste").
ACCESSORY_FACTOR = 0.3
# Words that join a query's parts; the words after "für/for" name what an accessory fits.
CONNECTORS = {
    "für",
    "fuer",
    "fürs",
    "fuers",
    "for",
    "zu",
    "zum",
    "zur",
    "mit",
    "with",
    "und",
    "and",
    "von",
    "of",
    "the",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "ein",
    "eine",
    "einen",
    "a",
    "an",
    "in",
    "im",
    "inkl",
    "incl",
}
FOR_WORDS = {"für", "fuer", "fürs", "fuers", "for", "zu", "zum", "zur"}


def in_language(language: str | None, *, german: str, english: str) -> str:
    """The text in ``language`` ("en..." English, else German), else the other one, as
    ``Product.title_for`` does: either language of a listing may be empty."""
    if (language or "").startswith("en"):
        return english or german
    return german or english


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
    free_shipping: bool = False
    rating: float | None = None
    conditions: list[str] = field(default_factory=list)
    rating_count: int = 0
    seller_rating: float | None = None
    seller_rating_count: int = 0
    fastest_handling_days: int | None = None
    highlight: dict[str, list[str]] = field(default_factory=dict)
    # The lowest item price without shipping (min_price is landed: shipping home included) and
    # the number of offers in stock; None: a document indexed before these fields existed.
    min_item_price: int | None = None
    buyable_offer_count: int | None = None
    # The main picture's sources (vendors.images.ImageSources); None: no picture (or not indexed yet).
    image: ImageSources | None = None

    def title_for(self, language: str | None) -> str:
        return in_language(language, german=self.title, english=self.title_en)


@dataclass
class SearchFilters:
    category: int | None = None
    brands: list[str] = field(default_factory=list)
    vendors: list[int] = field(default_factory=list)
    price_min: int | None = None
    price_max: int | None = None
    conditions: list[str] = field(default_factory=list)
    rating_min: float | None = None
    seller_rating_min: float | None = None
    in_stock: bool | None = None
    free_shipping: bool | None = None
    max_delivery_days: int | None = None
    attributes: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SearchResult:
    total: int
    page: int
    size: int
    hits: list[ProductHit]
    facets: dict[str, list[FacetValue]]
    next_cursor: str | None = None
    # "Did you mean": a correction of a query that found nothing (search.selectors.suggest).
    suggestion: str | None = None
    # The correction whose results these are, when the query as typed found nothing ("Ergebnisse
    # für ..."); None: the hits are for the query as typed.
    corrected_query: str | None = None
    # True when served from the database because the engine was unreachable.
    degraded: bool = False
    # Terms facets (brand, vendor, attr:<code>) with more values than were asked for.
    more_facets: list[str] = field(default_factory=list)


def search_filters(data: dict) -> SearchFilters:
    """SearchFilters from validated search parameters (the API's ProductSearchIn, the storefront's
    search form): ``attr`` as "code:value" strings, ratings as numbers, absent keys unfiltered."""
    attributes: dict[str, list[str]] = {}
    for item in data.get("attr") or ():
        code, value = item.split(":", 1)
        attributes.setdefault(code, []).append(value)
    rating = data.get("rating_min")
    seller_rating = data.get("seller_rating_min")
    return SearchFilters(
        category=data.get("category"),
        brands=list(data.get("brand") or ()),
        vendors=list(data.get("vendor") or ()),
        price_min=data.get("price_min"),
        price_max=data.get("price_max"),
        conditions=list(data.get("condition") or ()),
        rating_min=float(rating) if rating is not None else None,
        seller_rating_min=float(seller_rating) if seller_rating is not None else None,
        in_stock=data.get("in_stock"),
        free_shipping=data.get("free_shipping"),
        max_delivery_days=data.get("max_delivery_days"),
        attributes=attributes,
    )


def hit_from_source(source, *, highlight=None) -> ProductHit:
    get = source.get if isinstance(source, dict) else (lambda key, default=None: getattr(source, key, default))
    return ProductHit(
        id=int(get("product_id")),
        title=get("title") or "",
        title_en=get("title_en") or "",
        brand=get("brand") or "",
        category_path=get("category_path"),
        min_price=get("min_price"),
        currency=get("currency"),
        offer_count=get("offer_count"),
        best_offer_id=get("best_offer_id"),
        in_stock=get("in_stock"),
        vendor_names=list(get("vendor_names") or []),
        free_shipping=bool(get("free_shipping", False)),
        rating=get("rating"),
        rating_count=get("rating_count") or 0,
        seller_rating=get("seller_rating"),
        seller_rating_count=get("seller_rating_count") or 0,
        conditions=list(get("conditions") or []),
        fastest_handling_days=get("fastest_handling_days"),
        highlight=_highlight(highlight or {}),
        min_item_price=get("min_item_price"),
        buyable_offer_count=get("buyable_offer_count"),
        image=sources_from_index(get("image")),
    )


def _highlight(highlight: dict) -> dict[str, list[str]]:
    fragments = {name: list(parts) for name, parts in highlight.items()}
    compound = fragments.pop("title.ngram", None)
    if compound and "title" not in fragments:  # the query matched inside a compound word
        fragments["title"] = compound
    return fragments


# --- cursor -----------------------------------------------------------------------------------


def encode_cursor(sort: str, values: list) -> str:
    raw = json.dumps([sort, list(values)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list:
    """The search_after values of an opaque cursor; a cursor made for another sort is refused."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, values = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        raise DomainError(
            "Cursor is not valid: pass next_cursor of the previous page unchanged.", field="cursor"
        ) from None
    if cursor_sort != sort or not isinstance(values, list) or len(values) != len(SORTS[sort]):
        raise DomainError("Cursor belongs to another sort order: keep the sort of the previous page.", field="cursor")
    if not all(v is None or isinstance(v, (int, float, str)) for v in values):
        raise DomainError("Cursor is not valid: pass next_cursor of the previous page unchanged.", field="cursor")
    return values


# --- query --------------------------------------------------------------------------------------


def gtin_of(query: str) -> str | None:
    """The query as an EAN-13 (or GTIN-8/14) if it is a valid GTIN typed with spaces or hyphens
    or as a 12-digit UPC-A, else None. The index normalises stored GTINs the same way."""
    code = ean.compact(query) if re.fullmatch(r"[\d\s\-]{8,20}", query) else ""
    if len(code) not in (8, 12, 13, 14) or not ean.is_valid(code):
        return None
    if len(code) == 12:
        return "0" + code  # UPC-A: the EAN-13 with a leading zero
    if len(code) == 14 and code.startswith("0"):
        return code[1:]
    return code


def query_words(query: str) -> tuple[list[str], list[str]]:
    """(all meaningful words, the words naming what is asked for: those before "für/for")."""
    words = [w for w in (part.strip(",.;:!?()\"'") for part in query.split()) if w]
    head, seen_for = [], False
    meaningful = []
    for word in words:
        lower = word.lower()
        if lower in FOR_WORDS:
            seen_for = True
        if lower in CONNECTORS:
            continue
        meaningful.append(word)
        if not seen_for:
            head.append(word)
    meaningful = meaningful or words
    return meaningful, head or meaningful


def _word_query(word: str) -> Q:
    """One query word, anywhere: as a word (stemmed, synonyms), with a typo, or inside a compound
    (nearly all of *this word's* trigrams in the title, never pooled with other words')."""
    return Q(
        "bool",
        should=[
            Q("multi_match", query=word, fields=WORD_FIELDS, type="best_fields", tie_breaker=0.3, boost=3),
            Q(
                "multi_match",
                query=word,
                fields=WORD_FIELDS,
                type="best_fields",
                fuzziness="AUTO",
                prefix_length=1,
                tie_breaker=0.3,
                boost=0.3,
            ),
            Q(
                "constant_score",
                filter=Q("match", **{"title.ngram": {"query": word, "minimum_should_match": "3<85%"}}),
                boost=COMPOUND_SCORE,
            ),
        ],
        minimum_should_match=1,
    )


def _names_type(word: str, fields: list[str], **fuzzy) -> Q:
    """The word names the product's type in these fields, and is not just its brand."""
    return Q("bool", must=[Q("multi_match", query=word, fields=fields, **fuzzy)], must_not=[Q("match", brand=word)])


def accessory_query() -> Q:
    """Accessories, recognised from the category tree: a category whose type is "Zubehör"/"accessories"."""
    return Q(
        "bool",
        should=[
            Q("match", **{"category_name_de.head": "Zubehör"}),
            Q("match", **{"category_name_en.head": "accessories"}),
        ],
    )


def text_query(query: str) -> Q:
    """Every query word must be found (each on its own: as a word, with a typo, inside a compound;
    or the whole query at once, for multi-word synonyms such as "mobile phone"). Products whose
    type the query names rank first; accessories that merely fit it go down; GTINs in any form."""
    words, head_words = query_words(query)
    each_word = Q("bool", must=[_word_query(word) for word in words])
    whole = Q("multi_match", query=query, fields=WORD_FIELDS, type="cross_fields", operator="and", boost=2)
    # A typo'd type word still names the type (the word itself must be found anyway, see above).
    product_type = [
        Q("constant_score", filter=_names_type(word, TYPE_FIELDS, fuzziness="AUTO", prefix_length=1), boost=TYPE_BONUS)
        for word in head_words
    ]
    product_type += [
        Q("constant_score", filter=_names_type(word, ["title_en.head"]), boost=ENGLISH_HEAD_BONUS)
        for word in head_words
    ]
    own_type = Q("bool", should=[_names_type(word, TYPE_FIELDS) for word in head_words])
    accessory = accessory_query()
    ranked = Q(
        "function_score",
        query=Q("bool", must=[Q("bool", should=[each_word, whole], minimum_should_match=1)], should=product_type),
        functions=[{"filter": Q("bool", must=[accessory], must_not=[own_type]).to_dict(), "weight": ACCESSORY_FACTOR}],
        score_mode="multiply",
        boost_mode="multiply",
    )
    gtin = gtin_of(query)
    should = [ranked, Q("term", gtin={"value": query, "boost": 20})]
    if gtin:
        should.append(Q("term", gtin={"value": gtin, "boost": 100}))
    return Q("bool", should=should, minimum_should_match=1)


def category_path_for(category: int | None) -> str | None:
    return _category_info(category)[0] if category is not None else None


def _category_info(category: int) -> tuple[str, list[str]]:
    """(path, attribute codes of its schema) of a category; unknown: a DomainError."""
    key = f"search:category:{category}"
    info = cache.get(key)
    if info is None:
        path = Category.objects.filter(id=category).values_list("path", flat=True).first()
        if path is None:
            raise DomainError(f"Unknown category {category}.", field="category")
        info = (path, schema_codes(path))
        cache.set(key, info, CATEGORY_TTL)
    return info


def schema_codes(category_path: str | None) -> list[str]:
    """Attribute codes of the category's schema (its own and its ancestors'), in schema order."""
    if not category_path:
        return []
    parts = category_path.split("/")
    paths = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    codes = AttributeDefinition.objects.filter(category__path__in=paths).order_by("category__path", "position", "code")
    return list(dict.fromkeys(codes.values_list("code", flat=True)))


def _validate(filters: SearchFilters, *, page: int, size: int, sort: str) -> None:
    if sort not in SORTS:
        raise DomainError(f"Unknown sort {sort!r}; allowed: {', '.join(SORTS)}.", field="sort")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise DomainError(f"Page size must be between 1 and {MAX_PAGE_SIZE}.", field="size")
    if page < 1 or page * size > MAX_WINDOW:
        raise DomainError(f"Page must be between 1 and {MAX_WINDOW // size}; go deeper with the cursor.", field="page")
    if filters.price_min is not None and filters.price_max is not None and filters.price_min > filters.price_max:
        raise DomainError("price_min must not be greater than price_max.", field="price_min")
    unknown = sorted(set(filters.conditions) - set(CONDITIONS))
    if unknown:
        raise DomainError(f"Unknown condition {unknown[0]!r}; allowed: {', '.join(CONDITIONS)}.", field="condition")


def _filter_clauses(filters: SearchFilters, category_path: str | None, codes: list[str]) -> list[Q]:
    clauses = []
    if category_path:
        clauses.append(Q("term", category_paths=category_path))
    if filters.brands:
        clauses.append(Q("terms", **{"brand.raw": filters.brands}))
    if filters.vendors:
        clauses.append(Q("terms", vendor_ids=filters.vendors))
    if filters.price_min is not None or filters.price_max is not None:
        bounds = {k: v for k, v in (("gte", filters.price_min), ("lte", filters.price_max)) if v is not None}
        clauses.append(Q("range", min_price=bounds))
    if filters.conditions:
        clauses.append(Q("terms", conditions=filters.conditions))
    if filters.rating_min is not None:
        clauses.append(Q("range", rating={"gte": filters.rating_min}))
    if filters.seller_rating_min is not None:
        clauses.append(Q("range", seller_rating={"gte": filters.seller_rating_min}))
    if filters.in_stock is not None:
        clauses.append(Q("term", in_stock=filters.in_stock))
    if filters.free_shipping is not None:
        clauses.append(Q("term", free_shipping=filters.free_shipping))
    if filters.max_delivery_days is not None:
        clauses.append(Q("range", fastest_handling_days={"lte": filters.max_delivery_days}))
    for code, values in sorted(filters.attributes.items()):
        if codes and code not in codes:
            raise DomainError(
                f"Unknown attribute {code!r} for this category; allowed: {', '.join(codes)}.", field="attr"
            )
        clauses.append(
            Q(
                "nested",
                path="attributes",
                query=Q("bool", filter=[Q("term", attributes__code=code), Q("terms", attributes__value=values)]),
            )
        )
    return clauses


def _with_highlight(search: Search, highlight: str) -> Search:
    if highlight == "none":
        return search
    # The unified highlighter on the stored text, whole titles (no fragmenting).
    search = search.highlight("title", "title.ngram", "title_en", number_of_fragments=0)
    if highlight == "all":
        search = search.highlight("description", "description_en", fragment_size=150, number_of_fragments=1)
    return search.highlight_options(encoder="html", type="unified", **HIGHLIGHT_TAGS)


def build_search(
    *,
    query: str = "",
    filters: SearchFilters | None = None,
    page: int = 1,
    size: int = 24,
    sort: str = "relevance",
    cursor: str | None = None,
    facets: bool = True,
    facet_sizes: dict[str, int] | None = None,
    highlight: str = "title",
) -> tuple[Search, list[str]]:
    """The engine request for a catalog search (also used by the benchmark for raw timings);
    ``highlight``: one of HIGHLIGHTS."""
    filters = filters or SearchFilters()
    _validate(filters, page=page, size=size, sort=sort)
    if highlight not in HIGHLIGHTS:
        raise DomainError(f"Unknown highlight {highlight!r}; allowed: {', '.join(HIGHLIGHTS)}.", field="highlight")
    after = decode_cursor(cursor, sort) if cursor else None
    category_path, codes = _category_info(filters.category) if filters.category is not None else (None, [])
    search = Search(using=client(), index=products_alias())
    query = query.strip()
    if query:
        search = search.query(text_query(query))
        search = _with_highlight(search, highlight)
    clauses = _filter_clauses(filters, category_path, codes)
    if clauses:
        search = search.filter(Q("bool", filter=clauses))
    if facets:
        add_aggregations(search, codes, facet_sizes)
    search = search.sort(*SORTS[sort]).extra(track_total_hits=True)
    search = search.source(
        excludes=[
            "description",
            "description_en",
            "attributes",
            "attributes_text",
            "content_hash",
            "category_ancestor_names",
        ]
    )
    if after is not None:
        search = search.extra(search_after=after, size=size)
    else:
        search = search[(page - 1) * size : page * size]
    return search, codes


def product_search(
    *,
    query: str = "",
    category: int | None = None,
    filters: SearchFilters | None = None,
    page: int = 1,
    size: int = 24,
    sort: str = "relevance",
    cursor: str | None = None,
    facet_sizes: dict[str, int] | None = None,
    highlight: str = "title",
) -> SearchResult:
    """``highlight``: which fields to mark the matched words in (HIGHLIGHTS; the pages: "none").
    ``facet_sizes``: more values of some terms facets ("brand", "vendor", "attr:<code>"), see
    ``search.selectors.facets.add_aggregations``; ``SearchResult.more_facets`` names those cut short."""
    filters = filters or SearchFilters()
    if category is not None:
        filters.category = category
    search, codes = build_search(
        query=query,
        filters=filters,
        page=page,
        size=size,
        sort=sort,
        cursor=cursor,
        facet_sizes=facet_sizes,
        highlight=highlight,
    )
    # The raw JSON, not the DSL's response objects: per hit and bucket they cost more than the rest.
    response = client().search(index=products_alias(), body=search.to_dict())
    rows = response["hits"]["hits"]
    hits = [hit_from_source(row["_source"], highlight=row.get("highlight")) for row in rows]
    next_cursor = encode_cursor(sort, rows[-1]["sort"]) if len(hits) == size else None
    return SearchResult(
        total=response["hits"]["total"]["value"],
        page=1 if cursor else page,
        size=size,
        hits=hits,
        facets=facets_from_aggregations(response["aggregations"], codes),
        next_cursor=next_cursor,
        more_facets=facets_with_more(response["aggregations"], codes),
    )
