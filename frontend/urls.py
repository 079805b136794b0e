from django.contrib.auth import views as auth_views
from django.urls import path

from frontend import views, views_account, views_cart, views_console, views_orders, views_seller, views_seo
from frontend import views_seller_listings, views_seller_onboarding
from frontend import views_addons, views_loyalty

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("robots.txt", views_seo.robots_txt, name="robots_txt"),
    path("sitemap.xml", views_seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views_seo.sitemap_section, name="sitemap_section"),
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
    path("account/referral/", views_loyalty.referral, name="loyalty_referral"),
    path("console/addons/", views_addons.console_report, name="console_addons"),
    path("seller/", views.seller_dashboard, name="seller_dashboard"),
    path("seller/offers/<int:offer_id>/", views.seller_offer_update, name="seller_offer_update"),
    path("seller/orders/", views_seller.orders, name="seller_orders"),
    path("seller/orders/<int:vendor_order_id>/", views_seller.order, name="seller_order"),
    path("seller/orders/<int:vendor_order_id>/accept/", views_seller.order_accept, name="seller_order_accept"),
    path("seller/orders/<int:vendor_order_id>/ship/", views_seller.order_ship, name="seller_order_ship"),
    path("seller/orders/<int:vendor_order_id>/delivered/", views_seller.order_delivered, name="seller_order_delivered"),
    path("seller/orders/<int:vendor_order_id>/cancel/", views_seller.order_cancel, name="seller_order_cancel"),
    path("seller/returns/", views_seller.return_list, name="seller_returns"),
    path("seller/returns/<int:return_id>/approve/", views_seller.return_approve, name="seller_return_approve"),
    path("seller/returns/<int:return_id>/reject/", views_seller.return_reject, name="seller_return_reject"),
    path("seller/returns/<int:return_id>/received/", views_seller.return_received, name="seller_return_received"),
    path("seller/returns/<int:return_id>/refund/", views_seller.return_refund, name="seller_return_refund"),
    path("seller/returns/<int:return_id>/label/", views_seller.return_label, name="seller_return_label"),
    path("seller/payouts/", views_seller.payouts, name="seller_payouts"),
    path("seller/payouts/statement/", views_seller.statement, name="seller_statement"),
    path("seller/staff/", views_seller.staff, name="seller_staff"),
    path("seller/staff/invite/", views_seller.staff_invite, name="seller_staff_invite"),
    path("seller/staff/invitations/<int:invitation_id>/revoke/", views_seller.staff_invitation_revoke, name="seller_invitation_revoke"),
    path("seller/apply/", views_seller_onboarding.apply, name="seller_apply"),
    path("seller/invitations/accept/", views_seller_onboarding.invitation_accept, name="seller_invitation_accept"),
    path("seller/listings/new/", views_seller_listings.listing_new, name="seller_listing_new"),
    path("seller/imports/", views_seller_listings.imports, name="seller_imports"),
    path("seller/imports/<int:job_id>/", views_seller_listings.import_detail, name="seller_import"),
    path("seller/imports/<int:job_id>/start/", views_seller_listings.import_start, name="seller_import_start"),
    path("seller/staff/members/<int:member_id>/role/", views_seller.staff_member_role, name="seller_member_role"),
    path("seller/staff/members/<int:member_id>/remove/", views_seller.staff_member_remove, name="seller_member_remove"),
    path("console/", views.console_vendors, name="console_vendors"),
    path("console/vendors/<int:vendor_id>/approve/", views.console_vendor_approve, name="console_vendor_approve"),
    path("console/vendors/<int:vendor_id>/", views_console.vendor_detail, name="console_vendor"),
    path("console/vendors/<int:vendor_id>/action/", views_console.vendor_action, name="console_vendor_action"),
    path("console/vendors/<int:vendor_id>/documents/<int:document_id>/", views_console.vendor_document, name="console_vendor_document"),
    path("console/vendors/<int:vendor_id>/hold/", views_console.vendor_hold, name="console_vendor_hold"),
    path("console/vendors/<int:vendor_id>/hold/release/", views_console.vendor_hold_release, name="console_vendor_hold_release"),
    path("console/payouts/", views_console.payout_run_list, name="console_payout_runs"),
    path("console/payouts/start/", views_console.payout_run_start, name="console_payout_run_start"),
]

# Operator console: moderation and money pages (frontend/views_console_*.py).
from frontend import views_console_moderation as console_moderation  # noqa: E402
from frontend import views_console_money as console_money  # noqa: E402
from frontend import views_console_scorecards as console_scorecards  # noqa: E402

urlpatterns += [
    path("console/moderation/", console_moderation.queue, name="console_moderation"),
    path("console/moderation/bulk/", console_moderation.bulk_decide, name="console_moderation_bulk"),
    path("console/moderation/<int:item_id>/", console_moderation.item_detail, name="console_moderation_item"),
    path("console/moderation/<int:item_id>/claim/", console_moderation.item_claim, name="console_moderation_claim"),
    path("console/moderation/<int:item_id>/approve/", console_moderation.item_decide, {"decision": "approve"}, name="console_moderation_approve"),
    path("console/moderation/<int:item_id>/reject/", console_moderation.item_decide, {"decision": "reject"}, name="console_moderation_reject"),
    path(
        "console/moderation/<int:item_id>/request-changes/", console_moderation.item_decide, {"decision": "request_changes"},
        name="console_moderation_request_changes",
    ),
    path("console/reports/", console_moderation.reports, name="console_reports"),
    path("console/moderation/templates/", console_moderation.reason_templates, name="console_reason_templates"),
    path("console/moderation/templates/new/", console_moderation.reason_template_create, name="console_reason_template_create"),
    path("console/commissions/", console_money.commission_rules, name="console_commissions"),
    path("console/commissions/new/", console_money.commission_rule_create, name="console_commission_create"),
    path("console/commissions/<int:rule_id>/end/", console_money.commission_rule_end, name="console_commission_end"),
    path("console/reconciliation/", console_money.reconciliation, name="console_reconciliation"),
    path("console/disputes/", console_money.disputes, name="console_disputes"),
    path("console/revenue/", console_money.revenue, name="console_revenue"),
    path("console/scorecards/", console_scorecards.standings, name="console_standings"),
    path("console/scorecards/<int:vendor_id>/", console_scorecards.scorecard, name="console_scorecard"),
    path("console/scorecards/<int:vendor_id>/reverse/", console_scorecards.standing_reverse, name="console_standing_reverse"),
]

# Messaging and guarantee claims (frontend/views_messages.py, frontend/views_claims.py).
from frontend import views_claims, views_messages  # noqa: E402

urlpatterns += [
    path("messages/", views_messages.conversations, name="conversations"),
    path("messages/<int:conversation_id>/", views_messages.conversation, name="conversation"),
    path("messages/attachments/<int:attachment_id>/", views_messages.attachment, name="attachment"),
    path("offers/<int:offer_id>/contact/", views_messages.offer_contact, name="offer_contact"),
    path("orders/<str:number>/parts/<int:vendor_order_id>/contact/", views_messages.order_contact, name="order_contact"),
    path("orders/<str:number>/parts/<int:vendor_order_id>/claim/", views_claims.claim_open, name="claim_open"),
    path("seller/messages/", views_messages.seller_conversations, name="seller_conversations"),
    path("seller/messages/<int:conversation_id>/", views_messages.seller_conversation, name="seller_conversation"),
    path("seller/claims/<int:claim_id>/respond/", views_claims.seller_claim_respond, name="seller_claim_respond"),
    path("seller/claims/<int:claim_id>/refund/", views_claims.seller_claim_refund, name="seller_claim_refund"),
    path("console/claims/", views_claims.console_claims, name="console_claims"),
    path("console/claims/<int:claim_id>/decide/", views_claims.console_claim_decide, name="console_claim_decide"),
    path("console/conversations/<int:conversation_id>/", views_messages.console_conversation, name="console_conversation"),
    path("console/conversations/<int:conversation_id>/join/", views_messages.console_conversation_join, name="console_conversation_join"),
    path("console/conversations/<int:conversation_id>/message/", views_messages.console_conversation_message,
         name="console_conversation_message"),
    path("console/conversations/<int:conversation_id>/claim/", views_claims.console_conversation_claim, name="console_conversation_claim"),
]

# Trader traceability (DSA Art. 30/31): public seller page (frontend/views_sellers.py).
from frontend import views_console_trader, views_seller_trader, views_sellers  # noqa: E402

urlpatterns += [
    path("sellers/<int:vendor_id>/", views_sellers.seller, name="storefront-seller"),
    path("seller/trader/", views_seller_trader.trader, name="seller_trader"),
    path("seller/trader/update/", views_seller_trader.trader_update, name="seller_trader_update"),
    path("seller/trader/certify/", views_seller_trader.trader_certify, name="seller_trader_certify"),
    path("console/vendors/<int:vendor_id>/trader/", views_console_trader.vendor_trader, name="console_vendor_trader"),
    path("console/vendors/<int:vendor_id>/trader/check/", views_console_trader.vendor_trader_recheck, name="console_vendor_trader_recheck"),
    path("console/vendors/<int:vendor_id>/trader/close/", views_console_trader.vendor_trader_close, name="console_vendor_trader_close"),
]

# Customer services (issue 9): help centre, wishlists, surveys (frontend/views_help.py,
# views_wishlists.py, views_surveys.py).
from frontend import views_help, views_surveys, views_wishlists  # noqa: E402

urlpatterns += [
    path("help/", views_help.help_index, name="help"),
    path("help/<slug:slug>/", views_help.help_article, name="help_article"),
    path("console/help/", views_help.console_help, name="console_help"),
    path("console/help/categories/new/", views_help.console_help_category_create, name="console_help_category_create"),
    path("console/help/articles/new/", views_help.console_help_article_new, name="console_help_article_new"),
    path("console/help/articles/<int:article_id>/", views_help.console_help_article, name="console_help_article"),
    path("wishlist/", views_wishlists.wishlist, name="wishlist"),
    path("wishlist/add/", views_wishlists.wishlist_add, name="wishlist_add"),
    path("wishlist/<int:product_id>/remove/", views_wishlists.wishlist_remove, name="wishlist_remove"),
    path("surveys/<str:token>/", views_surveys.survey, name="survey"),
    path("console/surveys/", views_surveys.console_surveys, name="console_surveys"),
]

# Consumer rights and privacy (issue 11): withdrawal instructions and form, privacy notice, cookie choice.
from frontend import views_legal  # noqa: E402

urlpatterns += [
    path("withdrawal/", views_legal.withdrawal_info, name="withdrawal_info"),
    path("orders/<str:number>/parts/<int:vendor_order_id>/withdrawal/", views_legal.withdrawal_form, name="withdrawal_form"),
    path("privacy/", views_legal.privacy, name="privacy"),
    path("cookies/consent/", views_legal.cookie_consent, name="cookie_consent"),
    path("account/business/", views_legal.account_business, name="account_business"),
]

# Reviews and ratings (buyers.reviews): forms from the order page, votes and reports, seller answers.
from frontend import views_reviews  # noqa: E402

urlpatterns += [
    path("orders/<str:number>/lines/<int:order_line_id>/review/", views_reviews.review_new, name="review_new"),
    path("orders/<str:number>/parts/<int:vendor_order_id>/rating/", views_reviews.rating_new, name="rating_new"),
    path("reviews/<int:review_id>/vote/", views_reviews.review_vote, name="review_vote"),
    path("reviews/<int:review_id>/report/", views_reviews.review_report, name="review_report"),
    path("seller/reviews/", views_reviews.seller_reviews, name="seller_reviews"),
    path("seller/reviews/<int:review_id>/answer/", views_reviews.seller_review_answer, name="seller_review_answer"),
]
# Two-factor login (issue 10): set-up, code after login, recovery codes, turning it off.
from frontend import views_2fa  # noqa: E402

urlpatterns += [
    path("account/2fa/", views_2fa.manage, name="two_factor"),
    path("account/2fa/setup/", views_2fa.setup, name="two_factor_setup"),
    path("account/2fa/verify/", views_2fa.verify, name="two_factor_verify"),
    path("account/2fa/recovery/", views_2fa.recovery_codes, name="two_factor_recovery"),
    path("account/2fa/disable/", views_2fa.disable, name="two_factor_disable"),
]

# Notice and action (DSA Art. 16, 17, 20, 23, 24): public notice form, console, seller statements.
from frontend import views_console_notices as console_notices  # noqa: E402
from frontend import views_notices, views_seller_statements  # noqa: E402

urlpatterns += [
    path("notices/new/", views_notices.notice_new, name="notice_new"),
    path("console/notices/", console_notices.notices, name="console_notices"),
    path("console/notices/<int:notice_id>/", console_notices.notice_detail, name="console_notice"),
    path("console/notices/<int:notice_id>/decide/", console_notices.notice_decide_view, name="console_notice_decide"),
    path("console/notices/offenders/", console_notices.offenders, name="console_notice_offenders"),
    path("console/notices/notifiers/suspend/", console_notices.notifier_suspend_view, name="console_notifier_suspend"),
    path("console/notices/transparency/", console_notices.transparency, name="console_transparency"),
    path("console/appeals/", console_notices.appeals, name="console_appeals"),
    path("console/appeals/<int:appeal_id>/decide/", console_notices.appeal_decide_view, name="console_appeal_decide"),
    path("seller/statements/", views_seller_statements.statements, name="seller_statements"),
    path("seller/statements/<int:statement_id>/appeal/", views_seller_statements.statement_appeal, name="seller_statement_appeal"),
]
