from django.urls import path

from buyers import api, api_accounts, api_coupons, api_guests, api_invoices, api_returns

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
    path(
        "orders/<str:number>/vendor-orders/<int:vendor_order_id>/cancel/",
        api.VendorOrderCancelApi.as_view(),
        name="vendor-order-cancel",
    ),
    path("orders/<str:number>/returns/", api_returns.ReturnCreateApi.as_view(), name="return-create"),
    path("returns/", api_returns.ReturnListApi.as_view(), name="return-list"),
    path("returns/<int:return_id>/", api_returns.ReturnDetailApi.as_view(), name="return-detail"),
    path("returns/<int:return_id>/label.pdf", api_returns.ReturnLabelApi.as_view(), name="return-label"),
    path("seller/returns/", api_returns.SellerReturnListApi.as_view(), name="seller-return-list"),
    path(
        "seller/returns/<int:return_id>/approve/",
        api_returns.SellerReturnApproveApi.as_view(),
        name="seller-return-approve",
    ),
    path(
        "seller/returns/<int:return_id>/reject/",
        api_returns.SellerReturnRejectApi.as_view(),
        name="seller-return-reject",
    ),
    path(
        "seller/returns/<int:return_id>/received/",
        api_returns.SellerReturnReceivedApi.as_view(),
        name="seller-return-received",
    ),
    path(
        "seller/returns/<int:return_id>/refund/",
        api_returns.SellerReturnRefundApi.as_view(),
        name="seller-return-refund",
    ),
    path(
        "seller/returns/<int:return_id>/label.pdf",
        api_returns.SellerReturnLabelApi.as_view(),
        name="seller-return-label",
    ),
    path("accounts/register/", api_accounts.RegisterApi.as_view(), name="account-register"),
    path("accounts/verify-email/", api_accounts.VerifyEmailApi.as_view(), name="account-verify-email"),
    path("accounts/login/", api_accounts.LoginApi.as_view(), name="account-login"),
    path("accounts/logout/", api_accounts.LogoutApi.as_view(), name="account-logout"),
    path("accounts/password-reset/", api_accounts.PasswordResetApi.as_view(), name="account-password-reset"),
    path(
        "accounts/password-reset/confirm/",
        api_accounts.PasswordResetConfirmApi.as_view(),
        name="account-password-reset-confirm",
    ),
    path("accounts/me/", api_accounts.AccountApi.as_view(), name="account-me"),
    path("accounts/me/export/", api_accounts.AccountExportApi.as_view(), name="account-export"),
    path("addresses/", api_accounts.AddressListApi.as_view(), name="address-list"),
    path("addresses/<int:address_id>/", api_accounts.AddressDetailApi.as_view(), name="address-detail"),
    path("guest/cart/", api_guests.GuestCartApi.as_view(), name="guest-cart"),
    path("guest/cart/items/", api_guests.GuestCartItemAddApi.as_view(), name="guest-cart-item-add"),
    path("guest/cart/items/<int:item_id>/", api_guests.GuestCartItemApi.as_view(), name="guest-cart-item"),
    path("guest/checkout/", api_guests.GuestCheckoutApi.as_view(), name="guest-checkout"),
    path("guest/orders/<str:token>/", api_guests.GuestOrderApi.as_view(), name="guest-order"),
    path("guest/order-link/", api_guests.GuestOrderLinkApi.as_view(), name="guest-order-link"),
    path(
        "orders/<str:number>/vendor-orders/<int:vendor_order_id>/invoice.pdf",
        api_invoices.InvoiceApi.as_view(),
        name="invoice",
    ),
    path(
        "guest/orders/<str:token>/vendor-orders/<int:vendor_order_id>/invoice.pdf",
        api_invoices.GuestInvoiceApi.as_view(),
        name="guest-invoice",
    ),
    path(
        "seller/orders/<int:vendor_order_id>/invoice.pdf",
        api_invoices.SellerInvoiceApi.as_view(),
        name="seller-invoice",
    ),
]

# Credit notes for refunds (issue 11).
from buyers import api_credit_notes  # noqa: E402

urlpatterns += [
    path(
        "orders/<str:number>/refunds/<int:refund_id>/credit-note.pdf",
        api_credit_notes.CreditNoteApi.as_view(),
        name="credit-note",
    ),
    path(
        "seller/refunds/<int:refund_id>/credit-note.pdf",
        api_credit_notes.SellerCreditNoteApi.as_view(),
        name="seller-credit-note",
    ),
]
