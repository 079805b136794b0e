"""Account and address-book API for buyers. Views parse input, call one service, render output."""

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers import accounts, addresses, guests
from buyers.models import Address
from marketplace.errors import DomainError
from marketplace.security.lockout import login_locked_out
from marketplace.security.throttles import AuthThrottle

LANGUAGES = [code for code, _ in settings.LANGUAGES]


class RegisterIn(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, max_length=128)
    language = serializers.ChoiceField(choices=LANGUAGES, default="de")


class AccountOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    email_verified = serializers.SerializerMethodField()

    def get_email_verified(self, user) -> bool:
        profile = getattr(user, "buyer_profile", None)
        return bool(profile and profile.email_verified)


class TokenIn(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)


class LoginIn(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128)


class PasswordResetIn(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetConfirmIn(TokenIn):
    new_password = serializers.CharField(max_length=128)


class DeleteIn(serializers.Serializer):
    password = serializers.CharField(max_length=128)


class RegisterApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

    @extend_schema(request=RegisterIn, responses={201: AccountOut})
    def post(self, request):
        data = RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = accounts.account_register(**data.validated_data)
        guests.cart_merge_guest(buyer=user, guest=guests.guest_get(session=request.session))
        request.session.pop(guests.SESSION_KEY, None)
        return Response(AccountOut(user).data, status=status.HTTP_201_CREATED)


class VerifyEmailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=TokenIn, responses={200: AccountOut})
    def post(self, request):
        data = TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AccountOut(accounts.account_verify_email(**data.validated_data)).data)


class LoginApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

    @extend_schema(request=LoginIn, responses={200: AccountOut})
    def post(self, request):
        data = LoginIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request, username=data.validated_data["email"].lower(), password=data.validated_data["password"]
        )
        if user is None:
            if getattr(request, "axes_locked_out", False):  # set by the lockout backend on this request
                raise login_locked_out()
            raise DomainError(
                _("E-mail address or password is not correct."), field="password", code="invalid_credentials"
            )
        guest = guests.guest_get(session=request.session)  # read before login() cycles the session
        login(request, user)
        guests.cart_merge_guest(buyer=user, guest=guest)
        request.session.pop(guests.SESSION_KEY, None)
        return Response(AccountOut(user).data)


class LogoutApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

    @extend_schema(request=PasswordResetIn, responses={202: None})
    def post(self, request):
        data = PasswordResetIn(data=request.data)
        data.is_valid(raise_exception=True)
        accounts.password_reset_request(email=data.validated_data["email"])
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

    @extend_schema(request=PasswordResetConfirmIn, responses={204: None})
    def post(self, request):
        data = PasswordResetConfirmIn(data=request.data)
        data.is_valid(raise_exception=True)
        accounts.password_reset_confirm(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccountApi(APIView):
    @extend_schema(responses={200: AccountOut})
    def get(self, request):
        return Response(AccountOut(request.user).data)

    @extend_schema(request=DeleteIn, responses={204: None})
    def delete(self, request):
        data = DeleteIn(data=request.data)
        data.is_valid(raise_exception=True)
        accounts.account_delete(user=request.user, password=data.validated_data["password"])
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccountExportApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        response = Response(accounts.account_export(user=request.user))
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response


class AddressBookIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Address.Kind.choices, default=Address.Kind.SHIPPING)
    type = serializers.ChoiceField(choices=Address.Type.choices, default=Address.Type.STREET)
    name = serializers.CharField(max_length=200)
    company = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postal_code = serializers.CharField(max_length=10)
    city = serializers.CharField(max_length=100)
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$", error_messages={"invalid": "Use a two-letter ISO country code, e.g. DE."}
    )
    locker_id = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    carrier_customer_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    pickup_location_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    is_default = serializers.BooleanField(default=False)

    def validate_country(self, value: str) -> str:
        return value.upper()

    def validate_postal_code(self, value: str) -> str:
        return value.strip().upper()


class AddressBookOut(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = [
            "id",
            "kind",
            "type",
            "name",
            "company",
            "street",
            "postal_code",
            "city",
            "country",
            "locker_id",
            "carrier_customer_number",
            "pickup_location_id",
            "is_default",
        ]


class AddressListApi(APIView):
    @extend_schema(responses={200: AddressBookOut(many=True)})
    def get(self, request):
        return Response(AddressBookOut(addresses.address_list(buyer=request.user), many=True).data)

    @extend_schema(request=AddressBookIn, responses={201: AddressBookOut})
    def post(self, request):
        data = AddressBookIn(data=request.data)
        data.is_valid(raise_exception=True)
        address = addresses.address_create(buyer=request.user, **data.validated_data)
        return Response(AddressBookOut(address).data, status=status.HTTP_201_CREATED)


class AddressDetailApi(APIView):
    @extend_schema(responses={200: AddressBookOut})
    def get(self, request, address_id: int):
        return Response(AddressBookOut(addresses.address_get(buyer=request.user, address_id=address_id)).data)

    @extend_schema(request=AddressBookIn, responses={200: AddressBookOut})
    def patch(self, request, address_id: int):
        addresses.address_get(buyer=request.user, address_id=address_id)  # a foreign id is a 404 before validation
        data = AddressBookIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        address = addresses.address_update(buyer=request.user, address_id=address_id, **data.validated_data)
        return Response(AddressBookOut(address).data)

    @extend_schema(responses={204: None})
    def delete(self, request, address_id: int):
        addresses.address_delete(buyer=request.user, address_id=address_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
