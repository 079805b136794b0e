from django.urls import path

from vendors import api

urlpatterns = [
    path("vendors/apply/", api.VendorApplyApi.as_view(), name="vendor-apply"),
    path("operator/vendors/", api.OperatorVendorListApi.as_view(), name="operator-vendor-list"),
    path("operator/vendors/<int:vendor_id>/approve/", api.OperatorVendorApproveApi.as_view(), name="operator-vendor-approve"),
    path("seller/listings/", api.SellerListingCreateApi.as_view(), name="seller-listing-create"),
    path("seller/offers/", api.SellerOfferListApi.as_view(), name="seller-offer-list"),
    path("seller/offers/<int:offer_id>/", api.SellerOfferDetailApi.as_view(), name="seller-offer-detail"),
]
