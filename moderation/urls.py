from django.urls import path

from moderation import api, api_notices

urlpatterns = [
    path("seller/listing-checks/", api.SellerListingCheckListApi.as_view(), name="seller-listing-checks"),
    path("seller/offers/<int:offer_id>/checks/", api.SellerOfferChecksApi.as_view(), name="seller-offer-checks"),
    path("reports/", api.ReportCreateApi.as_view(), name="report-create"),
    path("operator/moderation/rules/", api.OperatorListingRuleListApi.as_view(), name="operator-listing-rules"),
    path(
        "operator/moderation/rules/<int:rule_id>/",
        api.OperatorListingRuleDetailApi.as_view(),
        name="operator-listing-rule",
    ),
    path(
        "operator/moderation/offers/<int:offer_id>/evaluate/",
        api.OperatorOfferEvaluateApi.as_view(),
        name="operator-offer-evaluate",
    ),
    path(
        "operator/moderation/reason-templates/",
        api.OperatorReasonTemplateListApi.as_view(),
        name="operator-reason-templates",
    ),
    path("operator/moderation/queue/", api.OperatorReviewItemListApi.as_view(), name="operator-review-items"),
    path("operator/moderation/queue/bulk/", api.OperatorReviewItemBulkApi.as_view(), name="operator-review-bulk"),
    path(
        "operator/moderation/queue/<int:item_id>/",
        api.OperatorReviewItemDetailApi.as_view(),
        name="operator-review-item",
    ),
    path(
        "operator/moderation/queue/<int:item_id>/claim/",
        api.OperatorReviewItemClaimApi.as_view(),
        name="operator-review-claim",
    ),
    path(
        "operator/moderation/queue/<int:item_id>/approve/",
        api.OperatorReviewItemApproveApi.as_view(),
        name="operator-review-approve",
    ),
    path(
        "operator/moderation/queue/<int:item_id>/reject/",
        api.OperatorReviewItemRejectApi.as_view(),
        name="operator-review-reject",
    ),
    path(
        "operator/moderation/queue/<int:item_id>/request-changes/",
        api.OperatorReviewItemRequestChangesApi.as_view(),
        name="operator-review-request-changes",
    ),
    path("seller/scorecard/", api.SellerScorecardApi.as_view(), name="seller-scorecard"),
    path("operator/moderation/thresholds/", api.OperatorThresholdListApi.as_view(), name="operator-thresholds"),
    path(
        "operator/moderation/thresholds/<str:metric>/",
        api.OperatorThresholdDetailApi.as_view(),
        name="operator-threshold",
    ),
    path("operator/moderation/standings/", api.OperatorStandingListApi.as_view(), name="operator-standings"),
    path(
        "operator/moderation/vendors/<int:vendor_id>/scorecard/",
        api.OperatorVendorScorecardApi.as_view(),
        name="operator-vendor-scorecard",
    ),
    path(
        "operator/moderation/vendors/<int:vendor_id>/standing/reverse/",
        api.OperatorStandingReverseApi.as_view(),
        name="operator-standing-reverse",
    ),
    # Notice and action (DSA Art. 16, 17, 20, 23, 24).
    path("notices/", api_notices.NoticeCreateApi.as_view(), name="notice-create"),
    path("operator/notices/", api_notices.OperatorNoticeListApi.as_view(), name="operator-notices"),
    path(
        "operator/notices/repeat-offenders/",
        api_notices.OperatorRepeatOffenderListApi.as_view(),
        name="operator-repeat-offenders",
    ),
    path("operator/notices/notifiers/", api_notices.OperatorNotifierListApi.as_view(), name="operator-notifiers"),
    path(
        "operator/notices/notifiers/suspend/",
        api_notices.OperatorNotifierSuspendApi.as_view(),
        name="operator-notifier-suspend",
    ),
    path("operator/notices/<int:notice_id>/", api_notices.OperatorNoticeDetailApi.as_view(), name="operator-notice"),
    path(
        "operator/notices/<int:notice_id>/decide/",
        api_notices.OperatorNoticeDecideApi.as_view(),
        name="operator-notice-decide",
    ),
    path("operator/statements/", api_notices.OperatorStatementListApi.as_view(), name="operator-statements"),
    path("operator/appeals/", api_notices.OperatorAppealListApi.as_view(), name="operator-appeals"),
    path(
        "operator/appeals/<int:appeal_id>/decide/",
        api_notices.OperatorAppealDecideApi.as_view(),
        name="operator-appeal-decide",
    ),
    path(
        "operator/transparency/<int:year>/", api_notices.OperatorTransparencyApi.as_view(), name="operator-transparency"
    ),
    path("seller/statements/", api_notices.SellerStatementListApi.as_view(), name="seller-statements"),
    path(
        "seller/statements/<int:statement_id>/", api_notices.SellerStatementDetailApi.as_view(), name="seller-statement"
    ),
    path(
        "seller/statements/<int:statement_id>/appeal/",
        api_notices.SellerStatementAppealApi.as_view(),
        name="seller-statement-appeal",
    ),
    path("account/statements/", api_notices.AccountStatementListApi.as_view(), name="account-statements"),
    path(
        "account/statements/<int:statement_id>/appeal/",
        api_notices.AccountStatementAppealApi.as_view(),
        name="account-statement-appeal",
    ),
]
