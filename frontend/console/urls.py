"""Operator console routes (everything under /console/)."""

from django.urls import path

from frontend.console.views import (
    addons,
    anomalies,
    audit,
    buyers,
    claims,
    config,
    conversations,
    dashboard,
    help,
    legal,
    moderation,
    money,
    notices,
    orders,
    payouts,
    receivables,
    scorecards,
    surveys,
    trader,
    vendors,
    webhooks,
)

urlpatterns = [
    path("console/dashboard/", dashboard.dashboard, name="console_dashboard"),
    path("console/audit/", audit.audit_log, name="console_audit"),
    path("console/audit/export.csv", audit.audit_log_csv, name="console_audit_csv"),
    path("console/search/", orders.search, name="console_search"),
    path("console/buyers/<int:user_id>/", buyers.buyer_detail, name="console_buyer"),
    path("console/orders/<str:number>/", orders.order_detail, name="console_order"),
    path("console/orders/<str:number>/refund/", orders.order_refund, name="console_order_refund"),
    path("console/orders/<str:number>/notes/", orders.order_note, name="console_order_note"),
    path("console/addons/", addons.console_report, name="console_addons"),
    path("console/", vendors.console_vendors, name="console_vendors"),
    path("console/vendors/<int:vendor_id>/approve/", vendors.console_vendor_approve, name="console_vendor_approve"),
    path("console/vendors/<int:vendor_id>/", vendors.vendor_detail, name="console_vendor"),
    path("console/vendors/<int:vendor_id>/action/", vendors.vendor_action, name="console_vendor_action"),
    path(
        "console/vendors/<int:vendor_id>/documents/<int:document_id>/",
        vendors.vendor_document,
        name="console_vendor_document",
    ),
    path("console/vendors/<int:vendor_id>/hold/", vendors.vendor_hold, name="console_vendor_hold"),
    path(
        "console/vendors/<int:vendor_id>/hold/release/", vendors.vendor_hold_release, name="console_vendor_hold_release"
    ),
    path("console/payouts/", payouts.payout_run_list, name="console_payout_runs"),
    path("console/payouts/start/", payouts.payout_run_start, name="console_payout_run_start"),
    path("console/moderation/", moderation.queue, name="console_moderation"),
    path("console/moderation/bulk/", moderation.bulk_decide, name="console_moderation_bulk"),
    path("console/moderation/<int:item_id>/", moderation.item_detail, name="console_moderation_item"),
    path("console/moderation/<int:item_id>/claim/", moderation.item_claim, name="console_moderation_claim"),
    path(
        "console/moderation/<int:item_id>/approve/",
        moderation.item_decide,
        {"decision": "approve"},
        name="console_moderation_approve",
    ),
    path(
        "console/moderation/<int:item_id>/reject/",
        moderation.item_decide,
        {"decision": "reject"},
        name="console_moderation_reject",
    ),
    path(
        "console/moderation/<int:item_id>/request-changes/",
        moderation.item_decide,
        {"decision": "request_changes"},
        name="console_moderation_request_changes",
    ),
    path("console/reports/", moderation.reports, name="console_reports"),
    path("console/moderation/templates/", moderation.reason_templates, name="console_reason_templates"),
    path("console/moderation/templates/new/", moderation.reason_template_create, name="console_reason_template_create"),
    path("console/commissions/", money.commission_rules, name="console_commissions"),
    path("console/commissions/new/", money.commission_rule_create, name="console_commission_create"),
    path("console/commissions/<int:rule_id>/end/", money.commission_rule_end, name="console_commission_end"),
    path("console/reconciliation/", money.reconciliation, name="console_reconciliation"),
    path("console/payment-anomalies/", anomalies.anomalies, name="console_anomalies"),
    path(
        "console/payment-anomalies/<int:anomaly_id>/resolve/", anomalies.anomaly_resolve, name="console_anomaly_resolve"
    ),
    path("console/disputes/", money.disputes, name="console_disputes"),
    path("console/revenue/", money.revenue, name="console_revenue"),
    path("console/scorecards/", scorecards.standings, name="console_standings"),
    path("console/scorecards/<int:vendor_id>/", scorecards.scorecard, name="console_scorecard"),
    path("console/scorecards/<int:vendor_id>/reverse/", scorecards.standing_reverse, name="console_standing_reverse"),
    path("console/claims/", claims.console_claims, name="console_claims"),
    path("console/claims/<int:claim_id>/decide/", claims.console_claim_decide, name="console_claim_decide"),
    path(
        "console/conversations/<int:conversation_id>/", conversations.console_conversation, name="console_conversation"
    ),
    path(
        "console/conversations/<int:conversation_id>/join/",
        conversations.console_conversation_join,
        name="console_conversation_join",
    ),
    path(
        "console/conversations/<int:conversation_id>/message/",
        conversations.console_conversation_message,
        name="console_conversation_message",
    ),
    path(
        "console/conversations/<int:conversation_id>/claim/",
        claims.console_conversation_claim,
        name="console_conversation_claim",
    ),
    path("console/vendors/<int:vendor_id>/trader/", trader.vendor_trader, name="console_vendor_trader"),
    path(
        "console/vendors/<int:vendor_id>/trader/check/",
        trader.vendor_trader_recheck,
        name="console_vendor_trader_recheck",
    ),
    path(
        "console/vendors/<int:vendor_id>/trader/close/", trader.vendor_trader_close, name="console_vendor_trader_close"
    ),
    path("console/help/", help.console_help, name="console_help"),
    path("console/help/categories/new/", help.console_help_category_create, name="console_help_category_create"),
    path("console/help/articles/new/", help.console_help_article_new, name="console_help_article_new"),
    path("console/help/articles/<int:article_id>/", help.console_help_article, name="console_help_article"),
    # Configuration (issue 19.6): categories and attribute schemas, quality rules, thresholds, coupons.
    path("console/categories/", config.categories, name="console_categories"),
    path("console/categories/<int:category_id>/", config.category_detail, name="console_category"),
    path(
        "console/categories/<int:category_id>/attributes/<int:attribute_id>/",
        config.attribute_edit,
        name="console_attribute",
    ),
    path("console/rules/", config.rules, name="console_rules"),
    path("console/rules/<int:rule_id>/dry-run/", config.rule_dry_run, name="console_rule_dry_run"),
    path("console/rules/<int:rule_id>/toggle/", config.rule_toggle, name="console_rule_toggle"),
    path("console/thresholds/", config.thresholds, name="console_thresholds"),
    path("console/coupons/", config.coupons, name="console_coupons"),
    path("console/legal/", legal.legal_texts, name="console_legal"),
    path("console/legal/<slug:kind>/", legal.legal_text_edit, name="console_legal_text"),
    path("console/surveys/", surveys.console_surveys, name="console_surveys"),
    # Outgoing webhooks across vendors (issue 22): subscriptions, delivery log, replay.
    path("console/webhooks/", webhooks.webhook_overview, name="console_webhooks"),
    path(
        "console/webhooks/deliveries/<int:delivery_id>/replay/",
        webhooks.webhook_delivery_replay,
        name="console_webhook_delivery_replay",
    ),
    path("console/notices/", notices.notices, name="console_notices"),
    path("console/notices/<int:notice_id>/", notices.notice_detail, name="console_notice"),
    path("console/notices/<int:notice_id>/decide/", notices.notice_decide_view, name="console_notice_decide"),
    path("console/notices/offenders/", notices.offenders, name="console_notice_offenders"),
    path("console/notices/notifiers/suspend/", notices.notifier_suspend_view, name="console_notifier_suspend"),
    path("console/notices/transparency/", notices.transparency, name="console_transparency"),
    path("console/appeals/", notices.appeals, name="console_appeals"),
    path("console/appeals/<int:appeal_id>/decide/", notices.appeal_decide_view, name="console_appeal_decide"),
    # Receivables of invoice orders (issue 19.5).
    path("console/receivables/", receivables.invoices, name="console_receivables"),
    path("console/receivables/bank/", receivables.bank, name="console_receivables_bank"),
    path("console/receivables/bank/import/", receivables.statement_import, name="console_statement_import"),
    path(
        "console/receivables/bank/<int:transaction_id>/match/",
        receivables.transaction_match,
        name="console_transaction_match",
    ),
    path(
        "console/receivables/bank/<int:transaction_id>/return/",
        receivables.transaction_return,
        name="console_transaction_return",
    ),
    path(
        "console/receivables/credits/<int:credit_id>/refund/", receivables.credit_refund, name="console_credit_refund"
    ),
]
