from django.urls import path

from payouts import api

urlpatterns = [
    path("payouts/stripe/webhook/", api.StripeWebhookApi.as_view(), name="stripe-webhook"),
    path("payouts/orders/<str:number>/payment/", api.OrderPaymentApi.as_view(), name="order-payment"),
    path("payouts/seller/balance/", api.SellerBalanceApi.as_view(), name="seller-balance"),
    path("payouts/seller/payouts/", api.SellerPayoutListApi.as_view(), name="seller-payout-list"),
    path("payouts/seller/payouts/<int:payout_id>/", api.SellerPayoutDetailApi.as_view(), name="seller-payout-detail"),
    path("payouts/seller/refunds/", api.SellerRefundApi.as_view(), name="seller-refunds"),
    path("payouts/operator/runs/", api.OperatorPayoutRunListApi.as_view(), name="operator-payout-runs"),
    path("payouts/operator/runs/<int:run_id>/", api.OperatorPayoutRunDetailApi.as_view(), name="operator-payout-run"),
    path(
        "payouts/operator/vendors/<int:vendor_id>/hold/",
        api.OperatorPayoutHoldApi.as_view(),
        name="operator-payout-hold",
    ),
    path(
        "payouts/operator/commission-rules/",
        api.OperatorCommissionRuleListApi.as_view(),
        name="operator-commission-rules",
    ),
    path(
        "payouts/operator/commission-rules/<int:rule_id>/end/",
        api.OperatorCommissionRuleEndApi.as_view(),
        name="operator-commission-rule-end",
    ),
    path("payouts/operator/refunds/", api.OperatorRefundApi.as_view(), name="operator-refunds"),
    path(
        "payouts/operator/payment-anomalies/",
        api.OperatorPaymentAnomalyListApi.as_view(),
        name="operator-payment-anomalies",
    ),
    path("payouts/operator/receipts/", api.OperatorBankReceiptApi.as_view(), name="operator-receipts"),
    path("payouts/operator/receipts/import/", api.OperatorReceiptImportApi.as_view(), name="operator-receipt-import"),
    path("payouts/operator/adjustments/", api.OperatorAdjustmentApi.as_view(), name="operator-adjustments"),
]

urlpatterns += [
    path("payouts/seller/statement/", api.SellerStatementApi.as_view(), name="seller-statement"),
    path("payouts/operator/reconciliation/", api.OperatorReconciliationApi.as_view(), name="operator-reconciliation"),
    path("payouts/operator/revenue/", api.OperatorRevenueApi.as_view(), name="operator-revenue"),
    path("payouts/operator/dac7/", api.OperatorDac7Api.as_view(), name="operator-dac7"),
]

# Commission invoices of the platform to vendors (issue 11).
from payouts import api_commission_invoices as commission_invoices  # noqa: E402

urlpatterns += [
    path(
        "payouts/seller/commission-invoices/",
        commission_invoices.SellerCommissionInvoiceListApi.as_view(),
        name="seller-commission-invoice-list",
    ),
    path(
        "payouts/seller/commission-invoices/<int:invoice_id>/invoice.pdf",
        commission_invoices.SellerCommissionInvoicePdfApi.as_view(),
        name="seller-commission-invoice",
    ),
    path(
        "payouts/operator/commission-invoices/",
        commission_invoices.OperatorCommissionInvoiceIssueApi.as_view(),
        name="operator-commission-invoice-issue",
    ),
]
