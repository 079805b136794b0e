from django.urls import path

from moderation import api

urlpatterns = [
    path("seller/listing-checks/", api.SellerListingCheckListApi.as_view(), name="seller-listing-checks"),
    path("seller/offers/<int:offer_id>/checks/", api.SellerOfferChecksApi.as_view(), name="seller-offer-checks"),
    path("reports/", api.ReportCreateApi.as_view(), name="report-create"),
    path("operator/moderation/rules/", api.OperatorListingRuleListApi.as_view(), name="operator-listing-rules"),
    path("operator/moderation/rules/<int:rule_id>/", api.OperatorListingRuleDetailApi.as_view(), name="operator-listing-rule"),
    path("operator/moderation/offers/<int:offer_id>/evaluate/", api.OperatorOfferEvaluateApi.as_view(), name="operator-offer-evaluate"),
    path("operator/moderation/reason-templates/", api.OperatorReasonTemplateListApi.as_view(), name="operator-reason-templates"),
    path("operator/moderation/queue/", api.OperatorReviewItemListApi.as_view(), name="operator-review-items"),
    path("operator/moderation/queue/bulk/", api.OperatorReviewItemBulkApi.as_view(), name="operator-review-bulk"),
    path("operator/moderation/queue/<int:item_id>/", api.OperatorReviewItemDetailApi.as_view(), name="operator-review-item"),
    path("operator/moderation/queue/<int:item_id>/claim/", api.OperatorReviewItemClaimApi.as_view(), name="operator-review-claim"),
    path("operator/moderation/queue/<int:item_id>/approve/", api.OperatorReviewItemApproveApi.as_view(), name="operator-review-approve"),
    path("operator/moderation/queue/<int:item_id>/reject/", api.OperatorReviewItemRejectApi.as_view(), name="operator-review-reject"),
    path("operator/moderation/queue/<int:item_id>/request-changes/", api.OperatorReviewItemRequestChangesApi.as_view(), name="operator-review-request-changes"),
    path("seller/scorecard/", api.SellerScorecardApi.as_view(), name="seller-scorecard"),
    path("operator/moderation/thresholds/", api.OperatorThresholdListApi.as_view(), name="operator-thresholds"),
    path("operator/moderation/thresholds/<str:metric>/", api.OperatorThresholdDetailApi.as_view(), name="operator-threshold"),
    path("operator/moderation/standings/", api.OperatorStandingListApi.as_view(), name="operator-standings"),
    path("operator/moderation/vendors/<int:vendor_id>/scorecard/", api.OperatorVendorScorecardApi.as_view(), name="operator-vendor-scorecard"),
    path("operator/moderation/vendors/<int:vendor_id>/standing/reverse/", api.OperatorStandingReverseApi.as_view(), name="operator-standing-reverse"),
]
