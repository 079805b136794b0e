"""Component and enum names for the OpenAPI schema (no imports: settings read this)."""

COMPONENT_NAMES = {
    "buyers.api_returns.RefundIn": "SellerReturnRefundIn",
    "buyers.reviews.api.ReportIn": "ReviewReportIn",
    "buyers.reviews.api.ReportOut": "ReviewReportOut",
    "moderation.serializers_notices.StatementOut": "StatementOfReasonsOut",
    "vendors.api_product_edit.VariantOut": "SellerVariantOut",
    "vendors.serializers_onboarding.MessageIn": "VendorInfoMessageIn",
}

# Choice classes by import path (the schema tells enums apart by their values and labels).
ENUM_NAME_OVERRIDES = {
    "ReviewKindEnum": "buyers.reviews.models.Review.Kind",
    "VendorDocumentKindEnum": "vendors.models.VendorDocument.Kind",
    "AddressKindEnum": "buyers.models.Address.Kind",
    "ListingRuleKindEnum": "moderation.models.ListingRule.Kind",
    "VendorLegalFormEnum": "vendors.models.Vendor.LegalForm",
    "StatementOutcomeEnum": "moderation.models.StatementOfReasons.Outcome",
    "ClaimReasonEnum": "buyers.messaging.models.Claim.Reason",
    "ReportReasonEnum": "moderation.models.Report.Reason",
    "NoticeStatusEnum": "moderation.models.Notice.Status",
    "VendorStatusEnum": "vendors.models.Vendor.Status",
    "AppealStatusEnum": "moderation.models.Appeal.Status",
}
