"""Seller API for shipping profiles (zones, rates, free-shipping threshold, pickup locations)."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from marketplace.serializers import MoneySerializer
from vendors import selectors
from vendors.api import VENDOR_HEADER, acting_vendor
from vendors.models import ShippingZone
from vendors.services import shipping as shipping_services

TIME_SPAN_HELP = 'Per weekday (mon..sun) a list of ["HH:MM", "HH:MM"] opening spans'


class ShippingRateSerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text="Minor units, in the profile's currency")
    additional_item_amount = serializers.IntegerField(default=0, help_text="per_item: each further item")
    max_weight_g = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="weight: bracket limit"
    )


class ShippingZoneSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    countries = serializers.ListField(child=serializers.CharField(max_length=2), help_text="ISO 3166 alpha-2 codes")
    rate_kind = serializers.ChoiceField(choices=ShippingZone.RateKind.choices)
    rates = ShippingRateSerializer(many=True)
    transit_days = serializers.IntegerField(
        min_value=0,
        max_value=30,
        required=False,
        allow_null=True,
        default=None,
        help_text="Business days in transit once shipped (delivery dates); empty: 1 in the home country, 3 abroad",
    )


class PickupLocationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Stays the same while the location keeps its name")
    name = serializers.CharField(max_length=100)
    street = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=20)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(max_length=2)
    opening_hours = serializers.DictField(
        child=serializers.ListField(child=serializers.ListField(child=serializers.CharField())),
        help_text=TIME_SPAN_HELP,
    )


class ShippingProfileIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    currency = serializers.CharField(
        max_length=3, required=False, help_text="Only on create; defaults to the shop currency"
    )
    handling_days = serializers.IntegerField(min_value=0, max_value=30, default=2)
    free_shipping_threshold = MoneySerializer(required=False, allow_null=True, default=None)
    is_default = serializers.BooleanField(required=False, help_text="Create: false when left out; update: unchanged")
    zones = ShippingZoneSerializer(many=True, default=list)
    pickup_locations = PickupLocationSerializer(many=True, default=list)

    def validate_currency(self, value: str) -> str:
        value = value.upper()
        if value not in settings.MARKETPLACE_CURRENCIES:
            raise serializers.ValidationError(
                _("Currency %(currency)s is not accepted; allowed: %(allowed)s.")
                % {"currency": value, "allowed": ", ".join(settings.MARKETPLACE_CURRENCIES)}
            )
        return value


class ShippingProfileOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    currency = serializers.CharField()
    handling_days = serializers.IntegerField()
    free_shipping_threshold = MoneySerializer(allow_null=True)
    is_default = serializers.BooleanField()
    zones = ShippingZoneSerializer(many=True)
    pickup_locations = PickupLocationSerializer(many=True)


def _specs(data: dict) -> dict:
    zones = [
        shipping_services.ZoneSpec(
            name=z["name"],
            countries=z["countries"],
            rate_kind=z["rate_kind"],
            rates=[shipping_services.RateSpec(**r) for r in z["rates"]],
            transit_days=z.get("transit_days"),
        )
        for z in data.pop("zones")
    ]
    pickups = [shipping_services.PickupSpec(**p) for p in data.pop("pickup_locations")]
    return {**data, "zones": zones, "pickup_locations": pickups}


class SellerShippingProfileListApi(ListAPIView):
    serializer_class = ShippingProfileOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.shipping_profile_list(vendor=acting_vendor(self.request))

    @extend_schema(parameters=[VENDOR_HEADER], request=ShippingProfileIn, responses={201: ShippingProfileOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_listings")
        data = ShippingProfileIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = _specs(dict(data.validated_data))
        values["currency"] = (values.get("currency") or settings.MARKETPLACE_CURRENCY).upper()
        profile = shipping_services.shipping_profile_create(vendor=vendor, actor=request.user, **values)
        return created(ShippingProfileOut(selectors.shipping_profile_get(vendor=vendor, profile_id=profile.id)).data)


class SellerShippingProfileDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: ShippingProfileOut})
    def get(self, request, profile_id: int):
        profile = selectors.shipping_profile_get(vendor=acting_vendor(request), profile_id=profile_id)
        return Response(ShippingProfileOut(profile).data)

    @extend_schema(parameters=[VENDOR_HEADER], request=ShippingProfileIn, responses={200: ShippingProfileOut})
    def put(self, request, profile_id: int):
        vendor = acting_vendor(request)
        # Look the profile up before checking the role, so a foreign id is a 404 for everyone.
        selectors.shipping_profile_get(vendor=vendor, profile_id=profile_id)
        vendor = acting_vendor(request, "manage_listings")
        data = ShippingProfileIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = _specs(dict(data.validated_data))
        values.pop("currency", None)
        shipping_services.shipping_profile_update(vendor=vendor, actor=request.user, profile_id=profile_id, **values)
        return Response(ShippingProfileOut(selectors.shipping_profile_get(vendor=vendor, profile_id=profile_id)).data)

    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={204: None})
    def delete(self, request, profile_id: int):
        vendor = acting_vendor(request)
        selectors.shipping_profile_get(vendor=vendor, profile_id=profile_id)
        vendor = acting_vendor(request, "manage_listings")
        shipping_services.shipping_profile_delete(vendor=vendor, actor=request.user, profile_id=profile_id)
        return Response(status=204)
