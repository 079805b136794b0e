"""Seller API for the products a vendor proposed: their texts in both languages and their variants.

Every operation first finds the product among the acting vendor's own (a foreign or missing id is
a 404 for every role), then checks the role (manage_listings), then calls one service.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from vendors import selectors
from vendors.api import VENDOR_HEADER, acting_vendor, acting_vendor_owning
from vendors.services.products import MAX_BRAND, MAX_DESCRIPTION, MAX_TITLE, product_update
from vendors.services.variants import variant_create, variant_delete, variant_update


class VariantOut(serializers.Serializer):
    id = serializers.IntegerField()
    options = serializers.DictField(child=serializers.CharField())
    gtin = serializers.CharField()
    position = serializers.IntegerField()
    offer_count = serializers.IntegerField(
        source="offers.count", help_text="Offers (of any vendor) selling this variant"
    )


class SellerProductOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    moderation_reason = serializers.CharField()
    title = serializers.CharField(help_text="German")
    title_en = serializers.CharField()
    description = serializers.CharField(help_text="German")
    description_en = serializers.CharField()
    brand = serializers.CharField()
    gtin = serializers.CharField()
    category_id = serializers.IntegerField()
    attributes = serializers.DictField()
    variants = VariantOut(many=True)
    updated_at = serializers.DateTimeField()


class ProductUpdateIn(serializers.Serializer):
    title = serializers.CharField(
        max_length=MAX_TITLE,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="German title; one of title and title_en must stay",
    )
    title_en = serializers.CharField(max_length=MAX_TITLE, required=False, allow_blank=True, trim_whitespace=False)
    description = serializers.CharField(
        max_length=MAX_DESCRIPTION, required=False, allow_blank=True, trim_whitespace=False, help_text="German"
    )
    description_en = serializers.CharField(
        max_length=MAX_DESCRIPTION, required=False, allow_blank=True, trim_whitespace=False
    )
    brand = serializers.CharField(max_length=MAX_BRAND, required=False, allow_blank=True, trim_whitespace=False)


class VariantIn(serializers.Serializer):
    options = serializers.DictField(help_text='Option names to values, e.g. {"size": "M", "colour": "rot"}')
    gtin = serializers.CharField(
        max_length=20,
        required=False,
        default="",
        allow_blank=True,
        help_text="The variant's own GTIN/EAN (check digit validated)",
    )
    position = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=None, allow_null=True)


def _own_product(request, product_id: int, permission: str | None = None):
    """The acting vendor for an operation on its own product ``product_id`` (404 before 403)."""
    if permission is None:
        vendor = acting_vendor(request)
        return vendor, selectors.own_product_get(vendor=vendor, product_id=product_id)
    vendor = acting_vendor_owning(
        request, lookup=lambda v: selectors.own_product_get(vendor=v, product_id=product_id), permission=permission
    )
    return vendor, None


def _product_out(vendor, product_id: int):
    product = selectors.own_product_get(vendor=vendor, product_id=product_id)
    return SellerProductOut(product).data


class SellerProductDetailApi(APIView):
    """A product you proposed: read it, change its texts (German and English) and brand."""

    @extend_schema(parameters=[VENDOR_HEADER], responses={200: SellerProductOut})
    def get(self, request, product_id: int):
        vendor, _ = _own_product(request, product_id)
        return Response(_product_out(vendor, product_id))

    @extend_schema(parameters=[VENDOR_HEADER], request=ProductUpdateIn, responses={200: SellerProductOut})
    def patch(self, request, product_id: int):
        vendor, _ = _own_product(request, product_id, "manage_listings")
        data = ProductUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product_update(vendor=vendor, actor=request.user, product_id=product_id, **data.validated_data)
        return Response(_product_out(vendor, product_id))


class SellerVariantListApi(APIView):
    """The variants of a product you proposed; add one."""

    @extend_schema(parameters=[VENDOR_HEADER], responses={200: VariantOut(many=True)})
    def get(self, request, product_id: int):
        vendor, product = _own_product(request, product_id)
        return Response(VariantOut(product.variants.order_by("position", "id"), many=True).data)

    @extend_schema(parameters=[VENDOR_HEADER], request=VariantIn, responses={201: VariantOut})
    def post(self, request, product_id: int):
        vendor, _ = _own_product(request, product_id, "manage_listings")
        data = VariantIn(data=request.data)
        data.is_valid(raise_exception=True)
        variant = variant_create(vendor=vendor, actor=request.user, product_id=product_id, **data.validated_data)
        return created(VariantOut(variant).data)


class SellerVariantDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=VariantIn, responses={200: VariantOut})
    def patch(self, request, product_id: int, variant_id: int):
        vendor, _ = _own_product(request, product_id, "manage_listings")
        data = VariantIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        variant = variant_update(
            vendor=vendor, actor=request.user, product_id=product_id, variant_id=variant_id, **data.validated_data
        )
        return Response(VariantOut(variant).data)

    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={204: None})
    def delete(self, request, product_id: int, variant_id: int):
        vendor, _ = _own_product(request, product_id, "manage_listings")
        variant_delete(vendor=vendor, actor=request.user, product_id=product_id, variant_id=variant_id)
        return Response(status=204)
