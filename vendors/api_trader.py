"""Trader API (DSA Art. 30): the vendor's trader data and check result, the self-certification,
and the operators' view, re-check and closing of an account. Views parse, call one service, render."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from vendors import selectors
from vendors.api import VENDOR_HEADER, acting_vendor
from vendors.selectors_trader import trader_status
from vendors.serializers_trader import CloseIn, TraderDataIn, TraderStatusOut
from vendors.services.trader import (
    TraderData,
    vendor_close,
    vendor_trader_certify,
    vendor_trader_check,
    vendor_trader_update,
)


def _status(vendor) -> dict:
    vendor.refresh_from_db()
    return TraderStatusOut(trader_status(vendor=vendor)).data


class SellerTraderApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: TraderStatusOut})
    def get(self, request):
        # The trader record (identity, address, registration) is the account holder's business.
        return Response(_status(acting_vendor(request, "manage_account")))

    @extend_schema(parameters=[VENDOR_HEADER], request=TraderDataIn, responses={200: TraderStatusOut})
    def patch(self, request):
        vendor = acting_vendor(request, "manage_account")
        data = TraderDataIn(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = vendor_trader_update(vendor=vendor, actor=request.user, data=TraderData(**data.validated_data))
        return Response(_status(vendor))


class SellerTraderCertificationApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={200: TraderStatusOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_account")
        vendor_trader_certify(vendor=vendor, actor=request.user)
        return Response(_status(vendor))


class OperatorVendorTraderApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: TraderStatusOut})
    def get(self, request, vendor_id: int):
        return Response(_status(selectors.operator_vendor_get(vendor_id=vendor_id)))

    @extend_schema(request=None, responses={200: TraderStatusOut}, summary="Re-run the trader check")
    def post(self, request, vendor_id: int):
        vendor = vendor_trader_check(
            vendor_id=selectors.operator_vendor_get(vendor_id=vendor_id).id, actor=request.user, cause="operator"
        )
        return Response(_status(vendor))


class OperatorVendorCloseApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=CloseIn, responses={200: TraderStatusOut}, summary="End the relationship with a vendor")
    def post(self, request, vendor_id: int):
        data = CloseIn(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = selectors.operator_vendor_get(vendor_id=vendor_id)
        vendor = vendor_close(actor=request.user, vendor_id=vendor.id, reason=data.validated_data["reason"])
        return Response(_status(vendor))
