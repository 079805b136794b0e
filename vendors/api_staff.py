"""Staff API: memberships, members and roles, invitations. Owners (manage_staff) manage staff.

Ids of another vendor's members or invitations are looked up inside the acting vendor and so
are a 404, the same as missing ones, for every role.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from vendors import selectors, services
from vendors.api import VENDOR_HEADER, acting_vendor
from vendors.serializers_staff import (
    InvitationAcceptIn,
    InvitationIn,
    InvitationOut,
    MemberOut,
    MemberRoleIn,
    MembershipOut,
)


class SellerMembershipListApi(ListAPIView):
    """The vendors the signed-in user belongs to; send one's id as X-Vendor to act for it."""

    serializer_class = MembershipOut

    def get_queryset(self):
        return selectors.vendor_memberships(user=self.request.user)


class SellerMemberListApi(ListAPIView):
    serializer_class = MemberOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.vendor_member_list(vendor=acting_vendor(self.request, "manage_staff"))


class SellerMemberDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=MemberRoleIn, responses={200: MemberOut})
    def patch(self, request, member_id: int):
        # Find the member inside the acting vendor before checking the role: a foreign id is a
        # 404 for everyone, never a 403 that confirms it exists.
        selectors.vendor_member_get(vendor=acting_vendor(request), member_id=member_id)
        vendor = acting_vendor(request, "manage_staff")
        data = MemberRoleIn(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.vendor_member_role_change(
            vendor=vendor, actor=request.user, member_id=member_id, role=data.validated_data["role"]
        )
        return Response(MemberOut(member).data)

    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={204: None})
    def delete(self, request, member_id: int):
        selectors.vendor_member_get(vendor=acting_vendor(request), member_id=member_id)
        vendor = acting_vendor(request, "manage_staff")
        services.vendor_member_remove(vendor=vendor, actor=request.user, member_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerInvitationListApi(ListAPIView):
    serializer_class = InvitationOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.vendor_invitation_list(vendor=acting_vendor(self.request, "manage_staff"))

    @extend_schema(parameters=[VENDOR_HEADER], request=InvitationIn, responses={201: InvitationOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_staff")
        data = InvitationIn(data=request.data)
        data.is_valid(raise_exception=True)
        invitation, _token = services.vendor_invitation_create(vendor=vendor, actor=request.user, **data.validated_data)
        # The token goes to the invitee by mail only; the inviter never sees it.
        return created(InvitationOut(invitation).data)


class SellerInvitationDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=None, responses={204: None})
    def delete(self, request, invitation_id: int):
        selectors.vendor_invitation_get(vendor=acting_vendor(request), invitation_id=invitation_id)
        vendor = acting_vendor(request, "manage_staff")
        services.vendor_invitation_revoke(vendor=vendor, actor=request.user, invitation_id=invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationAcceptApi(APIView):
    @extend_schema(request=InvitationAcceptIn, responses={201: MembershipOut})
    def post(self, request):
        data = InvitationAcceptIn(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.vendor_invitation_accept(user=request.user, token=data.validated_data["token"])
        return created(MembershipOut(member).data)
