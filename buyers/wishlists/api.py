"""Wishlist API for signed-in buyers, and the personal "for you" stream."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.wishlists import selectors, services
from marketplace.api import created


class MoneyOut(serializers.Serializer):
    amount = serializers.IntegerField()
    currency = serializers.CharField()


class WishlistItemOut(serializers.Serializer):
    product = serializers.IntegerField(source="product.id")
    title = serializers.CharField(source="product.title")
    title_en = serializers.CharField(source="product.title_en")
    added_at = serializers.DateTimeField(source="item.created_at")
    available = serializers.BooleanField()
    price = serializers.SerializerMethodField()
    dropped_from = serializers.SerializerMethodField()

    def _money(self, amount, row):
        return None if amount is None else {"amount": amount, "currency": row.currency}

    @extend_schema_field(MoneyOut(allow_null=True))
    def get_price(self, row):
        return self._money(row.price_amount, row)

    @extend_schema_field(MoneyOut(allow_null=True))
    def get_dropped_from(self, row):
        return self._money(row.dropped_from, row)


class WishlistItemIn(serializers.Serializer):
    product = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class WishlistApi(APIView):
    @extend_schema(responses={200: WishlistItemOut(many=True)})
    def get(self, request):
        return Response(WishlistItemOut(selectors.wishlist_rows(user=request.user), many=True).data)

    @extend_schema(request=WishlistItemIn, responses={201: WishlistItemOut})
    def post(self, request):
        data = WishlistItemIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.wishlist_item_add(user=request.user, product_id=data.validated_data["product"])
        row = next(r for r in selectors.wishlist_rows(user=request.user) if r.item.id == item.id)
        return created(WishlistItemOut(row).data)


class WishlistItemApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, product_id: int):
        services.wishlist_item_remove(user=request.user, product_id=product_id)
        return Response(status=204)


class StreamHitOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    brand = serializers.CharField()
    min_price = serializers.IntegerField()
    currency = serializers.CharField()
    offer_count = serializers.IntegerField()
    in_stock = serializers.BooleanField()


class StreamOut(serializers.Serializer):
    personal = serializers.BooleanField()
    hits = StreamHitOut(many=True)


class ForYouApi(APIView):
    """Products for this buyer (from views, wishlist and purchases), or best sellers for newcomers."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: StreamOut})
    def get(self, request):
        session_ids = request.session.get(services.SESSION_KEY, []) if hasattr(request, "session") else []
        return Response(StreamOut(selectors.for_you_stream(user=request.user, session_ids=session_ids)).data)
