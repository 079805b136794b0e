"""Notice-and-action API: anyone files a notice; operators decide notices and complaints, track
repeat offenders and abusive notifiers and export the transparency figures; vendors (and review
authors) read their statements of reasons and complain."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from marketplace.api import created
from moderation import selectors_notices as selectors
from moderation.conf import setting
from moderation.serializers_notices import (
    AbusiveNotifierOut,
    AppealDecisionIn,
    AppealIn,
    AppealOut,
    NoticeDecisionIn,
    NoticeIn,
    NoticeOut,
    NoticeReceiptOut,
    NotifierSuspendIn,
    NotifierSuspensionOut,
    OperatorAppealOut,
    OperatorStatementOut,
    RepeatOffenderOut,
    StatementOut,
    TransparencyOut,
)
from moderation.services import appeals as appeal_services
from moderation.services import notices as notice_services
from vendors.api import VENDOR_HEADER, acting_vendor, acting_vendor_owning


class NoticeCreateApi(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_scope = "moderation_notices"

    def get_throttles(self):
        throttle = ScopedRateThrottle()
        throttle.THROTTLE_RATES = {
            **throttle.THROTTLE_RATES,
            self.throttle_scope: setting("MODERATION_NOTICE_THROTTLE"),
        }
        return [throttle]

    @extend_schema(request=NoticeIn, responses={201: NoticeReceiptOut})
    def post(self, request):
        data = NoticeIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        notice = notice_services.notice_create(
            notifier=request.user,
            url=v["url"],
            category=v["category"],
            explanation=v["explanation"],
            name=v["name"],
            email=v["email"],
            good_faith=v["good_faith"],
            language=getattr(request, "LANGUAGE_CODE", "de"),
            target_kind=v["target_kind"],
            target_id=v["target_id"],
        )
        return created(NoticeReceiptOut(notice).data)


# --------------------------------------------------------------------------- operators


class OperatorNoticeListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = NoticeOut

    @extend_schema(parameters=[OpenApiParameter("status", str, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.notice_list(status=self.request.query_params.get("status"))


class OperatorNoticeDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: NoticeOut})
    def get(self, request, notice_id: int):
        return Response(NoticeOut(selectors.notice_get(notice_id=notice_id)).data)


class OperatorNoticeDecideApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=NoticeDecisionIn, responses={200: NoticeOut})
    def post(self, request, notice_id: int):
        data = NoticeDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        notice = notice_services.notice_decide(actor=request.user, notice_id=notice_id, **data.validated_data)
        return Response(NoticeOut(notice).data)


class OperatorRepeatOffenderListApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: RepeatOffenderOut(many=True)})
    def get(self, request):
        return Response(RepeatOffenderOut(selectors.repeat_offenders(), many=True).data)


class OperatorNotifierListApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: AbusiveNotifierOut(many=True)})
    def get(self, request):
        return Response(AbusiveNotifierOut(selectors.abusive_notifiers(), many=True).data)


class OperatorNotifierSuspendApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=NotifierSuspendIn, responses={201: NotifierSuspensionOut})
    def post(self, request):
        data = NotifierSuspendIn(data=request.data)
        data.is_valid(raise_exception=True)
        return created(
            NotifierSuspensionOut(notice_services.notifier_suspend(actor=request.user, **data.validated_data)).data
        )


class OperatorStatementListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = OperatorStatementOut

    def get_queryset(self):
        return selectors.statement_list()


class OperatorAppealListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = OperatorAppealOut

    @extend_schema(parameters=[OpenApiParameter("status", str, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.appeal_list(status=self.request.query_params.get("status"))


class OperatorAppealDecideApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=AppealDecisionIn, responses={200: OperatorAppealOut})
    def post(self, request, appeal_id: int):
        data = AppealDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = appeal_services.appeal_decide(actor=request.user, appeal_id=appeal_id, **data.validated_data)
        return Response(OperatorAppealOut(selectors.appeal_list().get(id=appeal.id)).data)


class OperatorTransparencyApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(
        parameters=[OpenApiParameter("export", str, enum=["json", "csv"], required=False)],
        responses={200: TransparencyOut, (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request, year: int):
        report = selectors.transparency_report(year=year)
        if request.query_params.get("export") == "csv":
            response = HttpResponse(selectors.transparency_csv(report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="transparency-{year}.csv"'
            return response
        return Response(TransparencyOut(report).data)


# --------------------------------------------------------------------------- the affected party


class SellerStatementListApi(ListAPIView):
    serializer_class = StatementOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.statement_list_for_vendor(vendor=acting_vendor(self.request))


class SellerStatementDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: StatementOut})
    def get(self, request, statement_id: int):
        statement = selectors.statement_get_for_vendor(vendor=acting_vendor(request), statement_id=statement_id)
        return Response(StatementOut(statement).data)


class SellerStatementAppealApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=AppealIn, responses={201: AppealOut})
    def post(self, request, statement_id: int):
        vendor = acting_vendor_owning(
            request,
            lookup=lambda v: selectors.statement_get_for_vendor(vendor=v, statement_id=statement_id),
            permission="manage_listings",
        )
        data = AppealIn(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = appeal_services.appeal_create(
            actor=request.user, statement_id=statement_id, text=data.validated_data["text"], vendor=vendor
        )
        return created(AppealOut(appeal).data)


class AccountStatementListApi(ListAPIView):
    serializer_class = StatementOut

    def get_queryset(self):
        return selectors.statement_list_for_user(user=self.request.user)


class AccountStatementAppealApi(APIView):
    @extend_schema(request=AppealIn, responses={201: AppealOut})
    def post(self, request, statement_id: int):
        data = AppealIn(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = appeal_services.appeal_create(
            actor=request.user, statement_id=statement_id, text=data.validated_data["text"]
        )
        return created(AppealOut(appeal).data)
