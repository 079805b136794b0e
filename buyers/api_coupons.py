"""Coupon API: buyers apply codes to their cart; operators and vendors create them."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers import coupons
from buyers.api import cart_response
from buyers.serializers import CartOut, CouponApplyIn, CouponCreateIn, CouponOut
from vendors.api import VENDOR_HEADER, acting_vendor


class CartCouponApi(APIView):
    @extend_schema(request=CouponApplyIn, responses={200: CartOut})
    def post(self, request):
        data = CouponApplyIn(data=request.data)
        data.is_valid(raise_exception=True)
        coupons.cart_coupon_apply(buyer=request.user, code=data.validated_data["code"])
        return cart_response(request)

    @extend_schema(responses={200: CartOut})
    def delete(self, request):
        coupons.cart_coupon_remove(buyer=request.user)
        return cart_response(request)


class OperatorCouponCreateApi(APIView):
    """Platform-funded coupons."""

    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=CouponCreateIn, responses={201: CouponOut})
    def post(self, request):
        data = CouponCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(CouponOut(coupons.coupon_create(**data.validated_data)).data, status=status.HTTP_201_CREATED)


class SellerCouponApi(APIView):
    """Coupons a vendor funds itself; they only ever discount that vendor's items."""

    @extend_schema(parameters=[VENDOR_HEADER], responses={200: CouponOut(many=True)})
    def get(self, request):
        vendor = acting_vendor(request)
        return Response(CouponOut(coupons.coupon_list_for_vendor(vendor=vendor), many=True).data)

    @extend_schema(parameters=[VENDOR_HEADER], request=CouponCreateIn, responses={201: CouponOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_listings")
        data = CouponCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        coupon = coupons.coupon_create(funded_by_vendor=vendor, **data.validated_data)
        return Response(CouponOut(coupon).data, status=status.HTTP_201_CREATED)
