"""Headless product API: a product with its featured offer and the other offers, as the product
page shows them (buyers.product_offers), for shops and apps on other origins (CORS:
``CORS_ALLOWED_ORIGINS``). Public, read-only; prices are for ``?country=`` (default: the market's
home country), as the page's are for the buyer's country."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.product_offers import product_for_sale, product_offers
from marketplace.errors import DomainError
from marketplace.serializers import MoneySerializer
from vendors.shipping import DEFAULT_DESTINATION


class HeadlessTraderOut(serializers.Serializer):
    legal_name = serializers.CharField()
    legal_form = serializers.CharField(source="get_legal_form_display")
    street = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    phone = serializers.CharField(source="contact_phone")
    email = serializers.EmailField()
    register_court = serializers.CharField()
    register_number = serializers.CharField()
    vat_id = serializers.CharField()


class HeadlessSellerOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    private_seller = serializers.BooleanField(source="is_consumer_seller")
    trader = serializers.SerializerMethodField()

    @extend_schema_field(HeadlessTraderOut(allow_null=True))
    def get_trader(self, vendor):
        # DSA Art. 31: a trader's identity and contact with every offer; private sellers have none.
        return None if vendor.is_consumer_seller else HeadlessTraderOut(vendor).data


class HeadlessOfferOut(serializers.Serializer):
    id = serializers.IntegerField(source="offer.id")
    variant_id = serializers.IntegerField(source="offer.variant_id", allow_null=True)
    condition = serializers.CharField(source="offer.condition")
    price = MoneySerializer(source="offer.price", read_only=True)
    shipping = MoneySerializer(allow_null=True, read_only=True)
    landed_price = MoneySerializer(allow_null=True, read_only=True)
    delivery_date = serializers.DateField(allow_null=True)
    in_stock = serializers.SerializerMethodField()
    seller = HeadlessSellerOut(source="offer.vendor")
    seller_rating = serializers.DecimalField(max_digits=2, decimal_places=1, allow_null=True)
    seller_rating_count = serializers.IntegerField()

    def get_in_stock(self, row) -> bool:
        return row.offer.stock > 0


class HeadlessImageOut(serializers.Serializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    is_main = serializers.BooleanField()

    def _absolute(self, field) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(field.url) if request else field.url

    def get_url(self, image) -> str:
        return self._absolute(image.image)

    def get_thumbnail_url(self, image) -> str:
        return self._absolute(image.thumbnail) if image.thumbnail else ""


class HeadlessVariantOut(serializers.Serializer):
    id = serializers.IntegerField()
    options = serializers.DictField()
    gtin = serializers.CharField()
    label = serializers.CharField()


class HeadlessProductOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="display_title")
    description = serializers.CharField(source="display_description")
    brand = serializers.CharField()
    gtin = serializers.CharField()
    category = serializers.IntegerField(source="category_id")
    attributes = serializers.DictField()
    images = serializers.SerializerMethodField()
    variants = serializers.SerializerMethodField()

    @extend_schema_field(HeadlessImageOut(many=True))
    def get_images(self, product):
        ordered = sorted(product.images.all(), key=lambda i: (not i.is_main, i.position, i.id))
        return HeadlessImageOut(ordered, many=True, context=self.context).data

    @extend_schema_field(HeadlessVariantOut(many=True))
    def get_variants(self, product):
        return HeadlessVariantOut(sorted(product.variants.all(), key=lambda v: (v.position, v.id)), many=True).data


class HeadlessProductDetailOut(serializers.Serializer):
    product = HeadlessProductOut()
    country = serializers.CharField()
    featured_offer = HeadlessOfferOut(allow_null=True)
    offers = HeadlessOfferOut(many=True)


COUNTRY = OpenApiParameter("country", str, description="ISO country the prices and dates are for (default: home)")


class ProductDetailApi(APIView):
    authentication_classes = []  # public: no session, so no CSRF; cross-origin apps send no cookies
    permission_classes = [AllowAny]

    @extend_schema(parameters=[COUNTRY], responses={200: HeadlessProductDetailOut})
    def get(self, request, product_id: int):
        country = (request.query_params.get("country") or DEFAULT_DESTINATION).upper()
        if country not in settings.MARKETPLACE_SHIPPING_COUNTRIES:
            raise DomainError(
                _("We ship to %(countries)s only.") % {"countries": ", ".join(settings.MARKETPLACE_SHIPPING_COUNTRIES)},
                field="country",
            )
        product = product_for_sale(product_id=product_id)
        rows = product_offers(product=product, country=country)
        featured = rows[0] if rows and rows[0].featured else None
        data = {
            "product": product,
            "country": country,
            "featured_offer": featured,
            "offers": rows[1:] if featured else rows,
        }
        return Response(HeadlessProductDetailOut(data, context={"request": request}).data)
