"""Buyer API: cart and checkout. Views parse input, call one service, render output."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers import selectors, services
from buyers.serializers import (
    AccountCheckoutIn,
    CartItemAddIn,
    CartItemUpdateIn,
    CartOut,
    CartQueryIn,
    CheckoutOut,
    OrderOut,
    VendorOrderCancelIn,
)
from marketplace.errors import DomainError

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="Client-chosen key (1-100 characters); repeating it returns the first order instead of a second one",
)


def cart_response(request, status_code=status.HTTP_200_OK) -> Response:
    return Response(CartOut(selectors.cart_summary(buyer=request.user)).data, status=status_code)


class CartApi(APIView):
    @extend_schema(parameters=[CartQueryIn], responses={200: CartOut})
    def get(self, request):
        query = CartQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(
            CartOut(selectors.cart_summary(buyer=request.user, country=query.validated_data.get("country"))).data
        )


class CartItemAddApi(APIView):
    @extend_schema(request=CartItemAddIn, responses={201: CartOut})
    def post(self, request):
        data = CartItemAddIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.cart_item_add(
            buyer=request.user, offer_id=data.validated_data["offer"], quantity=data.validated_data["quantity"]
        )
        return cart_response(request, status.HTTP_201_CREATED)


class CartItemApi(APIView):
    @extend_schema(request=CartItemUpdateIn, responses={200: CartOut})
    def patch(self, request, item_id: int):
        data = CartItemUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.cart_item_update(buyer=request.user, item_id=item_id, quantity=data.validated_data["quantity"])
        return cart_response(request)

    @extend_schema(responses={200: CartOut})
    def delete(self, request, item_id: int):
        services.cart_item_remove(buyer=request.user, item_id=item_id)
        return cart_response(request)


def idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not 1 <= len(key) <= 100:
        raise DomainError(_("Send an Idempotency-Key header of 1 to 100 characters."), field="idempotency_key")
    return key


def checkout_response(*, buyer, placed) -> Response:
    """The placed order as its buyer sees it, with the card client secret for Stripe.js."""
    order = selectors.order_get(buyer=buyer, number=placed.number)
    order.payment_client_secret = getattr(placed, "payment_client_secret", "")
    return Response(CheckoutOut(order).data, status=status.HTTP_201_CREATED)


class CheckoutApi(APIView):
    @extend_schema(parameters=[IDEMPOTENCY_HEADER], request=AccountCheckoutIn, responses={201: CheckoutOut})
    def post(self, request):
        key = idempotency_key(request)
        data = AccountCheckoutIn(data=request.data)
        data.is_valid(raise_exception=True)
        placed = services.checkout_place(buyer=request.user, idempotency_key=key, **data.validated_data)
        return checkout_response(buyer=request.user, placed=placed)


class OrderListApi(ListAPIView):
    serializer_class = OrderOut

    def get_queryset(self):
        return selectors.order_list(buyer=self.request.user)


class OrderDetailApi(APIView):
    @extend_schema(responses={200: OrderOut})
    def get(self, request, number: str):
        return Response(OrderOut(selectors.order_get(buyer=request.user, number=number)).data)


class VendorOrderCancelApi(APIView):
    @extend_schema(request=VendorOrderCancelIn, responses={200: OrderOut})
    def post(self, request, number: str, vendor_order_id: int):
        data = VendorOrderCancelIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.vendor_order_cancel_by_buyer(
            buyer=request.user, number=number, vendor_order_id=vendor_order_id, **data.validated_data
        )
        return Response(OrderOut(selectors.order_get(buyer=request.user, number=number)).data)
