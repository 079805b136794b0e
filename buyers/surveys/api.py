"""Survey API: the buyer answers through the signed link; sellers and operators read results."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.surveys import selectors, services
from vendors.api import VENDOR_HEADER, acting_vendor


class SurveyAnswerIn(serializers.Serializer):
    # Checked by the service (one message naming the field and the allowed range).
    csat = serializers.JSONField()
    nps = serializers.JSONField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=services.MAX_COMMENT)


class SurveyOut(serializers.Serializer):
    vendor = serializers.CharField(source="vendor.name")
    order = serializers.CharField(source="vendor_order.order.number")
    answered = serializers.SerializerMethodField()
    csat = serializers.IntegerField(allow_null=True)
    nps = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField()

    def get_answered(self, survey) -> bool:
        return survey.answered_at is not None


class SurveyResultsOut(serializers.Serializer):
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    promoters = serializers.IntegerField()
    passives = serializers.IntegerField()
    detractors = serializers.IntegerField()
    nps = serializers.DecimalField(source="nps_display", max_digits=5, decimal_places=1, allow_null=True)
    csat_percent = serializers.DecimalField(
        source="csat_percent_display", max_digits=5, decimal_places=1, allow_null=True
    )
    csat_average = serializers.DecimalField(
        source="csat_average_display", max_digits=4, decimal_places=2, allow_null=True
    )


class VendorSurveyRowOut(serializers.Serializer):
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField()
    results = SurveyResultsOut()


class SurveyApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: SurveyOut})
    def get(self, request, token: str):
        return Response(SurveyOut(services.survey_from_token(token=token)).data)

    @extend_schema(request=SurveyAnswerIn, responses={200: SurveyOut})
    def post(self, request, token: str):
        data = SurveyAnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        survey = services.survey_answer(token=token, **data.validated_data)
        return Response(SurveyOut(survey).data)


class SellerSurveyResultsApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: SurveyResultsOut})
    def get(self, request):
        vendor = acting_vendor(request)
        return Response(SurveyResultsOut(selectors.survey_results(vendor_id=vendor.id)).data)


class PlatformResultsOut(serializers.Serializer):
    platform = SurveyResultsOut()
    vendors = VendorSurveyRowOut(many=True)


class OperatorSurveyResultsApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: PlatformResultsOut})
    def get(self, request):
        return Response(
            PlatformResultsOut(
                {"platform": selectors.survey_results(), "vendors": selectors.survey_results_by_vendor()}
            ).data
        )
