from django.utils.translation import gettext_lazy
from rest_framework import serializers

from marketplace.serializers import MoneySerializer
from vendors.models import Offer

RETURN_WINDOW_ERROR = gettext_lazy("Return window must be one of 14, 30, 60 or 100 days.")
# 0 (no returns) passes here but only private (C2C) sellers may use it; the service decides.
SKU_HELP = "Your own stock-keeping unit, unique among your offers (letters, digits, . _ / -); generated when left out"


class ListingCreateIn(serializers.Serializer):
    product = serializers.IntegerField(
        source="product_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="A catalog product found with the catalog search; the product fields below are then ignored",
    )
    variant = serializers.IntegerField(
        source="variant_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="The variant offered; required when the product has variants (a variant's GTIN names it too)",
    )
    category = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Category id of a new product; ignored when the GTIN matches",
    )
    title = serializers.CharField(
        max_length=300,
        required=False,
        default="",
        allow_blank=True,
        help_text="German title of a new product; a new product needs this or title_en",
    )
    title_en = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True, max_length=20_000)
    description_en = serializers.CharField(required=False, default="", allow_blank=True, max_length=20_000)
    brand = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    gtin = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    attributes = serializers.DictField(required=False, default=dict)
    condition = serializers.ChoiceField(choices=Offer.Condition.choices, default=Offer.Condition.NEW)
    price = MoneySerializer()
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000)
    handling_days = serializers.IntegerField(min_value=0, max_value=30, default=2)
    sku = serializers.CharField(max_length=64, required=False, help_text=SKU_HELP)
    return_window_days = serializers.ChoiceField(
        choices=(Offer.NO_RETURNS, *Offer.RETURN_WINDOWS),
        default=14,
        error_messages={"invalid_choice": RETURN_WINDOW_ERROR},
    )
    shipping_profile = serializers.IntegerField(
        source="shipping_profile_id",
        required=False,
        allow_null=True,
        help_text="One of your shipping profiles; default profile when left out",
    )
    weight_g = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False, allow_null=True)
    publish = serializers.BooleanField(default=True, help_text="False keeps the offer as a draft")


class OfferUpdateIn(serializers.Serializer):
    price = MoneySerializer(required=False)
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    is_active = serializers.BooleanField(
        required=False, help_text="Older spelling of status live (true) / paused (false)"
    )
    status = serializers.ChoiceField(choices=[Offer.Status.LIVE, Offer.Status.PAUSED], required=False)
    sku = serializers.CharField(max_length=64, required=False, help_text=SKU_HELP)
    handling_days = serializers.IntegerField(min_value=0, max_value=30, required=False)
    return_window_days = serializers.ChoiceField(
        choices=(Offer.NO_RETURNS, *Offer.RETURN_WINDOWS),
        required=False,
        error_messages={"invalid_choice": RETURN_WINDOW_ERROR},
    )
    shipping_profile = serializers.IntegerField(source="shipping_profile_id", required=False, allow_null=True)
    weight_g = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False, allow_null=True)
    variant = serializers.IntegerField(
        source="variant_id", required=False, allow_null=True, help_text="Another variant of the offer's product"
    )


class OfferOut(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    status = serializers.CharField()
    product_id = serializers.IntegerField()
    variant_id = serializers.IntegerField(allow_null=True)
    product_title = serializers.CharField(source="product.display_title")
    product_status = serializers.CharField(source="product.status")
    category = serializers.CharField(source="product.category.path")
    gtin = serializers.CharField(source="product.gtin")
    condition = serializers.CharField()
    price = MoneySerializer()
    stock = serializers.IntegerField()
    handling_days = serializers.IntegerField()
    return_window_days = serializers.IntegerField()
    shipping_profile_id = serializers.IntegerField(allow_null=True)
    weight_g = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField(help_text="status == live")
    updated_at = serializers.DateTimeField()
