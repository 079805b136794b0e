from rest_framework import serializers

from search.selectors import SORTS


class ProductSearchIn(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    category = serializers.IntegerField(required=False, min_value=1)
    sort = serializers.ChoiceField(choices=list(SORTS), default="relevance")
    page = serializers.IntegerField(required=False, default=1, min_value=1)
    size = serializers.IntegerField(required=False, default=24, min_value=1, max_value=100)


class ProductHitOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    brand = serializers.CharField()
    category_path = serializers.CharField()
    min_price = serializers.SerializerMethodField()
    offer_count = serializers.IntegerField()
    best_offer_id = serializers.IntegerField()
    in_stock = serializers.BooleanField()
    vendor_names = serializers.ListField(child=serializers.CharField())

    def get_min_price(self, hit) -> dict:
        return {"amount": hit.min_price, "currency": hit.currency}


class FacetValueOut(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class SearchResultOut(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    size = serializers.IntegerField()
    hits = ProductHitOut(many=True)
    facets = serializers.DictField(child=FacetValueOut(many=True))
