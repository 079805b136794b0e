from django.urls import path

from buyers.wishlists import api

urlpatterns = [
    path("wishlist/", api.WishlistApi.as_view(), name="wishlist"),
    path("wishlist/items/<int:product_id>/", api.WishlistItemApi.as_view(), name="wishlist-item"),
    path("recommendations/for-you/", api.ForYouApi.as_view(), name="for-you"),
]
