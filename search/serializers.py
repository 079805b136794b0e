from django.utils.translation import get_language
from rest_framework import serializers

from search.selectors import SORTS
from search.selectors.catalog import CONDITIONS, HIGHLIGHTS, MAX_PAGE_SIZE
from search.selectors.related import MAX_RELATED


class ProductSearchIn(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    category = serializers.IntegerField(required=False, min_value=1)
    brand = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=20
    )
    vendor = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=20
    )
    price_min = serializers.IntegerField(required=False, min_value=0, help_text="Landed price in minor units.")
    price_max = serializers.IntegerField(required=False, min_value=0, help_text="Landed price in minor units.")
    condition = serializers.ListField(child=serializers.ChoiceField(choices=CONDITIONS), required=False, default=list)
    rating_min = serializers.DecimalField(required=False, min_value=0, max_value=5, max_digits=2, decimal_places=1)
    seller_rating_min = serializers.DecimalField(
        required=False,
        min_value=0,
        max_value=5,
        max_digits=2,
        decimal_places=1,
        help_text="Average seller rating of the best offer's seller, at least.",
    )
    in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
    free_shipping = serializers.BooleanField(required=False, allow_null=True, default=None)
    max_delivery_days = serializers.IntegerField(required=False, min_value=0, max_value=60)
    attr = serializers.ListField(
        child=serializers.RegexField(
            r"^[-a-zA-Z0-9_]+:.+$", max_length=200, error_messages={"invalid": "Use code:value, e.g. colour:rot."}
        ),
        required=False,
        default=list,
        max_length=20,
        help_text="Attribute filters of the category's schema as code:value; repeat for several.",
    )
    sort = serializers.ChoiceField(choices=list(SORTS), default="relevance")
    page = serializers.IntegerField(required=False, default=1, min_value=1)
    size = serializers.IntegerField(required=False, default=24, min_value=1, max_value=MAX_PAGE_SIZE)
    cursor = serializers.CharField(required=False, max_length=500, help_text="next_cursor of the previous page.")
    highlight = serializers.ChoiceField(
        choices=list(HIGHLIGHTS),
        default="title",
        help_text="Which fields of each hit to mark the matched words in: titles (default), all (titles and a "
        "description fragment) or none (fastest).",
    )

    def validate(self, data):
        if data.get("cursor") and data["page"] != 1:
            raise serializers.ValidationError({"page": ["Use either page or cursor, not both."]})
        return data


def _title_in_request_language(item) -> str:
    # LocaleMiddleware activated the request's language (Accept-Language, cookie, default de).
    return item.title_for(get_language())


class HitImageOut(serializers.Serializer):
    url = serializers.CharField(help_text="The picture as uploaded (re-encoded).")
    thumbnail_url = serializers.CharField()
    srcset = serializers.CharField(help_text="Every stored width, for an <img srcset>.")


class ProductHitOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.SerializerMethodField(help_text="In the request's language, else the other one.")
    title_de = serializers.CharField(source="title", help_text="German title as listed (may be empty).")
    title_en = serializers.CharField(help_text="English title as listed (may be empty).")
    brand = serializers.CharField()
    category_path = serializers.CharField()
    min_price = serializers.SerializerMethodField(help_text="Lowest landed price (item + shipping home).")
    offer_count = serializers.IntegerField()
    best_offer_id = serializers.IntegerField()
    in_stock = serializers.BooleanField()
    free_shipping = serializers.BooleanField()
    rating = serializers.FloatField(allow_null=True, help_text="Average stars of the product's reviews (unrounded).")
    rating_count = serializers.IntegerField()
    seller_rating = serializers.FloatField(
        allow_null=True, help_text="Average seller rating of the best offer's seller."
    )
    seller_rating_count = serializers.IntegerField()
    conditions = serializers.ListField(child=serializers.CharField())
    fastest_handling_days = serializers.IntegerField(allow_null=True)
    vendor_names = serializers.ListField(child=serializers.CharField())
    highlight = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="HTML fragments, matches wrapped in <mark>, the rest escaped.",
    )
    image = HitImageOut(allow_null=True, help_text="The main picture; null when the product has none.")

    def get_title(self, hit) -> str:
        return _title_in_request_language(hit)

    def get_min_price(self, hit) -> dict:
        return {"amount": hit.min_price, "currency": hit.currency}

    def to_representation(self, hit) -> dict:
        return hit_representation(hit, get_language())


# Search answers are built by hand from the declared fields above (which the OpenAPI schema
# shows): DRF's generic field machinery took longer per search than the engine's own work for
# 24 hits with their facets. tests/search/test_api.py checks the keys against the declarations.
def hit_representation(hit, language: str | None) -> dict:
    return {
        "id": hit.id,
        "title": hit.title_for(language),
        "title_de": hit.title,
        "title_en": hit.title_en,
        "brand": hit.brand,
        "category_path": hit.category_path,
        "min_price": {"amount": hit.min_price, "currency": hit.currency},
        "offer_count": hit.offer_count,
        "best_offer_id": hit.best_offer_id,
        "in_stock": bool(hit.in_stock),
        "free_shipping": bool(hit.free_shipping),
        "rating": None if hit.rating is None else float(hit.rating),
        "rating_count": int(hit.rating_count or 0),
        "seller_rating": None if hit.seller_rating is None else float(hit.seller_rating),
        "seller_rating_count": int(hit.seller_rating_count or 0),
        "conditions": list(hit.conditions),
        "fastest_handling_days": hit.fastest_handling_days,
        "vendor_names": list(hit.vendor_names),
        "highlight": hit.highlight,
        "image": None
        if hit.image is None
        else {"url": hit.image.original, "thumbnail_url": hit.image.thumbnail, "srcset": hit.image.srcset},
    }


class FacetValueOut(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()
    label = serializers.CharField()


class SearchResultOut(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    size = serializers.IntegerField()
    hits = ProductHitOut(many=True)
    facets = serializers.DictField(child=FacetValueOut(many=True))
    next_cursor = serializers.CharField(allow_null=True)
    suggestion = serializers.CharField(allow_null=True, help_text="'Did you mean' when nothing was found.")
    corrected_query = serializers.CharField(
        allow_null=True,
        help_text="When q found nothing: the correction (= suggestion) these hits, total and facets are for; "
        "null when they are for q as sent.",
    )

    def to_representation(self, result) -> dict:
        language = get_language()
        return {
            "total": result.total,
            "page": result.page,
            "size": result.size,
            "hits": [hit_representation(hit, language) for hit in result.hits],
            "facets": {
                name: [{"value": f.value, "count": f.count, "label": f.label} for f in values]
                for name, values in result.facets.items()
            },
            "next_cursor": result.next_cursor,
            "suggestion": result.suggestion,
            "corrected_query": result.corrected_query,
        }


class AutocompleteIn(serializers.Serializer):
    q = serializers.CharField(min_length=2, max_length=100, help_text="At least two characters.")
    size = serializers.IntegerField(required=False, default=5, min_value=1, max_value=10)


class AutocompleteOut(serializers.Serializer):
    class ProductOut(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.SerializerMethodField(help_text="In the request's language, else the other one.")
        title_de = serializers.CharField(source="title")
        title_en = serializers.CharField()

        def get_title(self, product) -> str:
            return _title_in_request_language(product)

    class CategoryOut(serializers.Serializer):
        id = serializers.IntegerField()
        path = serializers.CharField()
        name = serializers.CharField()
        count = serializers.IntegerField()

    class BrandOut(serializers.Serializer):
        name = serializers.CharField()
        count = serializers.IntegerField()

    products = ProductOut(many=True)
    categories = CategoryOut(many=True)
    brands = BrandOut(many=True)


class RelatedIn(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=8, min_value=1, max_value=MAX_RELATED)


class RelatedOut(serializers.Serializer):
    results = ProductHitOut(many=True)


class SynonymIn(serializers.Serializer):
    rule = serializers.CharField(
        max_length=500, help_text="'fahrrad, rad, bike' (equivalent) or 'handy => smartphone'."
    )


class SynonymOut(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ZeroResultQueryOut(serializers.Serializer):
    id = serializers.IntegerField()
    query = serializers.CharField()
    count = serializers.IntegerField()
    suggestion = serializers.CharField()
    first_seen_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
