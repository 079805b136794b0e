"""Seller API for fulfilment: the vendor's orders, accept, ship with tracking, deliver, cancel."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from marketplace.carriers import CARRIERS
from vendors.api import VENDOR_HEADER, acting_vendor, acting_vendor_owning
from vendors.services import fulfilment


class ShipmentLineOut(serializers.Serializer):
    order_line_id = serializers.IntegerField()
    quantity = serializers.IntegerField()


class ShipmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    tracking_url = serializers.URLField()
    shipped_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    lines = ShipmentLineOut(many=True)


class SellerOrderLineOut(serializers.Serializer):
    id = serializers.IntegerField()
    offer_id = serializers.IntegerField()
    product_title = serializers.CharField()
    variant_label = serializers.CharField(help_text='The variant bought (e.g. "Größe: M"); empty for none')
    quantity = serializers.IntegerField()
    unit_price_amount = serializers.IntegerField()
    discount_amount = serializers.IntegerField()


class SellerOrderOut(serializers.Serializer):
    id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    status = serializers.CharField()
    currency = serializers.CharField()
    items_amount = serializers.IntegerField()
    discount_amount = serializers.IntegerField()
    payable_amount = serializers.IntegerField()
    shipping_address = serializers.DictField(source="order.shipping_address")
    created_at = serializers.DateTimeField(source="order.created_at")
    accepted_at = serializers.DateTimeField(allow_null=True)
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    lines = SellerOrderLineOut(many=True)
    shipments = ShipmentOut(many=True)


class ShipLineIn(serializers.Serializer):
    order_line_id = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1)


class ShipIn(serializers.Serializer):
    carrier = serializers.ChoiceField(choices=[(code, c.name) for code, c in CARRIERS.items()])
    tracking_number = serializers.CharField(max_length=40)
    lines = ShipLineIn(many=True, required=False, help_text="Omit to ship everything not shipped yet")


class CancelIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class SellerOrderListApi(ListAPIView):
    serializer_class = SellerOrderOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = fulfilment.vendor_order_list(vendor=acting_vendor(self.request, "fulfil_orders"))
        status = self.request.query_params.get("status")
        return queryset.filter(status=status) if status else queryset


def _vendor_for(request, vendor_order_id: int):
    return acting_vendor_owning(
        request,
        lookup=lambda v: fulfilment.vendor_order_get(vendor=v, vendor_order_id=vendor_order_id),
        permission="fulfil_orders",
    )


class SellerOrderDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: SellerOrderOut})
    def get(self, request, vendor_order_id: int):
        vendor = _vendor_for(request, vendor_order_id)
        return Response(
            SellerOrderOut(fulfilment.vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)).data
        )


class SellerOrderAcceptApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={200: SellerOrderOut})
    def post(self, request, vendor_order_id: int):
        vendor = _vendor_for(request, vendor_order_id)
        fulfilment.vendor_order_accept(vendor=vendor, actor=request.user, vendor_order_id=vendor_order_id)
        return Response(
            SellerOrderOut(fulfilment.vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)).data
        )


class SellerOrderShipApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=ShipIn, responses={201: ShipmentOut})
    def post(self, request, vendor_order_id: int):
        vendor = _vendor_for(request, vendor_order_id)
        data = ShipIn(data=request.data)
        data.is_valid(raise_exception=True)
        lines = data.validated_data.get("lines")
        shipment = fulfilment.vendor_order_ship(
            vendor=vendor,
            actor=request.user,
            vendor_order_id=vendor_order_id,
            carrier=data.validated_data["carrier"],
            tracking_number=data.validated_data["tracking_number"],
            lines=[(line["order_line_id"], line["quantity"]) for line in lines] if lines else None,
        )
        return created(ShipmentOut(shipment).data)


class SellerOrderDeliveredApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={200: SellerOrderOut})
    def post(self, request, vendor_order_id: int):
        vendor = _vendor_for(request, vendor_order_id)
        fulfilment.vendor_order_mark_delivered(vendor=vendor, actor=request.user, vendor_order_id=vendor_order_id)
        return Response(
            SellerOrderOut(fulfilment.vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)).data
        )


class SellerOrderCancelApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=CancelIn, responses={200: SellerOrderOut})
    def post(self, request, vendor_order_id: int):
        vendor = _vendor_for(request, vendor_order_id)
        data = CancelIn(data=request.data)
        data.is_valid(raise_exception=True)
        fulfilment.vendor_order_cancel(
            vendor=vendor,
            actor=request.user,
            vendor_order_id=vendor_order_id,
            reason=data.validated_data["reason"],
            by="vendor",
        )
        return Response(
            SellerOrderOut(fulfilment.vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id)).data
        )
