"""Service offers API: sellers list and create theirs; anyone signed in reads a product's; buyers
choose one for a cart item. No object ids in the paths: lookups are scoped in the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.addons import service_offers
from buyers.addons.models import ServiceOffer
from marketplace.serializers import MoneySerializer
from vendors.api import VENDOR_HEADER, acting_vendor


class ServiceOfferOut(serializers.Serializer):
    id = serializers.IntegerField()
    provider_id = serializers.IntegerField()
    provider_name = serializers.CharField(source="provider.name")
    product_id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    price = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()

    def get_price(self, offer) -> dict:
        return {"amount": offer.price_amount, "currency": offer.currency}


class ServiceOfferIn(serializers.Serializer):
    product = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=ServiceOffer.Kind.choices)
    title = serializers.CharField(max_length=200)
    price = MoneySerializer()


class ProductServicesQueryIn(serializers.Serializer):
    product = serializers.IntegerField(min_value=1)


class CartServiceIn(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, help_text="Cart item the service covers")
    service_offer = serializers.IntegerField(min_value=1)


class CartServiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    item_id = serializers.IntegerField()
    service_offer = ServiceOfferOut()


class SellerServiceOfferApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: ServiceOfferOut(many=True)})
    def get(self, request):
        vendor = acting_vendor(request)
        return Response(
            ServiceOfferOut(ServiceOffer.objects.filter(provider=vendor).select_related("provider"), many=True).data
        )

    @extend_schema(parameters=[VENDOR_HEADER], request=ServiceOfferIn, responses={201: ServiceOfferOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_listings")
        data = ServiceOfferIn(data=request.data)
        data.is_valid(raise_exception=True)
        offer = service_offers.service_offer_create(
            provider=vendor,
            product_id=data.validated_data["product"],
            kind=data.validated_data["kind"],
            title=data.validated_data["title"],
            price=data.validated_data["price"],  # MoneySerializer gives Money
        )
        return Response(ServiceOfferOut(offer).data, status=status.HTTP_201_CREATED)


class ProductServiceOffersApi(APIView):
    @extend_schema(parameters=[ProductServicesQueryIn], responses={200: ServiceOfferOut(many=True)})
    def get(self, request):
        query = ProductServicesQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        offers = service_offers.service_offers_for_product(product_id=query.validated_data["product"])
        return Response(ServiceOfferOut(offers, many=True).data)


class CartServiceApi(APIView):
    @extend_schema(request=CartServiceIn, responses={201: CartServiceOut})
    def post(self, request):
        data = CartServiceIn(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = service_offers.cart_service_add(
            buyer=request.user,
            item_id=data.validated_data["item"],
            service_offer_id=data.validated_data["service_offer"],
        )
        return Response(CartServiceOut(chosen).data, status=status.HTTP_201_CREATED)
