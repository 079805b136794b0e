"""Guest API: the session's cart, checkout with an e-mail address, the order behind a signed link.

No login: the guest is found through the server-side session (buyers.guests), so one guest never
reaches another's cart or orders; an item id of another cart is a 404 like a missing one.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers import guests, selectors, services
from buyers.api import IDEMPOTENCY_HEADER, checkout_response, idempotency_key
from buyers.selectors import CartSummary
from buyers.serializers import CartItemAddIn, CartItemUpdateIn, CartOut, CartQueryIn, CheckoutIn, CheckoutOut, OrderOut
from marketplace.errors import NotFound
from marketplace.security.throttles import AuthThrottle


class GuestCheckoutIn(CheckoutIn):
    email = serializers.EmailField(help_text="Where the confirmation and the link to the order go")


class GuestApi(APIView):
    permission_classes = [AllowAny]

    def guest_cart(self, request, status_code=status.HTTP_200_OK, country=None) -> Response:
        guest = guests.guest_get(session=request.session)
        summary = (
            selectors.cart_summary(buyer=guest, country=country) if guest else CartSummary(groups=[], currency=None)
        )
        return Response(CartOut(summary).data, status=status_code)

    def guest_or_404(self, request):
        guest = guests.guest_get(session=request.session)
        if guest is None:
            raise NotFound(_("No such cart item."), field="item")
        return guest


class GuestCartApi(GuestApi):
    @extend_schema(parameters=[CartQueryIn], responses={200: CartOut})
    def get(self, request):
        query = CartQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        return self.guest_cart(request, country=query.validated_data.get("country"))


class GuestCartItemAddApi(GuestApi):
    @extend_schema(request=CartItemAddIn, responses={201: CartOut})
    def post(self, request):
        data = CartItemAddIn(data=request.data)
        data.is_valid(raise_exception=True)
        guests.guest_cart_item_add(
            session=request.session, offer_id=data.validated_data["offer"], quantity=data.validated_data["quantity"]
        )
        return self.guest_cart(request, status.HTTP_201_CREATED)


class GuestCartItemApi(GuestApi):
    @extend_schema(request=CartItemUpdateIn, responses={200: CartOut})
    def patch(self, request, item_id: int):
        data = CartItemUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.cart_item_update(
            buyer=self.guest_or_404(request), item_id=item_id, quantity=data.validated_data["quantity"]
        )
        return self.guest_cart(request)

    @extend_schema(responses={200: CartOut})
    def delete(self, request, item_id: int):
        services.cart_item_remove(buyer=self.guest_or_404(request), item_id=item_id)
        return self.guest_cart(request)


class GuestCheckoutApi(GuestApi):
    @extend_schema(parameters=[IDEMPOTENCY_HEADER], request=GuestCheckoutIn, responses={201: CheckoutOut})
    def post(self, request):
        key = idempotency_key(request)
        data = GuestCheckoutIn(data=request.data)
        data.is_valid(raise_exception=True)
        guest = guests.guest_get(session=request.session)
        placed = guests.guest_checkout_place(guest=guest, idempotency_key=key, **data.validated_data)
        return checkout_response(buyer=guest, placed=placed)


class GuestOrderApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OrderOut, 410: OpenApiResponse(description="The link has expired")})
    def get(self, request, token: str):
        try:
            order = guests.guest_order_get(token=token)
        except guests.GuestLinkExpired:
            if "text/html" in request.headers.get("Accept", ""):
                # Opened from the mail in a browser: the page that sends a new link.
                return HttpResponseRedirect(reverse("frontend:guest_order_link") + "?expired=1")
            raise
        return Response(OrderOut(order).data)


class GuestOrderLinkIn(serializers.Serializer):
    email = serializers.EmailField(help_text="The address the order was placed with")
    number = serializers.CharField(max_length=32, help_text="The order number")


class GuestOrderLinkApi(APIView):
    """Ask for a new link to a guest order (the old one expired). 202 whether or not the pair
    matches an order: the answer tells nobody which orders exist."""

    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

    @extend_schema(request=GuestOrderLinkIn, responses={202: None})
    def post(self, request):
        data = GuestOrderLinkIn(data=request.data)
        data.is_valid(raise_exception=True)
        guests.guest_order_link_request(**data.validated_data)
        return Response(status=status.HTTP_202_ACCEPTED)
