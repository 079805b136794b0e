from django.urls import path

from vendors import api_orders

urlpatterns = [
    path("seller/orders/", api_orders.SellerOrderListApi.as_view(), name="seller-order-list"),
    path("seller/orders/<int:vendor_order_id>/", api_orders.SellerOrderDetailApi.as_view(), name="seller-order-detail"),
    path(
        "seller/orders/<int:vendor_order_id>/accept/",
        api_orders.SellerOrderAcceptApi.as_view(),
        name="seller-order-accept",
    ),
    path(
        "seller/orders/<int:vendor_order_id>/ship/", api_orders.SellerOrderShipApi.as_view(), name="seller-order-ship"
    ),
    path(
        "seller/orders/<int:vendor_order_id>/delivered/",
        api_orders.SellerOrderDeliveredApi.as_view(),
        name="seller-order-delivered",
    ),
    path(
        "seller/orders/<int:vendor_order_id>/cancel/",
        api_orders.SellerOrderCancelApi.as_view(),
        name="seller-order-cancel",
    ),
]
