"""Returns API: buyers request and follow returns; sellers decide, receive and refund."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers import returns
from buyers.models import ReturnRequest
from marketplace.api import error_body
from vendors.api import VENDOR_HEADER, acting_vendor, acting_vendor_owning


class ReturnLineIn(serializers.Serializer):
    order_line_id = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1)


class ReturnRequestIn(serializers.Serializer):
    vendor_order_id = serializers.IntegerField(min_value=1)
    lines = ReturnLineIn(many=True)
    reason = serializers.ChoiceField(choices=ReturnRequest.Reason.choices)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReturnLineOut(serializers.Serializer):
    order_line_id = serializers.IntegerField()
    quantity = serializers.IntegerField()


class ReturnOut(serializers.Serializer):
    id = serializers.IntegerField()
    order_number = serializers.CharField(source="vendor_order.order.number")
    vendor_order_id = serializers.IntegerField()
    status = serializers.CharField()
    reason = serializers.CharField()
    comment = serializers.CharField()
    instructions = serializers.CharField()
    reject_reason = serializers.CharField()
    refund_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    lines = ReturnLineOut(many=True)


class ApproveIn(serializers.Serializer):
    instructions = serializers.CharField(max_length=2000)


class RejectIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class RefundAmountIn(serializers.Serializer):
    order_line_id = serializers.IntegerField(min_value=1)
    amount = serializers.IntegerField(min_value=1, help_text="Minor units")


class RefundIn(serializers.Serializer):
    amounts = RefundAmountIn(many=True, required=False, help_text="Omit to refund what was paid for the returned items")


def _pdf(request_obj) -> HttpResponse:
    response = HttpResponse(returns.return_label_pdf(request=request_obj), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="return-R-{request_obj.id}.pdf"'
    return response


class ReturnCreateApi(APIView):
    @extend_schema(request=ReturnRequestIn, responses={201: ReturnOut})
    def post(self, request, number: str):
        data = ReturnRequestIn(data=request.data)
        data.is_valid(raise_exception=True)
        created = returns.return_request(
            buyer=request.user,
            number=number,
            vendor_order_id=data.validated_data["vendor_order_id"],
            lines=[(line["order_line_id"], line["quantity"]) for line in data.validated_data["lines"]],
            reason=data.validated_data["reason"],
            comment=data.validated_data["comment"],
        )
        return Response(
            ReturnOut(returns.return_get_for_buyer(buyer=request.user, return_id=created.id)).data,
            status=status.HTTP_201_CREATED,
        )


class ReturnListApi(ListAPIView):
    serializer_class = ReturnOut

    def get_queryset(self):
        return returns.return_list_for_buyer(buyer=self.request.user)


class ReturnDetailApi(APIView):
    @extend_schema(responses={200: ReturnOut})
    def get(self, request, return_id: int):
        return Response(ReturnOut(returns.return_get_for_buyer(buyer=request.user, return_id=return_id)).data)


class ReturnLabelApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="Return label PDF")})
    def get(self, request, return_id: int):
        found = returns.return_get_for_buyer(buyer=request.user, return_id=return_id)
        if found.status not in (
            ReturnRequest.Status.APPROVED,
            ReturnRequest.Status.RECEIVED,
            ReturnRequest.Status.REFUNDED,
        ):
            return Response(
                error_body(message=_("The seller has not approved this return yet."), code="not_approved"), status=409
            )
        return _pdf(found)


class SellerReturnListApi(ListAPIView):
    serializer_class = ReturnOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return returns.return_list_for_vendor(vendor=acting_vendor(self.request, "fulfil_orders"))


def _seller(request, return_id: int):
    return acting_vendor_owning(
        request,
        lookup=lambda v: returns.return_get_for_vendor(vendor=v, return_id=return_id),
        permission="fulfil_orders",
    )


class SellerReturnApproveApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=ApproveIn, responses={200: ReturnOut})
    def post(self, request, return_id: int):
        vendor = _seller(request, return_id)
        data = ApproveIn(data=request.data)
        data.is_valid(raise_exception=True)
        returns.return_approve(vendor=vendor, actor=request.user, return_id=return_id, **data.validated_data)
        return Response(ReturnOut(returns.return_get_for_vendor(vendor=vendor, return_id=return_id)).data)


class SellerReturnRejectApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=RejectIn, responses={200: ReturnOut})
    def post(self, request, return_id: int):
        vendor = _seller(request, return_id)
        data = RejectIn(data=request.data)
        data.is_valid(raise_exception=True)
        returns.return_reject(vendor=vendor, actor=request.user, return_id=return_id, **data.validated_data)
        return Response(ReturnOut(returns.return_get_for_vendor(vendor=vendor, return_id=return_id)).data)


class SellerReturnReceivedApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={200: ReturnOut})
    def post(self, request, return_id: int):
        vendor = _seller(request, return_id)
        returns.return_mark_received(vendor=vendor, actor=request.user, return_id=return_id)
        return Response(ReturnOut(returns.return_get_for_vendor(vendor=vendor, return_id=return_id)).data)


class SellerReturnRefundApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=RefundIn, responses={200: ReturnOut})
    def post(self, request, return_id: int):
        vendor = _seller(request, return_id)
        data = RefundIn(data=request.data)
        data.is_valid(raise_exception=True)
        amounts = data.validated_data.get("amounts")
        returns.return_refund(
            vendor=vendor,
            actor=request.user,
            return_id=return_id,
            amounts={a["order_line_id"]: a["amount"] for a in amounts} if amounts else None,
        )
        return Response(ReturnOut(returns.return_get_for_vendor(vendor=vendor, return_id=return_id)).data)


class SellerReturnLabelApi(APIView):
    @extend_schema(
        parameters=[VENDOR_HEADER],
        responses={(200, "application/pdf"): OpenApiResponse(description="Return label PDF")},
    )
    def get(self, request, return_id: int):
        vendor = _seller(request, return_id)
        return _pdf(returns.return_get_for_vendor(vendor=vendor, return_id=return_id))
