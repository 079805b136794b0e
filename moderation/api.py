"""Moderation API: vendors read their listing checks; operators run rules and the queue; anyone
may report. Views parse input, call one service or selector, render output."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from moderation import selectors, services
from moderation.models import ReviewItem
from moderation.serializers import (
    BulkDecisionIn,
    BulkResultOut,
    DecisionIn,
    ListingCheckOut,
    ListingRuleIn,
    ListingRuleOut,
    ListingRuleUpdateIn,
    ReasonTemplateIn,
    ReasonTemplateOut,
    ReportIn,
    ReportOut,
    ReviewItemOut,
    SellerScorecardOut,
    StandingOut,
    StandingReverseIn,
    ThresholdIn,
    ThresholdOut,
)
from vendors.api import VENDOR_HEADER, acting_vendor

# --------------------------------------------------------------------------- vendors


class SellerListingCheckListApi(ListAPIView):
    serializer_class = ListingCheckOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.listing_check_list(vendor=acting_vendor(self.request))


class SellerOfferChecksApi(ListAPIView):
    serializer_class = ListingCheckOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.listing_checks_for_offer(vendor=acting_vendor(self.request), offer_id=self.kwargs["offer_id"])


# --------------------------------------------------------------------------- reports


class ReportCreateApi(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_scope = "moderation_reports"

    def get_throttles(self):
        from rest_framework.throttling import ScopedRateThrottle

        from moderation.conf import setting

        throttle = ScopedRateThrottle()
        # The rate comes from moderation's settings, so the shared REST_FRAMEWORK dict stays as it is.
        throttle.THROTTLE_RATES = {
            **throttle.THROTTLE_RATES,
            self.throttle_scope: setting("MODERATION_REPORT_THROTTLE"),
        }
        return [throttle]

    @extend_schema(request=ReportIn, responses={201: ReportOut})
    def post(self, request):
        data = ReportIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.report_create(
            reporter=request.user,
            email=v["email"],
            reason=v["reason"],
            details=v["details"],
            offer_id=v["offer"],
            vendor_id=v["vendor"],
        )
        return created(ReportOut(report).data)


# --------------------------------------------------------------------------- operators


class OperatorListingRuleListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = ListingRuleOut

    def get_queryset(self):
        return selectors.listing_rule_list()

    @extend_schema(request=ListingRuleIn, responses={201: ListingRuleOut})
    def post(self, request):
        data = ListingRuleIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        rule = services.listing_rule_create(
            actor=request.user,
            kind=v["kind"],
            params=v["params"],
            severity=v["severity"],
            category_id=v["category"],
            active=v["active"],
        )
        return created(ListingRuleOut(rule).data)


class OperatorListingRuleDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=ListingRuleUpdateIn, responses={200: ListingRuleOut})
    def patch(self, request, rule_id: int):
        data = ListingRuleUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        rule = services.listing_rule_update(actor=request.user, rule_id=rule_id, **data.validated_data)
        return Response(ListingRuleOut(rule).data)


class OperatorOfferEvaluateApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=None, responses={200: ListingCheckOut(many=True)})
    def post(self, request, offer_id: int):
        services.listing_evaluate(offer_id=offer_id)
        from moderation.models import ListingCheck

        return Response(ListingCheckOut(ListingCheck.objects.filter(offer_id=offer_id).order_by("id"), many=True).data)


class OperatorReasonTemplateListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = ReasonTemplateOut

    def get_queryset(self):
        return selectors.reason_template_list()

    @extend_schema(request=ReasonTemplateIn, responses={201: ReasonTemplateOut})
    def post(self, request):
        data = ReasonTemplateIn(data=request.data)
        data.is_valid(raise_exception=True)
        return created(
            ReasonTemplateOut(services.reason_template_create(actor=request.user, **data.validated_data)).data
        )


class OperatorReviewItemListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = ReviewItemOut

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["pending", *ReviewItem.Status.values], required=False),
            OpenApiParameter("kind", str, enum=ReviewItem.Kind.values, required=False),
            OpenApiParameter("overdue", bool, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        overdue = {"true": True, "false": False}.get((params.get("overdue") or "").lower())
        return selectors.review_item_list(status=params.get("status"), kind=params.get("kind"), overdue=overdue)


class OperatorReviewItemDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: ReviewItemOut})
    def get(self, request, item_id: int):
        return Response(ReviewItemOut(selectors.review_item_get(item_id=item_id)).data)


class OperatorReviewItemClaimApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=None, responses={200: ReviewItemOut})
    def post(self, request, item_id: int):
        return Response(ReviewItemOut(services.review_item_claim(actor=request.user, item_id=item_id)).data)


class _OperatorDecisionApi(APIView):
    permission_classes = [permissions.IsAdminUser]
    decide = None

    @extend_schema(request=DecisionIn, responses={200: ReviewItemOut})
    def post(self, request, item_id: int):
        data = DecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = type(self).decide(
            actor=request.user,
            item_id=item_id,
            template=data.validated_data["template"],
            text=data.validated_data["reason"],
        )
        return Response(ReviewItemOut(item).data)


class OperatorReviewItemApproveApi(_OperatorDecisionApi):
    decide = staticmethod(services.review_item_approve)


class OperatorReviewItemRejectApi(_OperatorDecisionApi):
    decide = staticmethod(services.review_item_reject)


class OperatorReviewItemRequestChangesApi(_OperatorDecisionApi):
    decide = staticmethod(services.review_item_request_changes)


class OperatorReviewItemBulkApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=BulkDecisionIn, responses={200: BulkResultOut(many=True)})
    def post(self, request):
        data = BulkDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        results = services.review_item_bulk_decide(
            actor=request.user, item_ids=v["ids"], decision=v["decision"], template=v["template"], text=v["reason"]
        )
        return Response(BulkResultOut(results, many=True).data)


# --------------------------------------------------------------------------- scorecards, enforcement


def _thresholds_out() -> list[dict]:
    from dataclasses import asdict

    from moderation.scorecards import thresholds_effective

    return [asdict(t) for t in thresholds_effective().values()]


class SellerScorecardApi(APIView):
    """The acting vendor's scorecard now, its standing (with the numbers of the last step) and
    the thresholds it is judged by."""

    @extend_schema(parameters=[VENDOR_HEADER], responses={200: SellerScorecardOut})
    def get(self, request):
        from moderation.scorecards import scorecard_as_dict, vendor_scorecard

        vendor = acting_vendor(request)
        body = {
            "scorecard": scorecard_as_dict(vendor_scorecard(vendor_id=vendor.id)),
            "standing": selectors.vendor_standing_get(vendor=vendor),
            "thresholds": _thresholds_out(),
        }
        return Response(SellerScorecardOut(body).data)


class OperatorThresholdListApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: ThresholdOut(many=True)})
    def get(self, request):
        return Response(ThresholdOut(_thresholds_out(), many=True).data)


class OperatorThresholdDetailApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=ThresholdIn, responses={200: ThresholdOut})
    def put(self, request, metric: str):
        data = ThresholdIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.scorecard_threshold_set(actor=request.user, metric=metric, **data.validated_data)
        return Response(next(t for t in _thresholds_out() if t["metric"] == metric))


class OperatorStandingListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = StandingOut

    @extend_schema(parameters=[OpenApiParameter("level", int, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        level = self.request.query_params.get("level")
        if level not in (None, "") and not level.lstrip("-").isdigit():
            from marketplace.errors import DomainError

            raise DomainError("level must be a whole number (0 good to 4 suspended).", field="level")
        return selectors.vendor_standing_list(level=int(level) if level not in (None, "") else None)


class OperatorVendorScorecardApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(responses={200: SellerScorecardOut})
    def get(self, request, vendor_id: int):
        from marketplace.errors import NotFound
        from moderation.scorecards import scorecard_as_dict, vendor_scorecard
        from vendors.models import Vendor

        vendor = Vendor.objects.filter(id=vendor_id).first()
        if vendor is None:
            raise NotFound("No such vendor.", field="vendor")
        body = {
            "scorecard": scorecard_as_dict(vendor_scorecard(vendor_id=vendor.id)),
            "standing": selectors.vendor_standing_get(vendor=vendor),
            "thresholds": _thresholds_out(),
        }
        return Response(SellerScorecardOut(body).data)


class OperatorStandingReverseApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=StandingReverseIn, responses={200: StandingOut})
    def post(self, request, vendor_id: int):
        data = StandingReverseIn(data=request.data)
        data.is_valid(raise_exception=True)
        standing = services.standing_reverse(actor=request.user, vendor_id=vendor_id, **data.validated_data)
        return Response(StandingOut(standing).data)
