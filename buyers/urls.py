from django.urls import path

from buyers import api

urlpatterns = [
    path("cart/", api.CartApi.as_view(), name="cart"),
    path("cart/items/", api.CartItemAddApi.as_view(), name="cart-item-add"),
    path("cart/items/<int:item_id>/", api.CartItemApi.as_view(), name="cart-item"),
    path("checkout/", api.CheckoutApi.as_view(), name="checkout"),
    path("orders/", api.OrderListApi.as_view(), name="order-list"),
    path("orders/<str:number>/", api.OrderDetailApi.as_view(), name="order-detail"),
]
