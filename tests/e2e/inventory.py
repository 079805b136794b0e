"""The page inventory: every route of the "frontend" URL namespace, as a page to visit or as a
declared reason why it is not one.

``PAGES`` says, per URL name (without the namespace), who visits it (its audiences) and how its
URL keyword arguments come from the seeded world; ``empty=True`` marks list pages that are also
visited in a world where they have nothing to show; ``refused`` names audiences that must get
the refusal page (status 403) instead. ``NOT_PAGES`` says why a route is not a page (a POST-only
action, a file download, XML/text for machines, a redirect) and what a light GET check expects.

Routes are found through Django's URL resolver, not by importing view modules, so the test sees
every route however the frontend packages are laid out; a route without an entry here fails
``test_every_frontend_route_is_in_the_inventory``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

NAMESPACE = "frontend"
SURFACES = ("storefront", "seller", "console")
ANON, BUYER, OPERATOR = "anonymous", "buyer", "operator"
OPERATOR_PENDING = "operator, code pending"  # signed in, second factor not entered yet
OWNER, MANAGER, FULFILMENT, FINANCE = "seller owner", "seller manager", "seller fulfilment", "seller finance"
SELLER_ROLES = (OWNER, MANAGER, FULFILMENT, FINANCE)
# Who may use which seller page (vendors/roles.py): the staff roles whose permission covers it.
LISTINGS = (OWNER, MANAGER)
ORDERS = (OWNER, MANAGER, FULFILMENT)
FINANCES = (OWNER, FINANCE)


@dataclass(frozen=True)
class Page:
    audiences: tuple[str, ...]
    kwargs: Callable | None = None  # world -> URL keyword arguments
    query: str = ""
    empty: bool = False  # a list page: also visited in the empty world, must answer 200 with a message
    refused: tuple[str, ...] = ()  # audiences that must get the refusal page (403), not an error
    note: str = ""
    status: int | None = None  # the status the page must answer with, if not "below 400"


@dataclass(frozen=True)
class NotAPage:
    why: str  # "action" (POST only), "download", "machine" (XML / text), "redirect"
    audience: str
    status: int
    content_type: str = ""  # expected prefix of the Content-Type, for downloads and machine files
    kwargs: Callable | None = None
    query: str = ""
    note: str = ""


def _order(w):
    return {"number": w.delivered_order.number, "vendor_order_id": w.delivered_part.id}


def action(audience: str, kwargs: Callable | None = None, note: str = "") -> NotAPage:
    """A form's target: GET is refused with 405 (the form lives on another page)."""
    return NotAPage("action", audience, 405, kwargs=kwargs, note=note)


PAGES: dict[str, Page] = {
    # --- storefront: the shop, a buyer's account, help and legal pages
    "home": Page((ANON, BUYER), empty=True),
    "search": Page((ANON, BUYER), query="?q=kopfh%C3%B6rer", empty=True),
    "product": Page((ANON, BUYER), lambda w: {"product_id": w.alpha.offer.product_id}),
    "storefront-seller": Page((ANON,), lambda w: {"vendor_id": w.alpha.vendor.id}),
    "cart": Page((ANON, BUYER), empty=True, note="guests have a cart in their session and check out with an e-mail"),
    "guest_order": Page((ANON,), lambda w: {"token": w.guest_token}, note="a guest's order behind its signed link"),
    "orders": Page((BUYER,), empty=True),
    "order": Page((BUYER,), lambda w: {"number": w.delivered_order.number}),
    "login": Page((ANON,)),
    "register": Page((ANON,)),
    "account": Page((BUYER,)),
    "verify_email": Page(
        (ANON,),
        lambda w: {"uid": w.alice_uid, "token": "1-forged"},
        status=400,
        note="a link that is not valid (any more): a 400 page that says so",
    ),
    "password_reset": Page((ANON,)),
    "guest_order_link": Page((ANON,), query="?expired=1", note="an expired guest order link leads here"),
    "password_reset_confirm": Page(
        (ANON,), lambda w: {"uid": w.alice_uid, "token": "1-forged"}, note="an expired link"
    ),
    "conversations": Page((BUYER,), empty=True),
    "conversation": Page((BUYER,), lambda w: {"conversation_id": w.conversation.id}),
    "offer_contact": Page((BUYER,), lambda w: {"offer_id": w.beta.offer.id}),
    "order_contact": Page(
        (BUYER,),
        lambda w: {"number": w.fresh_order.number, "vendor_order_id": w.fresh_part.id},
        note="a delivered part without a conversation yet (else it redirects to the conversation)",
    ),
    "claim_open": Page((BUYER,), lambda w: {"number": w.open_order.number, "vendor_order_id": w.open_part.id}),
    "help": Page((ANON,), empty=True),
    "help_article": Page((ANON,), lambda w: {"slug": w.published_article.slug}),
    "wishlist": Page((BUYER,), empty=True),
    "survey": Page((ANON,), lambda w: {"token": w.survey_token}),
    "withdrawal_info": Page((ANON,)),
    "withdrawal_form": Page((BUYER,), _order),
    "privacy": Page((ANON,)),
    "shipping_terms": Page((ANON,)),
    "legal_imprint": Page((ANON,), empty=True),
    "legal_terms": Page((ANON,), empty=True, note="the current AGB and the list of earlier versions"),
    "legal_terms_version": Page((ANON,), lambda w: {"version": w.old_terms.version}, note="an earlier AGB version"),
    "legal_payment": Page((ANON,), empty=True, note="nothing published: the page says so"),
    "legal_accessibility": Page((ANON,), empty=True),
    "legal_ranking": Page((ANON,), empty=True, note="main ranking parameters, from the search and buy box figures"),
    "review_new": Page(
        (BUYER,),
        lambda w: {"number": w.fresh_order.number, "order_line_id": w.fresh_part.lines.get().id},
        note="a delivered line not reviewed yet",
    ),
    "rating_new": Page((BUYER,), lambda w: {"number": w.fresh_order.number, "vendor_order_id": w.fresh_part.id}),
    "two_factor": Page((BUYER,)),
    "two_factor_setup": Page((BUYER,)),
    "two_factor_verify": Page((OPERATOR_PENDING,), note="the code step after an operator's password"),
    "notice_new": Page((ANON,)),
    # --- seller portal: as the owner and as each staff role that may use the page
    "seller_apply": Page((BUYER,), note="a signed-in buyer applies to sell"),
    "seller_invitation_accept": Page((BUYER,), query="?token=forged", note="an invitation link that is not valid"),
    "seller_dashboard": Page(SELLER_ROLES, empty=True),
    "seller_orders": Page(ORDERS, empty=True, refused=(FINANCE,)),
    "seller_order": Page(ORDERS, lambda w: {"vendor_order_id": w.open_part.id}),
    "seller_returns": Page(ORDERS, empty=True, refused=(FINANCE,)),
    "seller_payouts": Page(FINANCES, empty=True, refused=(FULFILMENT,)),
    "seller_staff": Page((OWNER,), empty=True, refused=(MANAGER,)),
    "seller_api_keys": Page((OWNER,), empty=True, refused=(MANAGER,)),
    "seller_webhooks": Page((OWNER,), empty=True, refused=(MANAGER,)),
    "seller_listing_new": Page(LISTINGS, query="?q=helm", refused=(FINANCE,)),
    "seller_listings": Page(LISTINGS, empty=True, refused=(FULFILMENT,)),
    "seller_listing_edit": Page(LISTINGS, lambda w: {"offer_id": w.alpha.offer.id}, refused=(FINANCE,)),
    "seller_imports": Page(LISTINGS, empty=True),
    "seller_import": Page(LISTINGS, lambda w: {"job_id": w.import_job.id}),
    "seller_conversations": Page(ORDERS, empty=True),
    "seller_conversation": Page(ORDERS, lambda w: {"conversation_id": w.conversation.id}),
    "seller_trader": Page(SELLER_ROLES, note="every role reads it; changes need manage_account"),
    "seller_tax_data": Page((OWNER,), empty=True, refused=(MANAGER,), note="DAC7 tax data and notices: owners only"),
    "seller_terms": Page(SELLER_ROLES, empty=True, note="every role reads the terms; owners accept"),
    "seller_compliance": Page(LISTINGS, empty=True, refused=(FINANCE,), note="registration numbers, GPSR data"),
    "seller_product_safety": Page(LISTINGS, lambda w: {"product_id": w.alpha.offer.product_id}, refused=(FINANCE,)),
    "seller_reviews": Page((OWNER,), empty=True),
    "seller_statements": Page((OWNER,), empty=True),
    "seller_verification": Page(
        SELLER_ROLES, empty=True, note="the sell checklist, the operator's question, the Stripe payout account"
    ),
    "seller_documents": Page((OWNER,), empty=True, refused=(MANAGER,), note="verification documents: owners only"),
    "seller_buy_box": Page(LISTINGS, empty=True, refused=(FULFILMENT,)),
    "seller_buy_box_offer": Page(
        LISTINGS, lambda w: {"offer_id": w.alpha.offer.id}, query="?price=1.00&handling_days=1", refused=(FINANCE,)
    ),
    "seller_shipping": Page(LISTINGS, empty=True, refused=(FINANCE,)),
    "seller_shipping_new": Page((OWNER,)),
    "seller_shipping_edit": Page((OWNER,), lambda w: {"profile_id": w.shipping_profile.id}),
    "seller_health": Page(SELLER_ROLES, empty=True, note="every role: the scorecard, late orders, enforcement"),
    "seller_tracking_upload": Page(ORDERS, refused=(FINANCE,), note="bulk shipping from a CSV of tracking numbers"),
    "seller_promotions": Page(LISTINGS, empty=True, refused=(FULFILMENT,)),
    "seller_services": Page(LISTINGS, empty=True, refused=(FULFILMENT,), note="warranty, protection, assembly"),
    "seller_analytics": Page(FINANCES, empty=True, refused=(FULFILMENT,)),
    "seller_notifications": Page(SELLER_ROLES, empty=True, note="each role sees the kinds that concern it"),
    "seller_order_money": Page(
        FINANCES, lambda w: {"vendor_order_id": w.delivered_part.id}, refused=(FULFILMENT,), note="owners and finance"
    ),
    # --- operator console
    "console_dashboard": Page((OPERATOR,), empty=True),
    "console_search": Page((OPERATOR,), empty=True),
    "console_audit": Page((OPERATOR,), empty=True),
    "console_order": Page((OPERATOR,), lambda w: {"number": w.delivered_order.number}),
    "console_buyer": Page((OPERATOR,), lambda w: {"user_id": w.alice.id}),
    "console_vendors": Page((OPERATOR,), empty=True),
    "console_vendor": Page((OPERATOR,), lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_vendor_trader": Page((OPERATOR,), lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_payout_runs": Page((OPERATOR,), empty=True),
    "console_moderation": Page((OPERATOR,), empty=True),
    "console_moderation_item": Page((OPERATOR,), lambda w: {"item_id": w.review_item.id}),
    "console_reports": Page((OPERATOR,), empty=True),
    "console_reason_templates": Page((OPERATOR,), empty=True),
    "console_commissions": Page((OPERATOR,), empty=True),
    "console_reconciliation": Page((OPERATOR,), empty=True),
    "console_disputes": Page((OPERATOR,), empty=True),
    "console_revenue": Page((OPERATOR,), empty=True),
    "console_dac7": Page((OPERATOR,), empty=True, note="DAC7 per period: exclusions, notices, the DPI file"),
    "console_registrations": Page((OPERATOR,), empty=True, note="sellers' LUCID/WEEE/battery numbers to check"),
    "console_recalls": Page((OPERATOR,), empty=True),
    "console_seller_terms": Page((OPERATOR,), empty=True, note="P2B: announce terms changes, acceptance counts"),
    "console_recall_new": Page((OPERATOR,), lambda w: {"product_id": w.alpha.offer.product_id}),
    "console_standings": Page((OPERATOR,), empty=True),
    "console_scorecard": Page((OPERATOR,), lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_claims": Page((OPERATOR,), empty=True),
    "console_conversation": Page((OPERATOR,), lambda w: {"conversation_id": w.conversation.id}),
    "console_help": Page((OPERATOR,), empty=True),
    "console_help_article_new": Page((OPERATOR,)),
    "console_help_article": Page((OPERATOR,), lambda w: {"article_id": w.published_article.id}),
    "console_surveys": Page((OPERATOR,), empty=True),
    "console_webhooks": Page((OPERATOR,), empty=True, note="subscriptions and deliveries of every seller"),
    "console_legal": Page((OPERATOR,), empty=True),
    "console_categories": Page((OPERATOR,), empty=True),
    "console_category": Page((OPERATOR,), lambda w: {"category_id": w.attribute.category_id}),
    "console_attribute": Page(
        (OPERATOR,), lambda w: {"category_id": w.attribute.category_id, "attribute_id": w.attribute.id}
    ),
    "console_rules": Page((OPERATOR,), empty=True),
    "console_rule_dry_run": Page((OPERATOR,), lambda w: {"rule_id": w.listing_rule.id}),
    "console_thresholds": Page((OPERATOR,), empty=True),
    "console_coupons": Page((OPERATOR,), empty=True),
    "console_anomalies": Page((OPERATOR,), empty=True, note="the open anomalies; none in the seeded world"),
    "console_legal_text": Page((OPERATOR,), lambda w: {"kind": "terms"}),
    "console_addons": Page((OPERATOR,), empty=True),
    "console_notices": Page((OPERATOR,), empty=True),
    "console_notice": Page((OPERATOR,), lambda w: {"notice_id": w.notice.id}),
    "console_notice_offenders": Page((OPERATOR,), empty=True),
    "console_transparency": Page((OPERATOR,)),
    "console_appeals": Page((OPERATOR,), empty=True),
    "console_receivables": Page((OPERATOR,), empty=True),
    "console_receivables_bank": Page((OPERATOR,), empty=True),
}

NOT_PAGES: dict[str, NotAPage] = {
    # --- machine-readable files and downloads
    "robots_txt": NotAPage("machine", ANON, 200, "text/plain"),
    "sitemap": NotAPage("machine", ANON, 200, "application/xml"),
    "sitemap_section": NotAPage("machine", ANON, 200, "application/xml", kwargs=lambda w: {"section": "products"}),
    "account_export": NotAPage("download", BUYER, 200, "application/json", note="the buyer's data (GDPR export)"),
    "attachment": NotAPage(
        "download", BUYER, 200, "application/pdf", kwargs=lambda w: {"attachment_id": w.attachment.id}
    ),
    "seller_return_label": NotAPage(
        "download", OWNER, 200, "application/pdf", kwargs=lambda w: {"return_id": w.return_request.id}
    ),
    "seller_commission_invoice": NotAPage(
        "download", OWNER, 200, "application/pdf", kwargs=lambda w: {"invoice_id": w.commission_invoice.id}
    ),
    "seller_statement": NotAPage(
        "download", OWNER, 200, "text/csv", query="?date_from=2026-01-01&date_to=2026-12-31&output=csv"
    ),
    "seller_import_template": NotAPage(
        "download",
        OWNER,
        200,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        query="?file_format=xlsx",
        note="the import template (XLSX; ?category= adds its attributes as columns)",
    ),
    "seller_import_errors": NotAPage(
        "download",
        OWNER,
        200,
        "text/csv",
        kwargs=lambda w: {"job_id": w.import_job.id},
        note="an import's error report",
    ),
    "seller_document": NotAPage(
        "download", OWNER, 200, "application/pdf", kwargs=lambda w: {"document_id": w.document.id}
    ),
    "guest_order_pay": NotAPage(
        "redirect",
        ANON,
        302,
        kwargs=lambda w: {"token": w.guest_token},
        note="the demo guest paid by invoice: on to its order page; a card order's page is tested in "
        "tests/frontend/test_storefront_after_sale.py",
    ),
    "order_pay": NotAPage(
        "redirect",
        BUYER,
        302,
        kwargs=lambda w: {"number": w.delivered_order.number},
        note="an invoice order has nothing to pay by card: on to its page; a card order's Payment Element page "
        "needs Stripe.js and is walked with the stand-in in tests/e2e/test_storefront_checkout_browser.py",
    ),
    "seller_analytics_csv": NotAPage("download", OWNER, 200, "text/csv"),
    "seller_packing_slip": NotAPage(
        "download", OWNER, 200, "application/pdf", kwargs=lambda w: {"vendor_order_id": w.open_part.id}
    ),
    "seller_stripe_return": NotAPage(
        "redirect", OWNER, 302, note="Stripe's return URL: back to the verification page with the state"
    ),
    "seller_stripe_onboarding": NotAPage(
        "redirect", OWNER, 302, note="a new Stripe Account Link, on to Stripe (a link: CSP form-action)"
    ),
    "seller_stripe_refresh": NotAPage(
        "redirect", OWNER, 302, note="Stripe's refresh URL: a new Account Link, on to Stripe"
    ),
    "console_vendor_document": NotAPage(
        "download",
        OPERATOR,
        200,
        "application/pdf",
        kwargs=lambda w: {"vendor_id": w.alpha.vendor.id, "document_id": w.document.id},
    ),
    "console_audit_csv": NotAPage(
        "download", OPERATOR, 200, "text/csv", query="?action=vendor.", note="the audit log, filtered, as CSV"
    ),
    "logout": action(BUYER, note="Django's LogoutView takes POST only"),
    # --- storefront actions (forms on the cart, product, order and account pages)
    "cart_add": action(BUYER),
    "cart_item_update": action(BUYER, lambda w: {"item_id": w.cart_item.id}),
    "cart_item_remove": action(BUYER, lambda w: {"item_id": w.cart_item.id}),
    "cart_service_add": action(BUYER, lambda w: {"item_id": w.cart_item.id}),
    "cart_service_remove": action(BUYER, lambda w: {"item_id": w.cart_item.id, "service_offer_id": 1}),
    "cart_coupon": action(BUYER),
    "checkout": action(BUYER),
    "vendor_order_cancel": action(BUYER, lambda w: {"number": w.open_order.number, "vendor_order_id": w.open_part.id}),
    "return_request": action(BUYER, _order),
    "address_add": action(BUYER),
    "address_delete": action(BUYER, lambda w: {"address_id": w.address.id}),
    "account_delete": action(BUYER),
    "loyalty_referral": action(BUYER),
    "wishlist_add": action(BUYER),
    "wishlist_remove": action(BUYER, lambda w: {"product_id": w.alice_wish.product_id}),
    "cookie_consent": action(ANON),
    "account_business": action(BUYER),
    "review_vote": action(BUYER, lambda w: {"review_id": w.review.id}),
    "review_report": action(BUYER, lambda w: {"review_id": w.review.id}),
    "two_factor_recovery": action(BUYER),
    "two_factor_disable": action(BUYER),
    # --- seller actions
    "seller_offer_update": action(OWNER, lambda w: {"offer_id": w.alpha.offer.id}),
    "seller_order_accept": action(OWNER, lambda w: {"vendor_order_id": w.open_part.id}),
    "seller_order_ship": action(OWNER, lambda w: {"vendor_order_id": w.open_part.id}),
    "seller_order_delivered": action(OWNER, lambda w: {"vendor_order_id": w.open_part.id}),
    "seller_order_cancel": action(OWNER, lambda w: {"vendor_order_id": w.open_part.id}),
    "seller_return_approve": action(OWNER, lambda w: {"return_id": w.return_request.id}),
    "seller_return_reject": action(OWNER, lambda w: {"return_id": w.return_request.id}),
    "seller_return_received": action(OWNER, lambda w: {"return_id": w.return_request.id}),
    "seller_return_refund": action(OWNER, lambda w: {"return_id": w.return_request.id}),
    "seller_staff_invite": action(OWNER),
    "seller_invitation_revoke": action(OWNER, lambda w: {"invitation_id": w.invitation.id}),
    "seller_import_start": action(OWNER, lambda w: {"job_id": w.import_job.id}),
    "seller_import_map": action(OWNER, lambda w: {"job_id": w.import_job.id}),
    "seller_listings_bulk": action(OWNER),
    "seller_member_role": action(OWNER, lambda w: {"member_id": w.alpha_member.id}),
    "seller_member_remove": action(OWNER, lambda w: {"member_id": w.alpha_member.id}),
    "seller_api_key_create": action(OWNER),
    "seller_api_key_rotate": action(OWNER, lambda w: {"key_id": w.api_key.id}),
    "seller_api_key_revoke": action(OWNER, lambda w: {"key_id": w.api_key.id}),
    "seller_webhook_create": action(OWNER),
    "seller_webhook_delete": action(OWNER, lambda w: {"subscription_id": w.webhook_subscription.id}),
    "seller_webhook_enable": action(OWNER, lambda w: {"subscription_id": w.webhook_subscription.id}),
    "seller_webhook_delivery_replay": action(OWNER, lambda w: {"delivery_id": w.webhook_delivery.id}),
    "seller_claim_respond": action(OWNER, lambda w: {"claim_id": w.claim.id}),
    "seller_claim_refund": action(OWNER, lambda w: {"claim_id": w.claim.id}),
    "seller_trader_update": action(OWNER),
    "seller_tax_data_update": action(OWNER),
    "console_dac7_notices": action(OPERATOR),
    "seller_registrations_update": action(OWNER),
    "seller_terms_accept": action(OWNER),
    "console_category_compliance": action(OPERATOR, lambda w: {"category_id": w.attribute.category_id}),
    "console_registration_verify": action(OPERATOR, lambda w: {"registration_id": w.registration.id}),
    "console_transparency_statements": NotAPage(
        "download", OPERATOR, 200, "application/x-ndjson", note="statements of reasons for the DSA Transparency DB"
    ),
    "console_dac7_xml": NotAPage(
        "download", OPERATOR, 200, "application/xml", note="last year's DPI file (nobody to report: DPI403)"
    ),
    "seller_trader_certify": action(OWNER),
    "seller_storefront_profile": action(OWNER),
    "seller_review_answer": action(OWNER, lambda w: {"review_id": w.review.id}),
    "seller_statement_appeal": action(OWNER, lambda w: {"statement_id": w.statement.id}),
    "seller_info_answer": action(OWNER),
    "seller_document_upload": action(OWNER),
    "seller_document_delete": action(OWNER, lambda w: {"document_id": w.document.id}),
    "seller_buy_box_apply": action(OWNER, lambda w: {"offer_id": w.alpha.offer.id}),
    "seller_shipping_delete": action(OWNER, lambda w: {"profile_id": w.shipping_profile.id}),
    "seller_holiday_start": action(OWNER),
    "seller_holiday_end": action(OWNER),
    "seller_notifications_read": action(OWNER),
    "seller_coupon_create": action(OWNER),
    "seller_coupon_end": action(OWNER, lambda w: {"coupon_id": 1}, note="GET is refused before any lookup"),
    "seller_service_create": action(OWNER),
    "seller_service_end": action(OWNER, lambda w: {"service_id": 1}, note="GET is refused before any lookup"),
    "seller_notification_settings": action(OWNER),
    # --- console actions
    "console_order_refund": action(OPERATOR, lambda w: {"number": w.delivered_order.number}),
    "console_order_note": action(OPERATOR, lambda w: {"number": w.delivered_order.number}),
    "console_vendor_approve": action(OPERATOR, lambda w: {"vendor_id": w.applicant.id}),
    "console_vendor_action": action(OPERATOR, lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_vendor_hold": action(OPERATOR, lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_vendor_hold_release": action(OPERATOR, lambda w: {"vendor_id": w.beta.vendor.id}),
    "console_payout_run_start": action(OPERATOR),
    "console_moderation_bulk": action(OPERATOR),
    "console_moderation_claim": action(OPERATOR, lambda w: {"item_id": w.review_item.id}),
    "console_moderation_approve": action(OPERATOR, lambda w: {"item_id": w.review_item.id}),
    "console_moderation_reject": action(OPERATOR, lambda w: {"item_id": w.review_item.id}),
    "console_moderation_request_changes": action(OPERATOR, lambda w: {"item_id": w.review_item.id}),
    "console_reason_template_create": action(OPERATOR),
    "console_commission_create": action(OPERATOR),
    "console_commission_end": action(OPERATOR, lambda w: {"rule_id": w.commission_rule.id}),
    "console_standing_reverse": action(OPERATOR, lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_claim_decide": action(OPERATOR, lambda w: {"claim_id": w.claim.id}),
    "console_conversation_join": action(OPERATOR, lambda w: {"conversation_id": w.conversation.id}),
    "console_conversation_message": action(OPERATOR, lambda w: {"conversation_id": w.conversation.id}),
    "console_conversation_claim": action(OPERATOR, lambda w: {"conversation_id": w.conversation.id}),
    "console_vendor_trader_recheck": action(OPERATOR, lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_vendor_trader_close": action(OPERATOR, lambda w: {"vendor_id": w.alpha.vendor.id}),
    "console_help_category_create": action(OPERATOR),
    "console_notice_decide": action(OPERATOR, lambda w: {"notice_id": w.notice.id}),
    "console_notifier_suspend": action(OPERATOR),
    "console_appeal_decide": action(OPERATOR, lambda w: {"appeal_id": w.appeal.id}),
    "console_statement_import": action(OPERATOR),
    "console_transaction_match": action(OPERATOR, lambda w: {"transaction_id": w.bank_transaction.id}),
    "console_transaction_return": action(OPERATOR, lambda w: {"transaction_id": w.bank_transaction.id}),
    "console_anomaly_resolve": action(
        OPERATOR, lambda w: {"anomaly_id": 1}, note="the world has no anomaly; GET is refused before any lookup"
    ),
    "console_rule_toggle": action(OPERATOR, lambda w: {"rule_id": w.listing_rule.id}),
    "console_webhook_delivery_replay": action(OPERATOR, lambda w: {"delivery_id": w.webhook_delivery.id}),
    "console_credit_refund": action(OPERATOR, lambda w: {"credit_id": w.buyer_credit.id}),
}


# ------------------------------------------------------------------------------ routes


@dataclass(frozen=True)
class Route:
    name: str  # without the namespace
    route: str  # the path pattern, e.g. "seller/orders/<int:vendor_order_id>/"
    namespace: str = NAMESPACE  # "frontend", or "frontend:<package>" if nested

    @property
    def surface(self) -> str:
        if self.route.startswith("seller/"):
            return "seller"
        if self.route.startswith("console/"):
            return "console"
        return "storefront"


def _walk(resolver, prefix: str = "", namespace: str = ""):
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = ":".join(filter(None, [namespace, item.namespace]))
            yield from _walk(item, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            yield namespace, item.name, prefix + str(item.pattern)


def frontend_routes() -> dict[str, Route]:
    """Every named route of the "frontend" namespace (also when it is nested in sub-namespaces of
    its own packages: the name is the last part)."""
    found = {}
    for namespace, name, route in _walk(get_resolver()):
        if name and namespace.split(":")[0] == NAMESPACE:
            found.setdefault(name, Route(name, route, namespace))
    return found


def url_for(route: Route, kwargs: dict | None = None, query: str = "") -> str:
    return reverse(f"{route.namespace}:{route.name}", kwargs=kwargs or None) + query
