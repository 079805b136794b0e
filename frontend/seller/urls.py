"""Seller central routes (everything under /seller/)."""

from django.urls import path

from frontend.seller.views import (
    claims,
    dashboard,
    listings,
    messages,
    onboarding,
    orders,
    payouts,
    returns,
    reviews,
    staff,
    statements,
    trader,
    verification,
)

urlpatterns = [
    path("seller/", dashboard.seller_dashboard, name="seller_dashboard"),
    path("seller/offers/<int:offer_id>/", dashboard.seller_offer_update, name="seller_offer_update"),
    path("seller/orders/", orders.orders, name="seller_orders"),
    path("seller/orders/<int:vendor_order_id>/", orders.order, name="seller_order"),
    path("seller/orders/<int:vendor_order_id>/accept/", orders.order_accept, name="seller_order_accept"),
    path("seller/orders/<int:vendor_order_id>/ship/", orders.order_ship, name="seller_order_ship"),
    path("seller/orders/<int:vendor_order_id>/delivered/", orders.order_delivered, name="seller_order_delivered"),
    path("seller/orders/<int:vendor_order_id>/cancel/", orders.order_cancel, name="seller_order_cancel"),
    path("seller/returns/", returns.return_list, name="seller_returns"),
    path("seller/returns/<int:return_id>/approve/", returns.return_approve, name="seller_return_approve"),
    path("seller/returns/<int:return_id>/reject/", returns.return_reject, name="seller_return_reject"),
    path("seller/returns/<int:return_id>/received/", returns.return_received, name="seller_return_received"),
    path("seller/returns/<int:return_id>/refund/", returns.return_refund, name="seller_return_refund"),
    path("seller/returns/<int:return_id>/label/", returns.return_label, name="seller_return_label"),
    path("seller/payouts/", payouts.payouts, name="seller_payouts"),
    path("seller/payouts/statement/", payouts.statement, name="seller_statement"),
    path("seller/staff/", staff.staff, name="seller_staff"),
    path("seller/staff/invite/", staff.staff_invite, name="seller_staff_invite"),
    path(
        "seller/staff/invitations/<int:invitation_id>/revoke/",
        staff.staff_invitation_revoke,
        name="seller_invitation_revoke",
    ),
    path("seller/apply/", onboarding.apply, name="seller_apply"),
    path("seller/invitations/accept/", onboarding.invitation_accept, name="seller_invitation_accept"),
    path("seller/listings/new/", listings.listing_new, name="seller_listing_new"),
    path("seller/imports/", listings.imports, name="seller_imports"),
    path("seller/imports/<int:job_id>/", listings.import_detail, name="seller_import"),
    path("seller/imports/<int:job_id>/start/", listings.import_start, name="seller_import_start"),
    path("seller/staff/members/<int:member_id>/role/", staff.staff_member_role, name="seller_member_role"),
    path("seller/staff/members/<int:member_id>/remove/", staff.staff_member_remove, name="seller_member_remove"),
    path("seller/messages/", messages.seller_conversations, name="seller_conversations"),
    path("seller/messages/<int:conversation_id>/", messages.seller_conversation, name="seller_conversation"),
    path("seller/claims/<int:claim_id>/respond/", claims.seller_claim_respond, name="seller_claim_respond"),
    path("seller/claims/<int:claim_id>/refund/", claims.seller_claim_refund, name="seller_claim_refund"),
    path("seller/trader/", trader.trader, name="seller_trader"),
    path("seller/trader/update/", trader.trader_update, name="seller_trader_update"),
    path("seller/trader/certify/", trader.trader_certify, name="seller_trader_certify"),
    path("seller/verification/", verification.verification, name="seller_verification"),
    path("seller/verification/answer/", verification.info_answer, name="seller_info_answer"),
    path("seller/verification/stripe/", verification.stripe_onboarding, name="seller_stripe_onboarding"),
    path("seller/verification/stripe/return/", verification.stripe_return, name="seller_stripe_return"),
    path("seller/verification/stripe/refresh/", verification.stripe_onboarding, name="seller_stripe_refresh"),
    path("seller/documents/", verification.documents, name="seller_documents"),
    path("seller/documents/upload/", verification.document_upload, name="seller_document_upload"),
    path("seller/documents/<int:document_id>/", verification.document_download, name="seller_document"),
    path("seller/documents/<int:document_id>/delete/", verification.document_delete, name="seller_document_delete"),
    path("seller/reviews/", reviews.seller_reviews, name="seller_reviews"),
    path("seller/reviews/<int:review_id>/answer/", reviews.seller_review_answer, name="seller_review_answer"),
    path("seller/statements/", statements.statements, name="seller_statements"),
    path("seller/statements/<int:statement_id>/appeal/", statements.statement_appeal, name="seller_statement_appeal"),
]

# Integrations (issue 22): API keys for the seller's own systems.
from frontend.seller.views import api_keys  # noqa: E402

urlpatterns += [
    path("seller/api-keys/", api_keys.api_key_list, name="seller_api_keys"),
    path("seller/api-keys/new/", api_keys.api_key_create, name="seller_api_key_create"),
    path("seller/api-keys/<int:key_id>/rotate/", api_keys.api_key_rotate, name="seller_api_key_rotate"),
    path("seller/api-keys/<int:key_id>/revoke/", api_keys.api_key_revoke, name="seller_api_key_revoke"),
]

# Integrations (issue 22): webhook subscriptions and their delivery log.
from frontend.seller.views import webhooks  # noqa: E402

urlpatterns += [
    path("seller/webhooks/", webhooks.webhook_list, name="seller_webhooks"),
    path("seller/webhooks/new/", webhooks.webhook_create, name="seller_webhook_create"),
    path("seller/webhooks/<int:subscription_id>/delete/", webhooks.webhook_delete, name="seller_webhook_delete"),
    path("seller/webhooks/<int:subscription_id>/enable/", webhooks.webhook_enable, name="seller_webhook_enable"),
    path(
        "seller/webhooks/deliveries/<int:delivery_id>/replay/",
        webhooks.webhook_delivery_replay,
        name="seller_webhook_delivery_replay",
    ),
]
