from django.urls import path

from vendors import api, api_onboarding, api_staff
from vendors.urls_listings import urlpatterns as listing_urlpatterns

urlpatterns = [
    path("seller/listings/", api.SellerListingCreateApi.as_view(), name="seller-listing-create"),
    path("seller/offers/", api.SellerOfferListApi.as_view(), name="seller-offer-list"),
    path("seller/offers/<int:offer_id>/", api.SellerOfferDetailApi.as_view(), name="seller-offer-detail"),
    # onboarding (vendors/api_onboarding.py)
    path("vendors/apply/", api_onboarding.VendorApplyApi.as_view(), name="vendor-apply"),
    path("seller/vendor/", api_onboarding.SellerVendorApi.as_view(), name="seller-vendor"),
    path("seller/vendor/answer/", api_onboarding.SellerInfoAnswerApi.as_view(), name="seller-vendor-answer"),
    path(
        "seller/vendor/documents/", api_onboarding.SellerDocumentListApi.as_view(), name="seller-vendor-document-list"
    ),
    path(
        "seller/vendor/documents/<int:document_id>/",
        api_onboarding.SellerDocumentDownloadApi.as_view(),
        name="seller-vendor-document-download",
    ),
    path(
        "seller/vendor/stripe-onboarding-link/",
        api_onboarding.SellerStripeOnboardingLinkApi.as_view(),
        name="seller-vendor-stripe-onboarding-link",
    ),
    path("operator/vendors/", api_onboarding.OperatorVendorListApi.as_view(), name="operator-vendor-list"),
    path(
        "operator/vendors/<int:vendor_id>/",
        api_onboarding.OperatorVendorDetailApi.as_view(),
        name="operator-vendor-detail",
    ),
    path(
        "operator/vendors/<int:vendor_id>/documents/",
        api_onboarding.OperatorVendorDocumentListApi.as_view(),
        name="operator-vendor-document-list",
    ),
    path(
        "operator/vendors/<int:vendor_id>/documents/<int:document_id>/",
        api_onboarding.OperatorVendorDocumentDownloadApi.as_view(),
        name="operator-vendor-document-download",
    ),
    path(
        "operator/vendors/<int:vendor_id>/start-review/",
        api_onboarding.OperatorVendorReviewStartApi.as_view(),
        name="operator-vendor-start-review",
    ),
    path(
        "operator/vendors/<int:vendor_id>/approve/",
        api_onboarding.OperatorVendorApproveApi.as_view(),
        name="operator-vendor-approve",
    ),
    path(
        "operator/vendors/<int:vendor_id>/reject/",
        api_onboarding.OperatorVendorRejectApi.as_view(),
        name="operator-vendor-reject",
    ),
    path(
        "operator/vendors/<int:vendor_id>/request-info/",
        api_onboarding.OperatorVendorInfoRequestApi.as_view(),
        name="operator-vendor-request-info",
    ),
    path(
        "operator/vendors/<int:vendor_id>/suspend/",
        api_onboarding.OperatorVendorSuspendApi.as_view(),
        name="operator-vendor-suspend",
    ),
    path(
        "operator/vendors/<int:vendor_id>/reinstate/",
        api_onboarding.OperatorVendorReinstateApi.as_view(),
        name="operator-vendor-reinstate",
    ),
    # staff (vendors/api_staff.py)
    path("seller/memberships/", api_staff.SellerMembershipListApi.as_view(), name="seller-membership-list"),
    path("seller/staff/", api_staff.SellerMemberListApi.as_view(), name="seller-member-list"),
    path("seller/staff/<int:member_id>/", api_staff.SellerMemberDetailApi.as_view(), name="seller-member-detail"),
    path("seller/staff/invitations/", api_staff.SellerInvitationListApi.as_view(), name="seller-invitation-list"),
    path(
        "seller/staff/invitations/<int:invitation_id>/",
        api_staff.SellerInvitationDetailApi.as_view(),
        name="seller-invitation-detail",
    ),
    path("seller/invitations/accept/", api_staff.InvitationAcceptApi.as_view(), name="seller-invitation-accept"),
]

# Listings, shipping, imports, catalog (vendors/urls_listings.py).
urlpatterns += listing_urlpatterns

# Trader traceability, DSA Art. 30 (vendors/api_trader.py).
from vendors import api_tax_data, api_trader  # noqa: E402

urlpatterns += [
    path("seller/vendor/trader/", api_trader.SellerTraderApi.as_view(), name="seller-trader"),
    path("seller/vendor/tax-data/", api_tax_data.SellerTaxDataApi.as_view(), name="seller-tax-data"),
    path(
        "seller/vendor/trader/certification/",
        api_trader.SellerTraderCertificationApi.as_view(),
        name="seller-trader-certification",
    ),
    path(
        "operator/vendors/<int:vendor_id>/trader/",
        api_trader.OperatorVendorTraderApi.as_view(),
        name="operator-vendor-trader",
    ),
    path(
        "operator/vendors/<int:vendor_id>/close/",
        api_trader.OperatorVendorCloseApi.as_view(),
        name="operator-vendor-close",
    ),
]
