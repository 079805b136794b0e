"""Messaging and claims API. Buyers see their own threads, seller staff whose role handles
orders see their vendor's (X-Vendor), operators see all and may join. Every lookup puts the
owner in the query: a foreign id is answered like a missing one."""

from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.messaging import claims, selectors, services
from buyers.messaging.models import Party
from buyers.messaging.serializers import (
    ClaimOpenIn,
    ClaimOut,
    ClaimRespondIn,
    ConversationDetailOut,
    ConversationOut,
    DecideIn,
    EscalateIn,
    MessageIn,
    MessageOut,
    ReadOut,
    StartIn,
)
from marketplace.api import created
from marketplace.errors import DomainError
from marketplace.parsers import JSONParser
from vendors.api import VENDOR_HEADER, acting_vendor, acting_vendor_owning

PARSERS = [MultiPartParser, FormParser, JSONParser]
ROLE = "fulfil_orders"  # seller staff who handle orders answer buyers (owner, manager, fulfilment)


def _detail(conversation) -> dict:
    context = {
        "messages": selectors.message_list(conversation=conversation),
        "read_marks": selectors.read_marks(conversation=conversation),
    }
    return ConversationDetailOut(conversation, context=context).data


# --- buyer -----------------------------------------------------------------------------------


class ConversationListApi(ListAPIView):
    serializer_class = ConversationOut

    def get_queryset(self):
        return selectors.conversation_list_for_buyer(buyer=self.request.user)


class ConversationStartApi(APIView):
    parser_classes = PARSERS

    @extend_schema(request={"multipart/form-data": StartIn, "application/json": StartIn}, responses={201: MessageOut})
    def post(self, request):
        data = StartIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        if "vendor_order_id" in d and not d.get("order_number"):
            raise DomainError("Name the order (order_number) the part belongs to.", field="order_number")
        message = services.conversation_start(
            buyer=request.user,
            body=d["body"],
            upload=d.get("attachment"),
            number=d.get("order_number"),
            vendor_order_id=d.get("vendor_order_id"),
            offer_id=d.get("offer_id"),
        )
        return created(MessageOut(message).data | {"conversation_id": message.conversation_id})


class ConversationDetailApi(APIView):
    @extend_schema(responses={200: ConversationDetailOut})
    def get(self, request, conversation_id: int):
        return Response(
            _detail(selectors.conversation_get_for_buyer(buyer=request.user, conversation_id=conversation_id))
        )


class ConversationMessageApi(APIView):
    parser_classes = PARSERS

    @extend_schema(
        request={"multipart/form-data": MessageIn, "application/json": MessageIn}, responses={201: MessageOut}
    )
    def post(self, request, conversation_id: int):
        conversation = selectors.conversation_get_for_buyer(buyer=request.user, conversation_id=conversation_id)
        data = MessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_send(
            conversation=conversation,
            author=request.user,
            party=Party.BUYER,
            body=data.validated_data["body"],
            upload=data.validated_data.get("attachment"),
        )
        return created(MessageOut(message).data)


class ConversationReadApi(APIView):
    @extend_schema(request=None, responses={200: ReadOut})
    def post(self, request, conversation_id: int):
        conversation = selectors.conversation_get_for_buyer(buyer=request.user, conversation_id=conversation_id)
        return Response(
            {"last_read_message_id": services.conversation_mark_read(conversation=conversation, party=Party.BUYER)}
        )


class AttachmentDownloadApi(APIView):
    """For every participant (buyer, seller staff who handle orders, operators): an attachment
    of its detected type, never rendered inline or sniffed."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The attached file")})
    def get(self, request, attachment_id: int):
        attachment = selectors.attachment_get_for_user(user=request.user, attachment_id=attachment_id)
        return attachment_response(attachment)


def attachment_response(attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"attachment-{attachment.id}.{attachment.extension}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class ClaimOpenApi(APIView):
    parser_classes = PARSERS

    @extend_schema(
        request={"multipart/form-data": ClaimOpenIn, "application/json": ClaimOpenIn}, responses={201: ClaimOut}
    )
    def post(self, request, number: str):
        data = ClaimOpenIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        claim = claims.claim_open(
            buyer=request.user,
            number=number,
            vendor_order_id=d["vendor_order_id"],
            reason=d["reason"],
            body=d["body"],
            amount=d.get("amount"),
            upload=d.get("attachment"),
        )
        return created(ClaimOut(selectors.claim_get_for_buyer(buyer=request.user, claim_id=claim.id)).data)


class ClaimListApi(ListAPIView):
    serializer_class = ClaimOut

    def get_queryset(self):
        return selectors.claim_list_for_buyer(buyer=self.request.user)


class ClaimDetailApi(APIView):
    @extend_schema(responses={200: ClaimOut})
    def get(self, request, claim_id: int):
        return Response(ClaimOut(selectors.claim_get_for_buyer(buyer=request.user, claim_id=claim_id)).data)


# --- seller ----------------------------------------------------------------------------------


def _seller_conversation(request, conversation_id: int):
    vendor = acting_vendor_owning(
        request,
        lookup=lambda v: selectors.conversation_get_for_vendor(vendor=v, conversation_id=conversation_id),
        permission=ROLE,
    )
    return vendor, selectors.conversation_get_for_vendor(vendor=vendor, conversation_id=conversation_id)


class SellerConversationListApi(ListAPIView):
    serializer_class = ConversationOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.conversation_list_for_vendor(vendor=acting_vendor(self.request, ROLE))


class SellerConversationDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: ConversationDetailOut})
    def get(self, request, conversation_id: int):
        return Response(_detail(_seller_conversation(request, conversation_id)[1]))


class SellerConversationMessageApi(APIView):
    parser_classes = PARSERS

    @extend_schema(
        parameters=[VENDOR_HEADER],
        request={"multipart/form-data": MessageIn, "application/json": MessageIn},
        responses={201: MessageOut},
    )
    def post(self, request, conversation_id: int):
        _vendor, conversation = _seller_conversation(request, conversation_id)
        data = MessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_send(
            conversation=conversation,
            author=request.user,
            party=Party.SELLER,
            body=data.validated_data["body"],
            upload=data.validated_data.get("attachment"),
        )
        return created(MessageOut(message).data)


class SellerConversationReadApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={200: ReadOut})
    def post(self, request, conversation_id: int):
        _vendor, conversation = _seller_conversation(request, conversation_id)
        return Response(
            {"last_read_message_id": services.conversation_mark_read(conversation=conversation, party=Party.SELLER)}
        )


def _seller_claim(request, claim_id: int):
    return acting_vendor_owning(
        request, lookup=lambda v: selectors.claim_get_for_vendor(vendor=v, claim_id=claim_id), permission=ROLE
    )


class SellerClaimListApi(ListAPIView):
    serializer_class = ClaimOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.claim_list_for_vendor(vendor=acting_vendor(self.request, ROLE))


class SellerClaimDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: ClaimOut})
    def get(self, request, claim_id: int):
        vendor = _seller_claim(request, claim_id)
        return Response(ClaimOut(selectors.claim_get_for_vendor(vendor=vendor, claim_id=claim_id)).data)


class SellerClaimRespondApi(APIView):
    parser_classes = PARSERS

    @extend_schema(
        parameters=[VENDOR_HEADER],
        request={"multipart/form-data": ClaimRespondIn, "application/json": ClaimRespondIn},
        responses={200: ClaimOut},
    )
    def post(self, request, claim_id: int):
        vendor = _seller_claim(request, claim_id)
        data = ClaimRespondIn(data=request.data)
        data.is_valid(raise_exception=True)
        claims.claim_respond(
            vendor=vendor,
            actor=request.user,
            claim_id=claim_id,
            body=data.validated_data["body"],
            upload=data.validated_data.get("attachment"),
        )
        return Response(ClaimOut(selectors.claim_get_for_vendor(vendor=vendor, claim_id=claim_id)).data)


class SellerClaimRefundApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={200: ClaimOut})
    def post(self, request, claim_id: int):
        vendor = _seller_claim(request, claim_id)
        claims.claim_refund_by_seller(vendor=vendor, actor=request.user, claim_id=claim_id)
        return Response(ClaimOut(selectors.claim_get_for_vendor(vendor=vendor, claim_id=claim_id)).data)


# --- operator --------------------------------------------------------------------------------


class OperatorConversationDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: ConversationDetailOut})
    def get(self, request, conversation_id: int):
        return Response(_detail(selectors.conversation_get_for_operator(conversation_id=conversation_id)))


class OperatorConversationJoinApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=None, responses={200: ConversationDetailOut})
    def post(self, request, conversation_id: int):
        conversation = selectors.conversation_get_for_operator(conversation_id=conversation_id)
        services.conversation_join(operator=request.user, conversation=conversation)
        return Response(_detail(selectors.conversation_get_for_operator(conversation_id=conversation_id)))


class OperatorConversationMessageApi(APIView):
    permission_classes = [permissions.IsAdminUser]
    parser_classes = PARSERS

    @extend_schema(
        request={"multipart/form-data": MessageIn, "application/json": MessageIn}, responses={201: MessageOut}
    )
    def post(self, request, conversation_id: int):
        conversation = selectors.conversation_get_for_operator(conversation_id=conversation_id)
        data = MessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.message_send(
            conversation=conversation,
            author=request.user,
            party=Party.OPERATOR,
            body=data.validated_data["body"],
            upload=data.validated_data.get("attachment"),
        )
        return created(MessageOut(message).data)


class OperatorConversationClaimApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=EscalateIn, responses={201: ClaimOut})
    def post(self, request, conversation_id: int):
        conversation = selectors.conversation_get_for_operator(conversation_id=conversation_id)
        data = EscalateIn(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claims.claim_from_conversation(operator=request.user, conversation=conversation, **data.validated_data)
        return created(ClaimOut(selectors.claim_get_for_operator(claim_id=claim.id)).data)


class OperatorClaimListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = ClaimOut

    def get_queryset(self):
        return selectors.claim_list_for_operator(status=self.request.query_params.get("status") or None)


class OperatorClaimDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: ClaimOut})
    def get(self, request, claim_id: int):
        return Response(ClaimOut(selectors.claim_get_for_operator(claim_id=claim_id)).data)


class OperatorClaimDecideApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=DecideIn, responses={200: ClaimOut})
    def post(self, request, claim_id: int):
        selectors.claim_get_for_operator(claim_id=claim_id)
        data = DecideIn(data=request.data)
        data.is_valid(raise_exception=True)
        claims.claim_decide(operator=request.user, claim_id=claim_id, **data.validated_data)
        return Response(ClaimOut(selectors.claim_get_for_operator(claim_id=claim_id)).data)
