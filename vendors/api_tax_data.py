"""DAC7 seller data API: the vendor's TIN, date of birth, permanent establishments and what the
report still lacks (GET), and the change (PATCH, checked with python-stdnum). Owners only."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from vendors.api import VENDOR_HEADER, acting_vendor
from vendors.services.tax_data import TaxDataIn, tax_data_missing, tax_data_of, vendor_tax_data_update


class TaxDataInSerializer(serializers.Serializer):
    tin = serializers.CharField(max_length=40, required=False, allow_blank=True)
    tin_country = serializers.CharField(max_length=2, required=False)
    first_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False)
    birth_city = serializers.CharField(max_length=200, required=False, allow_blank=True)
    permanent_establishments = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, max_length=27
    )


class TaxDataOut(serializers.Serializer):
    tin = serializers.CharField()
    tin_country = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    birth_city = serializers.CharField()
    permanent_establishments = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())


def _out(vendor) -> dict:
    vendor.refresh_from_db()
    data = tax_data_of(vendor)
    return TaxDataOut(
        {
            **{name: getattr(data, name) for name in TaxDataInSerializer().fields},
            "permanent_establishments": list(data.permanent_establishments or []),
            "missing": tax_data_missing(vendor),
        }
    ).data


class SellerTaxDataApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: TaxDataOut})
    def get(self, request):
        return Response(_out(acting_vendor(request, "manage_account")))

    @extend_schema(parameters=[VENDOR_HEADER], request=TaxDataInSerializer, responses={200: TaxDataOut})
    def patch(self, request):
        vendor = acting_vendor(request, "manage_account")
        data = TaxDataInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vendor_tax_data_update(vendor=vendor, actor=request.user, data=TaxDataIn(**data.validated_data))
        return Response(_out(vendor))
