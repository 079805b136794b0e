from django.urls import path

from buyers.addons import api

urlpatterns = [
    path("seller/service-offers/", api.SellerServiceOfferApi.as_view(), name="seller-service-offers"),
    path("service-offers/", api.ProductServiceOffersApi.as_view(), name="service-offers"),
    path("cart/services/", api.CartServiceApi.as_view(), name="cart-services"),
]
