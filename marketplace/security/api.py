"""Two-factor login over the API: a session signed in through /api/accounts/login/ whose user
needs a second factor confirms it here before any other API call is answered."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from marketplace.security.two_factor import two_factor_verify


class TwoFactorVerifyIn(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text="6 digits from the authenticator app, or a recovery code")


class TwoFactorThrottle(UserRateThrottle):
    scope = "auth"  # the login rate; django-otp also slows down repeated wrong codes per device


class TwoFactorVerifyApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [TwoFactorThrottle]
    two_factor_pending_allowed = True  # the one API call an unverified session may make

    @extend_schema(request=TwoFactorVerifyIn, responses={204: None})
    def post(self, request):
        data = TwoFactorVerifyIn(data=request.data)
        data.is_valid(raise_exception=True)
        two_factor_verify(request=request._request, user=request.user, code=data.validated_data["code"])
        return Response(status=status.HTTP_204_NO_CONTENT)
