"""Mapping of the product index: one document per product, summarising its live offers."""
from opensearchpy import Boolean, Date, Document, Index, Integer, Keyword, Long, Text, analyzer, token_filter

german_stop = token_filter("german_stop", "stop", stopwords="_german_")
german_stemmer = token_filter("german_stemmer", "stemmer", language="light_german")
english_stop = token_filter("english_stop", "stop", stopwords="_english_")
english_stemmer = token_filter("english_stemmer", "stemmer", language="english")
autocomplete_edge = token_filter("autocomplete_edge", "edge_ngram", min_gram=2, max_gram=20)

german_text = analyzer(
    "german_text", tokenizer="standard", filter=["lowercase", german_stop, "german_normalization", german_stemmer]
)
english_text = analyzer("english_text", tokenizer="standard", filter=["lowercase", english_stop, english_stemmer])
autocomplete = analyzer("autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", autocomplete_edge])
autocomplete_search = analyzer("autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding"])


class ProductDocument(Document):
    product_id = Long()  # also the document id; a sortable tie-breaker
    title = Text(
        analyzer=german_text,
        fields={
            "raw": Keyword(),
            "prefix": Text(analyzer=autocomplete, search_analyzer=autocomplete_search),
        },
    )
    title_en = Text(analyzer=english_text, fields={"prefix": Text(analyzer=autocomplete, search_analyzer=autocomplete_search)})
    description = Text(analyzer=german_text)
    brand = Text(fields={"raw": Keyword()})
    gtin = Keyword()
    category_id = Integer()
    category_path = Keyword()
    # The category and all its ancestors, so filtering on a parent includes its children.
    category_paths = Keyword()
    category_name_de = Keyword()
    category_name_en = Keyword()
    currency = Keyword()
    min_price = Long()  # minor units of the cheapest live offer
    offer_count = Integer()
    best_offer_id = Long()
    vendor_ids = Integer()
    vendor_names = Keyword()
    conditions = Keyword()
    in_stock = Boolean()
    fastest_handling_days = Integer()
    created_at = Date()


def product_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(ProductDocument)
    return index
