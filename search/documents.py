"""Mapping of the product index: one document per product, summarising its live offers.

Analysis, in short:
- ``title``/``description`` (German): lowercase, stop words, umlaut normalisation, light
  stemming; at search time also the operators' synonyms (``synonym_graph``).
- ``title.ngram``: letter trigrams with their own positions, so a query word found *inside* a
  compound ("helm" in "Kinderfahrradhelm") matches when nearly all of its trigrams are there.
- ``title_en``/``description_en`` (English): stop words and the English stemmer, plus synonyms.
- ``*.prefix``: edge n-grams for autocomplete; ``*.raw``: keywords for facets and sorting.
- ``suggest``: plain lowercased words of title, English title and brand for "did you mean".

Synonyms are search-time only, so changing them never needs a reindex: the index is closed,
its analysis settings updated and reopened (``search.indexing.synonyms_apply``).
"""
from opensearchpy import (
    Boolean,
    Date,
    Document,
    Float,
    Index,
    Integer,
    Keyword,
    Long,
    Nested,
    InnerDoc,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

SYNONYM_FILTER = "catalog_synonyms"

german_stop = token_filter("german_stop", "stop", stopwords="_german_")
german_stemmer = token_filter("german_stemmer", "stemmer", language="light_german")
english_stop = token_filter("english_stop", "stop", stopwords="_english_")
english_stemmer = token_filter("english_stemmer", "stemmer", language="english")
autocomplete_edge = token_filter("autocomplete_edge", "edge_ngram", min_gram=2, max_gram=15)
trigram_tokenizer = tokenizer("trigram_tokenizer", "ngram", min_gram=3, max_gram=3, token_chars=["letter", "digit"])


def synonym_filter(rules: list[str]):
    # lenient: a rule word that the stop filter would drop must not fail the whole index.
    return token_filter(SYNONYM_FILTER, "synonym_graph", synonyms=rules, lenient=True)


def analyzers(synonym_rules: list[str]) -> dict:
    synonyms = synonym_filter(synonym_rules)
    return {
        "german_text": analyzer(
            "german_text", tokenizer="standard", filter=["lowercase", german_stop, "german_normalization", german_stemmer]
        ),
        "german_search": analyzer(
            "german_search",
            tokenizer="standard",
            filter=["lowercase", synonyms, german_stop, "german_normalization", german_stemmer],
        ),
        "english_text": analyzer("english_text", tokenizer="standard", filter=["lowercase", english_stop, english_stemmer]),
        "english_search": analyzer(
            "english_search", tokenizer="standard", filter=["lowercase", synonyms, english_stop, english_stemmer]
        ),
        "trigram": analyzer("trigram", tokenizer=trigram_tokenizer, filter=["lowercase", "german_normalization"]),
        "autocomplete": analyzer("autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", autocomplete_edge]),
        "autocomplete_search": analyzer("autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding"]),
        "suggest": analyzer("suggest", tokenizer="standard", filter=["lowercase"]),
    }


# The mapping names analyzers; their definitions (with the current synonyms) come with the
# index settings in product_index(), so one mapping serves every synonym list.
def _german(**kwargs) -> Text:
    return Text(analyzer="german_text", search_analyzer="german_search", **kwargs)


def _english(**kwargs) -> Text:
    return Text(analyzer="english_text", search_analyzer="english_search", **kwargs)


PREFIX = Text(analyzer="autocomplete", search_analyzer="autocomplete_search")


class AttributeValue(InnerDoc):
    code = Keyword()
    value = Keyword()


class ProductDocument(Document):
    product_id = Long()  # also the document id; a sortable tie-breaker
    title = _german(
        copy_to="suggest",
        fields={"raw": Keyword(ignore_above=256), "prefix": PREFIX, "ngram": Text(analyzer="trigram")},
    )
    title_en = _english(copy_to="suggest", fields={"prefix": PREFIX})
    description = _german()
    description_en = _english()
    brand = Text(analyzer="german_text", search_analyzer="german_search", copy_to="suggest",
                 fields={"raw": Keyword(), "prefix": PREFIX})
    # Attribute values as words (for full text) and as code/value pairs (for facets, filters).
    attributes_text = _german()
    attributes = Nested(AttributeValue)
    suggest = Text(analyzer="suggest")
    gtin = Keyword()
    category_id = Integer()
    category_path = Keyword()
    # The category and all its ancestors, so filtering on a parent includes its children.
    category_paths = Keyword()
    category_name_de = Keyword(fields={"prefix": PREFIX})
    category_name_en = Keyword(fields={"prefix": PREFIX})
    currency = Keyword()
    # Prices of the offers in stock (of all offers only when every one is sold out):
    min_price = Long()  # minor units: lowest landed price (price + shipping to the home market)
    min_item_price = Long()  # minor units: lowest price without shipping (what a card shows, "zzgl. Versand")
    offer_count = Integer()
    buyable_offer_count = Integer()  # offers in stock: a card says "from" only over several of them
    best_offer_id = Long()  # the buy box's featured offer (vendors.buy_box.featured_entry)
    vendor_ids = Integer()
    vendor_names = Keyword()
    conditions = Keyword()
    in_stock = Boolean()
    free_shipping = Boolean()
    fastest_handling_days = Integer()  # delivery time facet: days until dispatch of the fastest offer
    # Average stars of the product's visible reviews (sum / count, unrounded); null when unrated.
    rating = Float()
    rating_count = Integer()
    # The same for the seller of the best offer (its seller ratings); null when unrated.
    seller_rating = Float()
    seller_rating_count = Integer()
    created_at = Date()
    updated_at = Date()
    # Hash of the rest of the document; search_verify compares it with the database.
    content_hash = Keyword(index=False)


def product_index(name: str, *, synonym_rules: list[str]) -> Index:
    index = Index(name)
    # One shard, no replica: the catalog is small per node, and creation stays fast for tests.
    index.settings(number_of_shards=1, number_of_replicas=0)
    for item in analyzers(synonym_rules).values():
        index.analyzer(item)
    index.document(ProductDocument)
    return index


def analysis_settings(synonym_rules: list[str]) -> dict:
    """The index's analysis section alone, for updating the synonyms of a closed index."""
    index = product_index("unused", synonym_rules=synonym_rules)
    return index.to_dict()["settings"]["analysis"]
