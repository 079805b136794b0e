"""Seller and operator API for vendors. Views parse input, call one service, render output."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from marketplace.errors import DomainError, NotFound
from vendors import selectors, services
from vendors.models import Vendor
from vendors.serializers import ListingCreateIn, OfferOut, OfferUpdateIn

VENDOR_HEADER = OpenApiParameter(
    "X-Vendor", int, OpenApiParameter.HEADER, required=False, description="Vendor id to act for (several memberships)"
)


def acting_vendor(request, permission: str | None = None) -> Vendor:
    raw = request.headers.get("X-Vendor")
    vendor_id = int(raw) if raw and raw.isdigit() else None
    if raw and vendor_id is None:
        raise DomainError(_("X-Vendor must be a vendor id."), field="vendor")
    key = getattr(request, "auth", None)
    if getattr(key, "is_api_key", False):
        # An API key acts for its own vendor only; its scopes were checked for this route when
        # it authenticated (integrations.authentication), so the role check does not apply.
        if vendor_id is not None and vendor_id != key.vendor_id:
            raise NotFound(_("No such vendor."), field="vendor")
        return key.vendor
    return selectors.vendor_for_user(user=request.user, vendor_id=vendor_id, permission=permission)


def acting_vendor_owning(request, *, lookup, permission: str) -> Vendor:
    """The acting vendor, after ``lookup(vendor)`` found the object among its own: a foreign id
    is a 404 for every role, and only then does the role decide (403)."""
    lookup(acting_vendor(request))
    return acting_vendor(request, permission)


class SellerListingCreateApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=ListingCreateIn, responses={201: OfferOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_listings")
        data = ListingCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.listing_create(
            vendor=vendor, actor=request.user, category_id=data.validated_data.pop("category"), **data.validated_data
        )
        return created(OfferOut(offer).data)


class SellerOfferListApi(ListAPIView):
    serializer_class = OfferOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.offer_list(vendor=acting_vendor(self.request))


class SellerOfferDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: OfferOut})
    def get(self, request, offer_id: int):
        offer = selectors.offer_get(vendor=acting_vendor(request), offer_id=offer_id)
        return Response(OfferOut(offer).data)

    @extend_schema(parameters=[VENDOR_HEADER], request=OfferUpdateIn, responses={200: OfferOut})
    def patch(self, request, offer_id: int):
        vendor = acting_vendor_owning(
            request, lookup=lambda v: selectors.offer_get(vendor=v, offer_id=offer_id), permission="manage_listings"
        )
        data = OfferUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        offer = services.offer_update(vendor=vendor, actor=request.user, offer_id=offer_id, **data.validated_data)
        return Response(OfferOut(offer).data)
