"""Onboarding API: applying, the vendor's own application, documents, Stripe onboarding, and the
operators' verification actions. Views parse input, call one service, render output."""

from django.http import FileResponse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from vendors import selectors, services
from vendors.api import VENDOR_HEADER, acting_vendor
from vendors.models import Vendor, VendorDocument
from vendors.serializers_onboarding import (
    DocumentOut,
    DocumentUploadIn,
    MessageIn,
    OnboardingLinkOut,
    OperatorVendorOut,
    ReasonIn,
    VendorApplyIn,
    VendorApproveIn,
    VendorOut,
)
from vendors.services.risk import vendor_approve_reviewed


def document_response(document: VendorDocument) -> FileResponse:
    """The file as a download of its detected type; browsers neither sniff nor render it inline."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"document-{document.id}.{document.extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class VendorApplyApi(APIView):
    @extend_schema(request=VendorApplyIn, responses={201: VendorOut})
    def post(self, request):
        data = VendorApplyIn(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_apply(
            user=request.user, application=data.validated_data["application"], language=get_language() or ""
        )
        return created(VendorOut(vendor).data)


class SellerVendorApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: VendorOut})
    def get(self, request):
        return Response(VendorOut(acting_vendor(request)).data)


class SellerInfoAnswerApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=MessageIn, responses={200: VendorOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_account")
        data = MessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_info_answer(actor=request.user, vendor=vendor, message=data.validated_data["message"])
        return Response(VendorOut(vendor).data)


class SellerDocumentListApi(ListAPIView):
    serializer_class = DocumentOut
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.vendor_document_list(vendor=acting_vendor(self.request, "manage_account"))

    @extend_schema(parameters=[VENDOR_HEADER], request=DocumentUploadIn, responses={201: DocumentOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_account")
        data = DocumentUploadIn(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.vendor_document_upload(
            vendor=vendor, actor=request.user, kind=data.validated_data["kind"], upload=data.validated_data["file"]
        )
        return created(DocumentOut(document).data)


class SellerDocumentDownloadApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, document_id: int):
        # Look the document up in the acting vendor first: a foreign id is a 404 for every role.
        document = selectors.vendor_document_get(vendor=acting_vendor(request), document_id=document_id)
        acting_vendor(request, "manage_account")
        return document_response(document)

    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={204: None})
    def delete(self, request, document_id: int):
        """Withdraw a document: while the application waits (applied) or more information was
        requested; after the approval only documents uploaded later. Owners only."""
        vendor = acting_vendor(request)
        selectors.vendor_document_get(vendor=vendor, document_id=document_id)  # 404 before 403
        vendor = acting_vendor(request, "manage_account")
        services.vendor_document_delete(vendor=vendor, actor=request.user, document_id=document_id)
        return Response(status=204)


class SellerStripeOnboardingLinkApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={200: OnboardingLinkOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_account")
        # Stripe sends the vendor back to the seller portal, whichever the outcome.
        portal = request.build_absolute_uri("/seller/")
        link = services.vendor_stripe_onboarding_link(vendor=vendor, refresh_url=portal, return_url=portal)
        return Response(OnboardingLinkOut({"url": link.url, "expires_at": link.expires_at}).data)


# --------------------------------------------------------------------------- operators


class OperatorVendorListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = OperatorVendorOut

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Vendor.Status.values, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.operator_vendor_list(status=self.request.query_params.get("status") or None)


class OperatorVendorDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: OperatorVendorOut})
    def get(self, request, vendor_id: int):
        return Response(OperatorVendorOut(selectors.operator_vendor_get(vendor_id=vendor_id)).data)


class OperatorVendorDocumentListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = DocumentOut

    def get_queryset(self):
        vendor = selectors.operator_vendor_get(vendor_id=self.kwargs["vendor_id"])
        return selectors.vendor_document_list(vendor=vendor)


class OperatorVendorDocumentDownloadApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, vendor_id: int, document_id: int):
        vendor = selectors.operator_vendor_get(vendor_id=vendor_id)
        return document_response(selectors.vendor_document_get(vendor=vendor, document_id=document_id))


class _OperatorTransitionApi(APIView):
    """One operator step of the verification machine; subclasses name it and its input."""

    permission_classes = [permissions.IsAdminUser]
    transition = ""
    input_serializer = None
    explanation_field = ""

    def post(self, request, vendor_id: int):
        explanation = ""
        if self.input_serializer is not None:
            data = self.input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            explanation = data.validated_data[self.explanation_field]
        vendor = services.vendor_transition(
            actor=request.user, vendor_id=vendor_id, transition=self.transition, explanation=explanation
        )
        return Response(OperatorVendorOut(vendor).data)


@extend_schema(request=None, responses={200: OperatorVendorOut})
class OperatorVendorReviewStartApi(_OperatorTransitionApi):
    transition = "review_start"


@extend_schema(request=VendorApproveIn, responses={200: OperatorVendorOut})
class OperatorVendorApproveApi(APIView):
    """Approval asks for the same confirmation of open risk warnings as the console."""

    permission_classes = [permissions.IsAdminUser]

    def post(self, request, vendor_id: int):
        data = VendorApproveIn(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = vendor_approve_reviewed(
            actor=request.user, vendor_id=vendor_id, risks_confirmed=data.validated_data["confirm_risks"]
        )
        return Response(OperatorVendorOut(vendor).data)


@extend_schema(request=ReasonIn, responses={200: OperatorVendorOut})
class OperatorVendorRejectApi(_OperatorTransitionApi):
    transition, input_serializer, explanation_field = "reject", ReasonIn, "reason"


@extend_schema(request=MessageIn, responses={200: OperatorVendorOut})
class OperatorVendorInfoRequestApi(_OperatorTransitionApi):
    transition, input_serializer, explanation_field = "info_request", MessageIn, "message"


@extend_schema(request=ReasonIn, responses={200: OperatorVendorOut})
class OperatorVendorSuspendApi(_OperatorTransitionApi):
    transition, input_serializer, explanation_field = "suspend", ReasonIn, "reason"


@extend_schema(request=None, responses={200: OperatorVendorOut})
class OperatorVendorReinstateApi(_OperatorTransitionApi):
    transition = "reinstate"
