from django.contrib.auth import views as auth_views
from django.urls import path

from frontend import views, views_account, views_cart, views_orders

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("p/<int:product_id>/", views.product, name="product"),
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/items/<int:item_id>/", views.cart_item_update, name="cart_item_update"),
    path("cart/items/<int:item_id>/remove/", views.cart_item_remove, name="cart_item_remove"),
    path("cart/coupon/", views_cart.cart_coupon, name="cart_coupon"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.orders, name="orders"),
    path("orders/<str:number>/", views.order, name="order"),
    path("orders/<str:number>/parts/<int:vendor_order_id>/cancel/", views_orders.vendor_order_cancel, name="vendor_order_cancel"),
    path("orders/<str:number>/parts/<int:vendor_order_id>/return/", views_orders.return_request, name="return_request"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="frontend/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views_account.register, name="register"),
    path("account/", views_account.account, name="account"),
    path("account/verify/<str:uid>/<str:token>/", views_account.verify_email, name="verify_email"),
    path("account/password-reset/", views_account.password_reset, name="password_reset"),
    path("account/password-reset/<str:uid>/<str:token>/", views_account.password_reset_confirm, name="password_reset_confirm"),
    path("account/addresses/", views_account.address_add, name="address_add"),
    path("account/addresses/<int:address_id>/delete/", views_account.address_delete, name="address_delete"),
    path("account/export/", views_account.account_export, name="account_export"),
    path("account/delete/", views_account.account_delete, name="account_delete"),
    path("seller/", views.seller_dashboard, name="seller_dashboard"),
    path("seller/offers/<int:offer_id>/", views.seller_offer_update, name="seller_offer_update"),
    path("console/", views.console_vendors, name="console_vendors"),
    path("console/vendors/<int:vendor_id>/approve/", views.console_vendor_approve, name="console_vendor_approve"),
]
