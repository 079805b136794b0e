"""Routes of the listings part of the vendors app (offers, shipping, imports, catalog, buy box)."""
from django.urls import path

from vendors import api_listings, api_shipping

urlpatterns = [
    path("seller/offers/bulk/", api_listings.SellerOfferBulkUpdateApi.as_view(), name="seller-offer-bulk-update"),
    path("seller/shipping-profiles/", api_shipping.SellerShippingProfileListApi.as_view(), name="seller-shipping-profile-list"),
    path(
        "seller/shipping-profiles/<int:profile_id>/",
        api_shipping.SellerShippingProfileDetailApi.as_view(),
        name="seller-shipping-profile-detail",
    ),
]
