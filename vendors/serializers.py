from rest_framework import serializers

from marketplace.serializers import MoneySerializer
from vendors.models import Offer, Vendor


class ListingCreateIn(serializers.Serializer):
    category = serializers.IntegerField(help_text="Category id; ignored when the GTIN matches a catalog product")
    title = serializers.CharField(max_length=300)
    title_en = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True, max_length=20_000)
    brand = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    gtin = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    attributes = serializers.DictField(required=False, default=dict)
    condition = serializers.ChoiceField(choices=Offer.Condition.choices, default=Offer.Condition.NEW)
    price = MoneySerializer()
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000)
    handling_days = serializers.IntegerField(min_value=0, max_value=30, default=2)


class OfferUpdateIn(serializers.Serializer):
    price = MoneySerializer(required=False)
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    is_active = serializers.BooleanField(required=False)


class OfferOut(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    product_title = serializers.CharField(source="product.title")
    category = serializers.CharField(source="product.category.path")
    gtin = serializers.CharField(source="product.gtin")
    condition = serializers.CharField()
    price = MoneySerializer()
    stock = serializers.IntegerField()
    handling_days = serializers.IntegerField()
    is_active = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
