"""Mapping of the product index: one document per product, summarising its live offers.

Analysis, in short:
- ``title``/``description`` (German): lowercase, stop words, umlaut normalisation, light
  stemming; at search time also the operators' synonyms (``synonym_graph``).
- ``title.ngram``: letter trigrams with their own positions, so a query word found *inside* a
  compound ("helm" in "Kinderfahrradhelm") matches when nearly all of its trigrams are there.
- ``title_en``/``description_en`` (English): stop words and the English stemmer, plus synonyms.
- ``*.prefix``: edge n-grams for autocomplete; ``*.raw``: keywords for facets and sorting.
- ``suggest``: plain lowercased words of title, English title and brand for "did you mean".

Since issue 21 (judged in ``bench/relevance``):
- Umlauts and ß are folded to their transliterations (ä -> ae, ß -> ss) by a character filter,
  *before* any tokenizer, n-gram or stemmer: "Kuehlschrank" and "Kühlschrank" are one word, and
  the trigrams of "zahnbuerste" are found inside "Reisezahnbürste".
- ``title.head``: the product-type signal of German compounds. Only the part of the title before
  "für/for/zu/mit/passend ..." (an accessory names what it fits after "für"; a product names what
  comes with it after "mit"), hyphenated compounds joined, each word stemmed, then every ending
  of it of three or more letters: "Reisezahnbürste" has the ending "zahnburst", so the query
  "Zahnbürste" matches it there; "Zahnbürstenhalter" has not (its ending is "halter"), nor has
  "Aufsteckbürsten für elektrische Zahnbürste" (the toothbrush comes after "für").
- ``category_name_*.text`` make category names searchable; ``category_name_*.head`` carry the
  type of the category (German: endings of its last word; English: its last word), also how
  accessories are recognised: a category whose type is "Zubehör"/"accessories".
- ``gtin``: a normaliser drops spaces and hyphens and writes a 12-digit UPC-A as its EAN-13
  (a leading 0), a GTIN-14 with a leading 0 as EAN-13, both at index and at query time.
- Synonyms act after stemming (a rule for "Handy" also serves "Handys"); a small built-in set
  for core product types in German and English (search/vocabulary.txt, SEARCH_VOCABULARY_FILE)
  comes before the operators' rules.

Synonyms are search-time only, so changing them never needs a reindex: the index is closed,
its analysis settings updated and reopened (``search.indexing.synonyms_apply``). Any other
analysis change needs a full reindex (``search_reindex``: a new index behind the alias).
"""

from pathlib import Path

from django.conf import settings
from opensearchpy import (
    Boolean,
    Date,
    Document,
    Float,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Long,
    Nested,
    Object,
    Text,
    analyzer,
    char_filter,
    normalizer,
    token_filter,
    tokenizer,
)

SYNONYM_FILTER = "catalog_synonyms"
VOCABULARY_FILE = Path(__file__).resolve().parent / "vocabulary.txt"

german_stop = token_filter("german_stop", "stop", stopwords="_german_")
german_stemmer = token_filter("german_stemmer", "stemmer", language="light_german")
english_stop = token_filter("english_stop", "stop", stopwords="_english_")
english_stemmer = token_filter("english_stemmer", "stemmer", language="english")
autocomplete_edge = token_filter("autocomplete_edge", "edge_ngram", min_gram=2, max_gram=15)
trigram_tokenizer = tokenizer("trigram_tokenizer", "ngram", min_gram=3, max_gram=3, token_chars=["letter", "digit"])
# Before any tokenizer: both spellings of a German word become one ("Kühlschrank", "Kuehlschrank").
umlaut_fold = char_filter(
    "umlaut_fold",
    "mapping",
    mappings=["ä => ae", "ö => oe", "ü => ue", "Ä => Ae", "Ö => Oe", "Ü => Ue", "ß => ss", "ẞ => SS"],
)
# The head part of a title: what comes before the first "für/for/zu/mit/inkl./passend/kompatibel"
# (runs after umlaut_fold, so "für" is "fuer" here).
HEAD_CUT = (
    r"(?i)\s(?:fuers?|for|zu[mr]?|mit|with|inkl|incl|inklusive|including|passend|kompatibel|compatible|fits?)\b.*$"
)
head_cut = char_filter("head_cut", "pattern_replace", pattern=HEAD_CUT, replacement="")
# "Kaffeemaschinen-Entkalker" is one compound whose type is its last part: joined before splitting.
join_hyphens = char_filter("join_hyphens", "pattern_replace", pattern=r"(\w)-(?=\w)", replacement="$1")
# A category's type is its last word ("Mundpflege-Zubehör", "Coffee accessories").
last_word = char_filter("last_word", "pattern_replace", pattern=r"^.*[\s,&/]+(?=\S)", replacement="")
# Every ending of at least three letters of each (stemmed) word.
reverse = token_filter("reverse_word", "reverse")
endings = token_filter("word_endings", "edge_ngram", min_gram=3, max_gram=40, preserve_original=True)
# GTINs: digits only; UPC-A (12) and GTIN-14 with a leading zero as EAN-13.
gtin_normaliser = normalizer(
    "gtin_normaliser",
    char_filter=[
        char_filter("gtin_digits", "pattern_replace", pattern=r"[\s\-]", replacement=""),
        char_filter("gtin_upc", "pattern_replace", pattern=r"^(\d{12})$", replacement="0$1"),
        char_filter("gtin_14", "pattern_replace", pattern=r"^0(\d{13})$", replacement="$1"),
    ],
)


# Core product types in German and English, before the operators' rules (search time only): a
# file of rules in the operators' format, SEARCH_VOCABULARY_FILE (default search/vocabulary.txt).
def builtin_synonyms() -> list[str]:
    path = getattr(settings, "SEARCH_VOCABULARY_FILE", None) or VOCABULARY_FILE
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def synonym_filter(rules: list[str]):
    # lenient: a rule word that the stop filter would drop must not fail the whole index.
    return token_filter(SYNONYM_FILTER, "synonym_graph", synonyms=rules, lenient=True)


def analyzers(synonym_rules: list[str]) -> dict:
    # After stemming: the rules are analysed by the same chain, so one rule serves all word forms.
    synonyms = synonym_filter(builtin_synonyms() + list(synonym_rules))
    german = ["lowercase", german_stop, "german_normalization", german_stemmer]
    english = ["lowercase", english_stop, english_stemmer]
    # Index side of the head fields: stemmed words, then all their endings (reverse, edge n-grams, reverse).
    german_endings = ["lowercase", "german_normalization", german_stemmer, reverse, endings, reverse]
    return {
        "german_text": analyzer("german_text", char_filter=[umlaut_fold], tokenizer="standard", filter=german),
        "german_search": analyzer(
            "german_search", char_filter=[umlaut_fold], tokenizer="standard", filter=[*german, synonyms]
        ),
        "english_text": analyzer("english_text", char_filter=[umlaut_fold], tokenizer="standard", filter=english),
        "english_search": analyzer(
            "english_search", char_filter=[umlaut_fold], tokenizer="standard", filter=[*english, synonyms]
        ),
        "german_head": analyzer(
            "german_head",
            char_filter=[umlaut_fold, head_cut, join_hyphens],
            tokenizer="standard",
            filter=german_endings,
        ),
        "german_head_search": analyzer(
            "german_head_search",
            char_filter=[umlaut_fold, join_hyphens],
            tokenizer="standard",
            filter=[*german, synonyms],
        ),
        "english_head": analyzer(
            "english_head", char_filter=[umlaut_fold, head_cut], tokenizer="standard", filter=english
        ),
        "category_head_de": analyzer(
            "category_head_de",
            char_filter=[umlaut_fold, last_word, join_hyphens],
            tokenizer="standard",
            filter=german_endings,
        ),
        "category_head_en": analyzer(
            "category_head_en", char_filter=[umlaut_fold, last_word], tokenizer="standard", filter=english
        ),
        "trigram": analyzer("trigram", char_filter=[umlaut_fold], tokenizer=trigram_tokenizer, filter=["lowercase"]),
        "autocomplete": analyzer(
            "autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", autocomplete_edge]
        ),
        "autocomplete_search": analyzer(
            "autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding"]
        ),
        "suggest": analyzer("suggest", tokenizer="standard", filter=["lowercase"]),
    }


# The mapping names analyzers; their definitions (with the current synonyms) come with the
# index settings in product_index(), so one mapping serves every synonym list.
def _german(**kwargs) -> Text:
    return Text(analyzer="german_text", search_analyzer="german_search", **kwargs)


def _english(**kwargs) -> Text:
    return Text(analyzer="english_text", search_analyzer="english_search", **kwargs)


PREFIX = Text(analyzer="autocomplete", search_analyzer="autocomplete_search")
GERMAN_HEAD = Text(analyzer="german_head", search_analyzer="german_head_search")
ENGLISH_HEAD = Text(analyzer="english_head", search_analyzer="english_search")


class AttributeValue(InnerDoc):
    code = Keyword()
    value = Keyword()


class ProductDocument(Document):
    product_id = Long()  # also the document id; a sortable tie-breaker
    title = _german(
        copy_to="suggest",
        fields={
            "raw": Keyword(ignore_above=256),
            "prefix": PREFIX,
            "ngram": Text(analyzer="trigram"),
            "head": GERMAN_HEAD,
        },
    )
    title_en = _english(copy_to="suggest", fields={"prefix": PREFIX, "head": ENGLISH_HEAD})
    description = _german()
    description_en = _english()
    brand = Text(
        analyzer="german_text",
        search_analyzer="german_search",
        copy_to="suggest",
        fields={"raw": Keyword(), "prefix": PREFIX},
    )
    # Attribute values as words (for full text) and as code/value pairs (for facets, filters).
    attributes_text = _german()
    attributes = Nested(AttributeValue)
    suggest = Text(analyzer="suggest")
    gtin = Keyword(normalizer=gtin_normaliser)
    category_id = Integer()
    category_path = Keyword()
    # The category and all its ancestors, so filtering on a parent includes its children.
    category_paths = Keyword()
    category_name_de = Keyword(
        fields={
            "prefix": PREFIX,
            "text": _german(),
            "head": Text(analyzer="category_head_de", search_analyzer="german_head_search"),
        }
    )
    category_name_en = Keyword(
        fields={
            "prefix": PREFIX,
            "text": _english(),
            "head": Text(analyzer="category_head_en", search_analyzer="english_search"),
        }
    )
    # Names of the category's parents (German and English), searchable as words.
    category_ancestor_names = Text(analyzer="german_text", search_analyzer="german_search", fields={"en": _english()})
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
    # The main picture: storage names of the original, thumbnail and srcset renditions with the
    # size (vendors.images.index_image); stored, not searched (an index made before it has no such
    # field mapped and takes it as it is).
    image = Object(enabled=False)
    # Hash of the rest of the document; search_verify compares it with the database.
    content_hash = Keyword(index=False)


def product_index(name: str, *, synonym_rules: list[str]) -> Index:
    index = Index(name)
    # Shards, replicas and refresh interval from the settings (OPENSEARCH_SHARDS/_REPLICAS/
    # _REFRESH_INTERVAL): one shard, no replica on one node; a replica on each other node of a cluster.
    index.settings(
        number_of_shards=settings.OPENSEARCH_SHARDS,
        number_of_replicas=settings.OPENSEARCH_REPLICAS,
        refresh_interval=settings.OPENSEARCH_REFRESH_INTERVAL,
    )
    for item in analyzers(synonym_rules).values():
        index.analyzer(item)
    index.document(ProductDocument)
    return index


def analysis_settings(synonym_rules: list[str]) -> dict:
    """The index's analysis section alone, for updating the synonyms of a closed index."""
    index = product_index("unused", synonym_rules=synonym_rules)
    return index.to_dict()["settings"]["analysis"]
