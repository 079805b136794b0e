from django.urls import path

from buyers import api, api_accounts, api_coupons

urlpatterns = [
    path("cart/", api.CartApi.as_view(), name="cart"),
    path("cart/items/", api.CartItemAddApi.as_view(), name="cart-item-add"),
    path("cart/items/<int:item_id>/", api.CartItemApi.as_view(), name="cart-item"),
    path("cart/coupon/", api_coupons.CartCouponApi.as_view(), name="cart-coupon"),
    path("operator/coupons/", api_coupons.OperatorCouponCreateApi.as_view(), name="operator-coupon-create"),
    path("seller/coupons/", api_coupons.SellerCouponApi.as_view(), name="seller-coupons"),
    path("checkout/", api.CheckoutApi.as_view(), name="checkout"),
    path("orders/", api.OrderListApi.as_view(), name="order-list"),
    path("orders/<str:number>/", api.OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<str:number>/vendor-orders/<int:vendor_order_id>/cancel/", api.VendorOrderCancelApi.as_view(), name="vendor-order-cancel"),
    path("accounts/register/", api_accounts.RegisterApi.as_view(), name="account-register"),
    path("accounts/verify-email/", api_accounts.VerifyEmailApi.as_view(), name="account-verify-email"),
    path("accounts/login/", api_accounts.LoginApi.as_view(), name="account-login"),
    path("accounts/logout/", api_accounts.LogoutApi.as_view(), name="account-logout"),
    path("accounts/password-reset/", api_accounts.PasswordResetApi.as_view(), name="account-password-reset"),
    path("accounts/password-reset/confirm/", api_accounts.PasswordResetConfirmApi.as_view(), name="account-password-reset-confirm"),
    path("accounts/me/", api_accounts.AccountApi.as_view(), name="account-me"),
    path("accounts/me/export/", api_accounts.AccountExportApi.as_view(), name="account-export"),
    path("addresses/", api_accounts.AddressListApi.as_view(), name="address-list"),
    path("addresses/<int:address_id>/", api_accounts.AddressDetailApi.as_view(), name="address-detail"),
]
