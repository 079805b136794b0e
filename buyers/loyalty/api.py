"""Loyalty API for signed-in buyers: balance and referral code, journal, referral claim."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.loyalty import selectors, services
from buyers.loyalty.serializers import PointsEntryOut, PointsSummaryOut, ReferralClaimIn, ReferralOut


class PointsSummaryApi(APIView):
    @extend_schema(responses={200: PointsSummaryOut})
    def get(self, request):
        # The account (and its referral code) is made on first look; everything else is read.
        account = services.loyalty_account_ensure(user=request.user)
        return Response(
            PointsSummaryOut(
                {
                    "balance": selectors.points_balance(user=request.user),
                    "point_value": settings.LOYALTY_POINT_VALUE_MINOR,
                    "currency": settings.LOYALTY_CURRENCY,
                    "referral_code": account.referral_code,
                    "referred": selectors.referral_of(user=request.user) is not None,
                }
            ).data
        )


class PointsJournalApi(ListAPIView):
    serializer_class = PointsEntryOut

    def get_queryset(self):
        return selectors.points_journal(user=self.request.user)


class ReferralClaimApi(APIView):
    @extend_schema(request=ReferralClaimIn, responses={201: ReferralOut})
    def post(self, request):
        data = ReferralClaimIn(data=request.data)
        data.is_valid(raise_exception=True)
        referral = services.referral_claim(user=request.user, code=data.validated_data["code"])
        return Response(ReferralOut(referral).data, status=status.HTTP_201_CREATED)
