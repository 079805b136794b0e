"""Input and output shapes of the staff API."""

from rest_framework import serializers

from vendors.models import VendorInvitation, VendorMember
from vendors.roles import ROLE_PERMISSIONS


class MemberOut(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    name = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField(help_text="Object permissions the role grants on the vendor")

    class Meta:
        model = VendorMember
        fields = ["id", "user_id", "email", "name", "role", "permissions", "created_at"]

    def get_name(self, member: VendorMember) -> str:
        return member.user.get_full_name()

    def get_permissions(self, member: VendorMember) -> list[str]:
        return sorted(ROLE_PERMISSIONS[member.role])


class MembershipOut(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name")
    vendor_status = serializers.CharField(source="vendor.status")
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = VendorMember
        fields = ["id", "vendor_id", "vendor_name", "vendor_status", "role", "permissions"]

    def get_permissions(self, member: VendorMember) -> list[str]:
        return sorted(ROLE_PERMISSIONS[member.role])


class MemberRoleIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=VendorMember.Role.choices)


class InvitationIn(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=VendorMember.Role.choices)


class InvitationOut(serializers.ModelSerializer):
    class Meta:
        model = VendorInvitation
        fields = ["id", "email", "role", "expires_at", "created_at"]


class InvitationAcceptIn(serializers.Serializer):
    token = serializers.CharField(max_length=200, help_text="The code from the invitation e-mail")
