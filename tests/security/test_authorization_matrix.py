"""Authorisation matrix, generated from the URL configuration and the OpenAPI schema.

Every route that takes an object id is called by an anonymous client, a buyer and each role of
another vendor, with ids of objects those callers do not own. The answer must be the one a
missing id gets (so nothing confirms the object exists), one of 302-to-login/400/401/403/404/405,
and no row in the project's tables may change. ``REGISTRY`` says, per URL name, how to find a
foreign object for it; a route with path parameters that is not registered fails the test, so
every new endpoint has to be added here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import row_counts
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

VENDOR, BUYER, OPERATOR, HIDDEN, PUBLIC, TOKEN = "vendor", "buyer", "operator", "hidden", "public", "token"
REFUSALS = {302, 400, 401, 403, 404, 405}


@dataclass(frozen=True)
class Entry:
    kind: str  # whose object: Alpha's (vendor), Alice's (buyer), operator-only, ...
    ids: Callable  # world -> path kwargs naming an object the callers do not own
    note: str = ""
    bodies: dict = field(default_factory=dict)  # method -> request body, where an empty one would stop at validation
    missing: Callable | None = None  # foreign kwargs -> kwargs of a missing object (default: every id replaced)


def _v(attr, key):
    return Entry(VENDOR, lambda w: {key: getattr(w, attr).id})


def _b(attr, key):
    return Entry(BUYER, lambda w: {key: getattr(w, attr).id})


def _op(attr, key="vendor_id"):
    return Entry(OPERATOR, lambda w: {key: getattr(w, attr).id})


def _alpha_offer(w):
    return {"offer_id": w.alpha.offer.id}


def _alpha_vendor(w):
    return {"vendor_id": w.alpha.vendor.id}


REGISTRY: dict[str, Entry] = {
    # --- seller API: Alpha's objects, called by Beta's staff (and everyone else)
    "seller-offer-detail": Entry(VENDOR, _alpha_offer, bodies={"PATCH": {"stock": 0}}),
    "seller-offer-checks": Entry(VENDOR, _alpha_offer),
    "seller-vendor-document-download": _v("document", "document_id"),
    "seller-member-detail": Entry(
        VENDOR, lambda w: {"member_id": w.alpha_member.id}, bodies={"PATCH": {"role": "finance"}}
    ),
    "seller-invitation-detail": _v("invitation", "invitation_id"),
    "seller-shipping-profile-detail": _v("shipping_profile", "profile_id"),
    "seller-import-detail": _v("import_job", "job_id"),
    "seller-import-errors": _v("import_job", "job_id"),
    "seller-import-start": _v("import_job", "job_id"),
    "seller-product-detail": Entry(
        VENDOR, lambda w: {"product_id": w.pending_product.id}, "a product only Alpha sells, not approved yet"
    ),
    "seller-variant-list": Entry(VENDOR, lambda w: {"product_id": w.pending_product.id}),
    "seller-variant-detail": Entry(VENDOR, lambda w: {"product_id": w.pending_product.id, "variant_id": w.variant.id}),
    "seller-product-images": Entry(
        VENDOR, lambda w: {"product_id": w.alpha.offer.product_id}, "images of a product only Alpha sells"
    ),
    "seller-order-detail": _v("open_part", "vendor_order_id"),
    "seller-order-accept": _v("open_part", "vendor_order_id"),
    "seller-order-ship": Entry(
        VENDOR,
        lambda w: {"vendor_order_id": w.open_part.id},
        bodies={"POST": {"carrier": "dhl", "tracking_number": "003404341111"}},
    ),
    "seller-order-delivered": _v("open_part", "vendor_order_id"),
    "seller-order-cancel": Entry(
        VENDOR, lambda w: {"vendor_order_id": w.open_part.id}, bodies={"POST": {"reason": "out_of_stock"}}
    ),
    "seller-return-approve": Entry(
        VENDOR, lambda w: {"return_id": w.return_request.id}, bodies={"POST": {"instructions": "Bitte senden"}}
    ),
    "seller-return-reject": Entry(
        VENDOR, lambda w: {"return_id": w.return_request.id}, bodies={"POST": {"reason": "Nein"}}
    ),
    "seller-return-received": _v("return_request", "return_id"),
    "seller-return-refund": _v("return_request", "return_id"),
    "seller-return-label": _v("return_request", "return_id"),
    "seller-invoice": _v("open_part", "vendor_order_id"),
    "seller-payout-detail": _v("payout", "payout_id"),
    # --- buyer API: Alice's objects
    "cart-item": Entry(BUYER, lambda w: {"item_id": w.cart_item.id}, bodies={"PATCH": {"quantity": 3}}),
    "order-detail": Entry(BUYER, lambda w: {"number": w.open_order.number}),
    "vendor-order-cancel": Entry(BUYER, lambda w: {"number": w.open_order.number, "vendor_order_id": w.open_part.id}),
    "return-create": Entry(BUYER, lambda w: {"number": w.delivered_order.number}),
    "return-detail": _b("return_request", "return_id"),
    "return-label": _b("return_request", "return_id"),
    "address-detail": Entry(BUYER, lambda w: {"address_id": w.address.id}, bodies={"PATCH": {"city": "Hamburg"}}),
    "invoice": Entry(BUYER, lambda w: {"number": w.open_order.number, "vendor_order_id": w.open_part.id}),
    "guest-cart-item": Entry(BUYER, lambda w: {"item_id": w.cart_item.id}, "a signed-in buyer's item is no guest's"),
    "guest-order": Entry(BUYER, lambda w: {"token": w.open_order.number}, "an order number is not a guest token"),
    "guest-invoice": Entry(BUYER, lambda w: {"token": w.open_order.number, "vendor_order_id": w.open_part.id}),
    "order-payment": Entry(BUYER, lambda w: {"number": w.open_order.number}),
    # --- operator API: nobody else, whatever the id
    "operator-vendor-detail": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-document-list": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-document-download": Entry(
        OPERATOR, lambda w: {"vendor_id": w.alpha.vendor.id, "document_id": w.document.id}
    ),
    "operator-vendor-start-review": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-approve": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-reject": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-request-info": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-suspend": Entry(OPERATOR, _alpha_vendor, bodies={"POST": {"reason": "Test"}}),
    "operator-vendor-reinstate": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-trader": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-close": Entry(OPERATOR, _alpha_vendor, bodies={"POST": {"reason": "Test"}}),
    "operator-product-approve": Entry(OPERATOR, lambda w: {"product_id": w.pending_product.id}),
    "operator-product-tax-class": Entry(
        OPERATOR, lambda w: {"product_id": w.pending_product.id}, bodies={"PUT": {"tax_class": "reduced"}}
    ),
    "operator-product-reject": Entry(
        OPERATOR, lambda w: {"product_id": w.pending_product.id}, bodies={"POST": {"reason": "Nein"}}
    ),
    "operator-category-attribute-list": Entry(OPERATOR, lambda w: {"category_id": w.category.id}),
    "operator-category-attribute-detail": Entry(
        OPERATOR, lambda w: {"category_id": w.category.id, "attribute_id": w.attribute.id}
    ),
    "operator-synonym-detail": _op("synonym", "synonym_id"),
    "operator-zero-result-dismiss": _op("zero_result", "query_id"),
    "operator-payout-run": _op("payout_run", "run_id"),
    "operator-payout-hold": Entry(OPERATOR, lambda w: {"vendor_id": w.beta.vendor.id}),
    "operator-commission-rule-end": _op("commission_rule", "rule_id"),
    "operator-listing-rule": _op("listing_rule", "rule_id"),
    "operator-standing-reverse": Entry(OPERATOR, _alpha_vendor),
    "operator-vendor-scorecard": Entry(OPERATOR, _alpha_vendor),
    "operator-threshold": Entry(OPERATOR, lambda w: {"metric": "late_shipment_rate"}),
    "operator-offer-evaluate": Entry(OPERATOR, _alpha_offer),
    "operator-review-item": _op("review_item", "item_id"),
    "operator-review-claim": _op("review_item", "item_id"),
    "operator-review-approve": _op("review_item", "item_id"),
    "operator-review-reject": _op("review_item", "item_id"),
    "operator-review-request-changes": _op("review_item", "item_id"),
    # --- notice and action (moderation): a notice about Alpha, Alpha's statement and complaint, Alice's statement
    "operator-notice": _op("notice", "notice_id"),
    "operator-notice-decide": Entry(
        OPERATOR, lambda w: {"notice_id": w.notice.id}, bodies={"POST": {"action": False, "reason": "Test"}}
    ),
    "operator-appeal-decide": Entry(
        OPERATOR, lambda w: {"appeal_id": w.appeal.id}, bodies={"POST": {"outcome": "confirmed", "reason": "Test"}}
    ),
    "operator-transparency": Entry(OPERATOR, lambda w: {"year": 2025}, "yearly figures, operators only"),
    "seller-statement": _v("statement", "statement_id"),
    "seller-statement-appeal": Entry(
        VENDOR, lambda w: {"statement_id": w.statement.id}, bodies={"POST": {"text": "Bitte erneut prüfen."}}
    ),
    "account-statement-appeal": Entry(
        BUYER, lambda w: {"statement_id": w.review_statement.id}, bodies={"POST": {"text": "Bitte erneut prüfen."}}
    ),
    "frontend:console_notice": _op("notice", "notice_id"),
    "frontend:console_notice_decide": _op("notice", "notice_id"),
    "frontend:console_appeal_decide": _op("appeal", "appeal_id"),
    "frontend:seller_statement_appeal": _v("statement", "statement_id"),
    "frontend:seller_commission_invoice": _v("commission_invoice", "invoice_id"),
    # --- public catalog: an unapproved product is as missing as one that never existed
    "product-similar": Entry(HIDDEN, lambda w: {"product_id": w.pending_product.id}),
    "product-bought-together": Entry(HIDDEN, lambda w: {"product_id": w.pending_product.id}),
    "frontend:product": Entry(HIDDEN, lambda w: {"product_id": w.pending_product.id}),
    "frontend:sitemap_section": Entry(PUBLIC, lambda w: {"section": "products"}, "public sitemap, no owner"),
    # --- help centre, surveys, wishlists (issue 9): drafts are missing, tokens reveal nothing, wishes are Alice's
    "help-article-detail": Entry(HIDDEN, lambda w: {"slug": w.help_article.slug}, "a draft article"),
    "frontend:help_article": Entry(HIDDEN, lambda w: {"slug": w.help_article.slug}, "a draft article"),
    "operator-help-article-detail": _op("help_article", "article_id"),
    "frontend:console_help_article": _op("help_article", "article_id"),
    "survey": Entry(
        TOKEN, lambda w: {"token": "MQ:1forged:forged"}, "a survey link without its signature reveals nothing"
    ),
    "frontend:survey": Entry(TOKEN, lambda w: {"token": "MQ:1forged:forged"}, "as above"),
    "wishlist-item": Entry(
        BUYER, lambda w: {"product_id": w.alice_wish.product_id}, "a product on Alice's wishlist, not Bob's"
    ),
    "frontend:wishlist_remove": Entry(BUYER, lambda w: {"product_id": w.alice_wish.product_id}),
    # --- reviews: public lists of an unapproved product are missing; a hidden review takes no votes or reports
    "product-review-list": Entry(HIDDEN, lambda w: {"product_id": w.pending_product.id}),
    "product-rating": Entry(HIDDEN, lambda w: {"product_id": w.pending_product.id}),
    "seller-rating-list": Entry(PUBLIC, _alpha_vendor, "an approved seller's public ratings"),
    "seller-rating-summary": Entry(PUBLIC, _alpha_vendor, "an approved seller's public rating"),
    "review-vote": Entry(HIDDEN, lambda w: {"review_id": w.hidden_review.id}),
    "review-report": Entry(
        HIDDEN,
        lambda w: {"review_id": w.hidden_review.id},
        bodies={
            "POST": {
                "category": "illegal_speech",
                "explanation": "Beleidigung eines Dritten im Text.",
                "good_faith": True,
            }
        },
    ),
    "seller-review-answer": Entry(VENDOR, lambda w: {"review_id": w.review.id}, bodies={"POST": {"text": "Danke"}}),
    "frontend:review_new": Entry(
        BUYER, lambda w: {"number": w.delivered_order.number, "order_line_id": w.delivered_part.lines.get().id}
    ),
    "frontend:rating_new": Entry(
        BUYER, lambda w: {"number": w.delivered_order.number, "vendor_order_id": w.delivered_part.id}
    ),
    "frontend:review_vote": Entry(HIDDEN, lambda w: {"review_id": w.hidden_review.id}),
    "frontend:review_report": Entry(HIDDEN, lambda w: {"review_id": w.hidden_review.id}),
    "frontend:seller_review_answer": Entry(VENDOR, lambda w: {"review_id": w.review.id}),
    "frontend:storefront-seller": Entry(
        HIDDEN, lambda w: {"vendor_id": w.applicant.id}, "a seller not approved has no public page"
    ),
    # --- pages: storefront (Alice's), seller portal (Alpha's), console (operators)
    "frontend:cart_item_update": _b("cart_item", "item_id"),
    "frontend:cart_item_remove": _b("cart_item", "item_id"),
    "frontend:cart_service_add": _b("cart_item", "item_id"),
    "frontend:cart_service_remove": Entry(
        BUYER, lambda w: {"item_id": w.cart_item.id, "service_offer_id": w.cart_service.id}
    ),
    "frontend:order": Entry(BUYER, lambda w: {"number": w.open_order.number}),
    "frontend:order_pay": Entry(BUYER, lambda w: {"number": w.open_order.number}),
    "frontend:guest_order": Entry(
        BUYER, lambda w: {"token": w.open_order.number}, "an order number is not a guest token"
    ),
    "frontend:guest_order_pay": Entry(
        BUYER, lambda w: {"token": w.open_order.number}, "an order number is not a guest token"
    ),
    "frontend:vendor_order_cancel": Entry(
        BUYER, lambda w: {"number": w.open_order.number, "vendor_order_id": w.open_part.id}
    ),
    "frontend:return_request": Entry(
        BUYER, lambda w: {"number": w.delivered_order.number, "vendor_order_id": w.delivered_part.id}
    ),
    # consumer rights and VAT documents (issue 11)
    "frontend:withdrawal_form": Entry(
        BUYER,
        lambda w: {"number": w.delivered_order.number, "vendor_order_id": w.delivered_part.id},
        bodies={"POST": {"consumer_name": "Bob", "consumer_address": "Berlin"}},
    ),
    "credit-note": Entry(BUYER, lambda w: {"number": w.delivered_order.number, "refund_id": w.refund.id}),
    "seller-credit-note": _v("refund", "refund_id"),
    "seller-commission-invoice": _v("commission_invoice", "invoice_id"),
    "frontend:address_delete": _b("address", "address_id"),
    "frontend:verify_email": Entry(
        TOKEN, lambda w: {"uid": _uid(w.alice), "token": "1-forged"}, "a link without its token reveals nothing"
    ),
    "frontend:password_reset_confirm": Entry(TOKEN, lambda w: {"uid": _uid(w.alice), "token": "1-forged"}, "as above"),
    "frontend:seller_offer_update": Entry(VENDOR, _alpha_offer),
    "frontend:seller_order": _v("open_part", "vendor_order_id"),
    "frontend:seller_order_accept": _v("open_part", "vendor_order_id"),
    "frontend:seller_order_ship": _v("open_part", "vendor_order_id"),
    "frontend:seller_order_delivered": _v("open_part", "vendor_order_id"),
    "frontend:seller_order_cancel": _v("open_part", "vendor_order_id"),
    "frontend:seller_order_money": _v("delivered_part", "vendor_order_id"),
    "frontend:seller_packing_slip": _v("open_part", "vendor_order_id"),
    "frontend:seller_buy_box_offer": Entry(VENDOR, _alpha_offer),
    "frontend:seller_buy_box_apply": Entry(VENDOR, _alpha_offer),
    "frontend:seller_shipping_edit": _v("shipping_profile", "profile_id"),
    "frontend:seller_shipping_delete": _v("shipping_profile", "profile_id"),
    "frontend:seller_coupon_end": _v("alpha_coupon", "coupon_id"),
    "frontend:seller_service_end": _v("alpha_service", "service_id"),
    "frontend:seller_return_approve": _v("return_request", "return_id"),
    "frontend:seller_return_reject": _v("return_request", "return_id"),
    "frontend:seller_return_received": _v("return_request", "return_id"),
    "frontend:seller_return_refund": _v("return_request", "return_id"),
    "frontend:seller_return_label": _v("return_request", "return_id"),
    "frontend:seller_import": _v("import_job", "job_id"),
    "frontend:seller_import_start": _v("import_job", "job_id"),
    "frontend:seller_import_map": _v("import_job", "job_id"),
    "frontend:seller_import_errors": _v("import_job", "job_id"),
    "frontend:seller_listing_edit": Entry(VENDOR, _alpha_offer),
    "frontend:seller_member_remove": Entry(VENDOR, lambda w: {"member_id": w.alpha_member.id}),
    "frontend:seller_member_role": Entry(VENDOR, lambda w: {"member_id": w.alpha_member.id}),
    "frontend:seller_invitation_revoke": _v("invitation", "invitation_id"),
    "frontend:seller_document": _v("document", "document_id"),
    "frontend:seller_document_delete": _v("document", "document_id"),
    "frontend:console_commission_end": _op("commission_rule", "rule_id"),
    "frontend:console_moderation_item": _op("review_item", "item_id"),
    "frontend:console_moderation_approve": _op("review_item", "item_id"),
    "frontend:console_moderation_claim": _op("review_item", "item_id"),
    "frontend:console_moderation_reject": _op("review_item", "item_id"),
    "frontend:console_moderation_request_changes": _op("review_item", "item_id"),
    "frontend:console_scorecard": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_standing_reverse": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor_approve": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor_action": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor_document": Entry(
        OPERATOR, lambda w: {"vendor_id": w.alpha.vendor.id, "document_id": w.document.id}
    ),
    "frontend:console_vendor_hold": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor_trader": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor_trader_recheck": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor_trader_close": Entry(OPERATOR, _alpha_vendor),
    "frontend:console_vendor_hold_release": Entry(OPERATOR, lambda w: {"vendor_id": w.beta.vendor.id}),
    "frontend:console_order": Entry(
        OPERATOR, lambda w: {"number": w.open_order.number}, "Alice's order, operators only"
    ),
    "frontend:console_order_refund": Entry(OPERATOR, lambda w: {"number": w.delivered_order.number}),
    "frontend:console_order_note": Entry(OPERATOR, lambda w: {"number": w.open_order.number}),
    # --- messaging and guarantee claims: Alice's conversation with Alpha, her claim, its attachment
    "conversation-detail": _b("conversation", "conversation_id"),
    "conversation-message": Entry(
        BUYER, lambda w: {"conversation_id": w.conversation.id}, bodies={"POST": {"body": "Hallo"}}
    ),
    "conversation-read": _b("conversation", "conversation_id"),
    "attachment-download": _b("attachment", "attachment_id"),
    "claim-open": Entry(
        BUYER,
        lambda w: {"number": w.delivered_order.number},
        bodies={"POST": {"vendor_order_id": 1, "reason": "not_received", "body": "Nichts da"}},
    ),
    "claim-detail": _b("claim", "claim_id"),
    "seller-conversation-detail": _v("conversation", "conversation_id"),
    "seller-conversation-message": Entry(
        VENDOR, lambda w: {"conversation_id": w.conversation.id}, bodies={"POST": {"body": "Hallo"}}
    ),
    "seller-conversation-read": _v("conversation", "conversation_id"),
    "seller-claim-detail": _v("claim", "claim_id"),
    "seller-claim-respond": Entry(VENDOR, lambda w: {"claim_id": w.claim.id}, bodies={"POST": {"body": "Beleg"}}),
    "seller-claim-refund": _v("claim", "claim_id"),
    "operator-conversation-detail": _op("conversation", "conversation_id"),
    "operator-conversation-join": _op("conversation", "conversation_id"),
    "operator-conversation-message": _op("conversation", "conversation_id"),
    "operator-conversation-claim": _op("conversation", "conversation_id"),
    "operator-claim-detail": _op("claim", "claim_id"),
    "operator-claim-decide": _op("claim", "claim_id"),
    "frontend:conversation": _b("conversation", "conversation_id"),
    "frontend:attachment": _b("attachment", "attachment_id"),
    "frontend:offer_contact": Entry(
        HIDDEN, lambda w: {"offer_id": w.pending_offer.id}, "an offer not for sale takes no questions"
    ),
    "frontend:order_contact": Entry(
        BUYER, lambda w: {"number": w.delivered_order.number, "vendor_order_id": w.delivered_part.id}
    ),
    "frontend:claim_open": Entry(
        BUYER, lambda w: {"number": w.delivered_order.number, "vendor_order_id": w.delivered_part.id}
    ),
    "frontend:seller_conversation": _v("conversation", "conversation_id"),
    "frontend:seller_claim_respond": _v("claim", "claim_id"),
    "frontend:seller_claim_refund": _v("claim", "claim_id"),
    "frontend:console_conversation": _op("conversation", "conversation_id"),
    "frontend:console_conversation_join": _op("conversation", "conversation_id"),
    "frontend:console_conversation_message": _op("conversation", "conversation_id"),
    "frontend:console_conversation_claim": _op("conversation", "conversation_id"),
    "frontend:console_claim_decide": _op("claim", "claim_id"),
    "frontend:console_transaction_match": _op("bank_transaction", "transaction_id"),
    "frontend:console_transaction_return": _op("bank_transaction", "transaction_id"),
    "frontend:console_credit_refund": _op("buyer_credit", "credit_id"),
    # --- integrations (issue 22): Alpha's API key
    "frontend:seller_api_key_rotate": _v("api_key", "key_id"),
    "frontend:seller_api_key_revoke": _v("api_key", "key_id"),
    "frontend:seller_webhook_delete": _v("webhook_subscription", "subscription_id"),
    "frontend:seller_webhook_enable": _v("webhook_subscription", "subscription_id"),
    "frontend:seller_webhook_delivery_replay": _v("webhook_delivery", "delivery_id"),
    "catalog-product": Entry(HIDDEN, lambda w: {"product_id": w.pending_product.id}, "headless product API"),
    "carrier-events": Entry(PUBLIC, lambda w: {"carrier": "dhl"}, "carriers authenticate with their own secret"),
    # --- console, issue 19: buyers, configuration, legal texts, payment anomalies
    "frontend:console_buyer": Entry(OPERATOR, lambda w: {"user_id": w.alice.id}),
    "frontend:console_category": Entry(OPERATOR, lambda w: {"category_id": w.attribute.category_id}),
    "frontend:console_category_compliance": Entry(OPERATOR, lambda w: {"category_id": w.attribute.category_id}),
    "frontend:console_registration_verify": Entry(OPERATOR, lambda w: {"registration_id": w.registration.id}),
    "frontend:console_recall_new": Entry(OPERATOR, lambda w: {"product_id": w.alpha.offer.product_id}),
    "frontend:seller_product_safety": Entry(VENDOR, lambda w: {"product_id": w.alpha.offer.product_id}),
    "frontend:console_attribute": Entry(
        OPERATOR, lambda w: {"category_id": w.attribute.category_id, "attribute_id": w.attribute.id}
    ),
    "frontend:console_rule_dry_run": _op("listing_rule", "rule_id"),
    "frontend:console_rule_toggle": _op("listing_rule", "rule_id"),
    "frontend:console_anomaly_resolve": _op("payment_anomaly", "anomaly_id"),
    "frontend:console_webhook_delivery_replay": _op("webhook_delivery", "delivery_id"),
    "frontend:console_legal_text": Entry(
        OPERATOR, lambda w: {"kind": "terms"}, missing=lambda kwargs: {"kind": "nonsense"}
    ),
    "frontend:legal_terms_version": Entry(HIDDEN, lambda w: {"version": w.draft_terms.version}, "an AGB draft"),
    # --- user files (issue 10): a vendor's document is never public media, whoever asks
    "media": Entry(HIDDEN, lambda w: {"path": w.document.file.name}, "only products/ and reviews/ are served"),
}


def _uid(user) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(user.pk))


# ------------------------------------------------------------------------------ route discovery


@dataclass
class Route:
    name: str  # "namespace:name", or the route itself for unnamed admin redirects
    route: str
    pattern: URLPattern
    methods: set = field(default_factory=set)


def _walk(resolver, prefix="", namespace=""):
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}:{item.namespace}" if namespace and item.namespace else (item.namespace or namespace)
            yield from _walk(item, prefix + str(item.pattern), inner)
        else:
            route = prefix + str(item.pattern)
            name = f"{namespace}:{item.name}" if namespace and item.name else (item.name or route)
            yield Route(name=name, route=route, pattern=item)


def routes_with_ids() -> dict[str, Route]:
    """Every route that takes path parameters (URL configuration), with the HTTP methods the
    OpenAPI schema lists for it; schema paths that resolve to no route fail loudly."""
    found = {r.name: r for r in _walk(get_resolver()) if r.pattern.pattern.regex.groupindex}
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "{" not in path:
            continue
        concrete = path
        for param in [p for op in operations.values() for p in op.get("parameters", []) if p["in"] == "path"]:
            concrete = concrete.replace(
                "{" + param["name"] + "}", "1" if param["schema"].get("type") == "integer" else "x"
            )
        match = resolve(concrete)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        assert name in found, f"schema path {path} resolves to {name!r}, which the URL walk did not find"
        found[name].methods |= {m.upper() for m in operations if m in {"get", "post", "put", "patch", "delete"}}
    for route in found.values():
        route.methods = route.methods or {"GET", "POST"}
    return found


def _admin_entry(route: Route) -> Entry | None:
    """Django admin routes are generated per model: operator-only, the object is any row of the
    admin's model (a new admin model is covered without an entry)."""
    if not route.route.startswith("admin/"):
        return None
    model_admin = getattr(route.pattern.callback, "model_admin", None)

    def ids(world):
        kwargs = {}
        for key in route.pattern.pattern.regex.groupindex:
            if key in {"object_id", "id", "pk"}:  # "pk": extra admin views (django-otp's device config)
                first = model_admin.model.objects.order_by("pk").first() if model_admin else None
                kwargs[key] = str(first.pk) if first else "1"
            elif key == "content_type_id":
                kwargs[key] = "1"
            elif key == "app_label":
                kwargs[key] = "marketplace"
            else:
                kwargs[key] = "marketplace/order/"
        return kwargs

    def missing(kwargs):
        return {
            k: ("2000000000" if k in {"object_id", "id", "pk", "content_type_id"} else v) for k, v in kwargs.items()
        }

    return Entry(OPERATOR, ids, "Django admin", missing=missing)


def entry_for(route: Route) -> Entry | None:
    return REGISTRY.get(route.name) or _admin_entry(route)


def test_every_route_with_ids_is_registered():
    missing = sorted(f"{r.name} ({r.route})" for r in routes_with_ids().values() if entry_for(r) is None)
    assert not missing, (
        "routes taking object ids without an entry in tests/security/test_authorization_matrix.py REGISTRY "
        f"(say how to find an object the callers do not own): {', '.join(missing)}"
    )


# ------------------------------------------------------------------------------ the matrix


def data_state() -> dict[str, tuple]:
    """Row count and a digest of every row, per table of the project's apps, in one query (the
    matrix takes this a few hundred times): a refused request changes neither."""
    from django.db import connection

    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_config.name.split(".")[0]
        in {"marketplace", "vendors", "buyers", "search", "payouts", "moderation", "integrations"}
    )
    parts = [
        f"SELECT '{table}', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {connection.ops.quote_name(table)} t"
        for table in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def _missing_kwargs(kwargs: dict) -> dict:
    return {
        k: (2_000_000_000 if isinstance(v, int) else ("Tm9uZQ" if k == "uid" else "NO-SUCH-0000"))
        for k, v in kwargs.items()
    }


def _url(route: Route, kwargs: dict) -> str:
    from django.urls import reverse

    if ":" in route.name or route.name in REGISTRY or not route.route.startswith("admin/"):
        if not route.route.startswith("admin/") or route.pattern.name:
            return reverse(route.name, kwargs=kwargs)
    # Unnamed admin routes (redirects to the change page): fill the route's parameters by hand.
    url = "/" + route.route
    for key, value in kwargs.items():
        url = url.replace(f"<path:{key}>", str(value)).replace(f"<{key}>", str(value))
    return url


def _call(client: Client, method: str, url: str, body):
    if body is None:
        body = {}
    if url.startswith("/api/"):
        import json

        return client.generic(method, url, json.dumps(body), content_type="application/json")
    return (
        client.generic(method, url, "", content_type="application/x-www-form-urlencoded")
        if method != "GET"
        else client.get(url)
    )


def _outcome(response):
    location = response.get("Location", "").split("?")[0] if response.status_code == 302 else ""
    return response.status_code, location


@pytest.fixture
def world(category):
    return build_world(category)


def callers(world) -> dict[str, Client]:
    clients = {"anonymous": Client(HTTP_ACCEPT_LANGUAGE="en"), "buyer bob": Client(HTTP_ACCEPT_LANGUAGE="en")}
    clients["buyer bob"].force_login(world.bob)
    for role, user in world.beta.members.items():
        clients[f"beta {role}"] = Client(HTTP_ACCEPT_LANGUAGE="en")
        clients[f"beta {role}"].force_login(user)
    return clients


def test_foreign_ids_are_refused_like_missing_ones_and_change_nothing(world):
    from tests.caching import clear_own_cache

    clients = callers(world)
    counts_before = row_counts()
    failures = []
    for route in sorted(routes_with_ids().values(), key=lambda r: r.name):
        entry = entry_for(route)
        if entry is None:
            continue  # test_every_route_with_ids_is_registered names it
        foreign = entry.ids(world)
        missing = (entry.missing or _missing_kwargs)(foreign)
        before = data_state()
        for caller, client in clients.items():
            if route.route.startswith("admin/") and caller in {"beta manager", "beta fulfilment", "beta finance"}:
                continue  # the admin asks only "staff or not?"; three non-staff callers say it
            answered = False
            for method in sorted(route.methods):
                clear_own_cache()  # throttles count per client; the matrix is not a flood
                body = entry.bodies.get(method)
                got = _call(client, method, _url(route, foreign), body)
                expected = _call(client, method, _url(route, missing), body)
                where = f"{method} {route.name} as {caller}"
                if got.status_code >= 500:
                    failures.append(f"{where}: server error {got.status_code}")
                    continue
                if entry.kind == PUBLIC:
                    continue
                allowed = REFUSALS | ({200} if entry.kind == TOKEN else set())
                if got.status_code not in allowed:
                    failures.append(f"{where}: {got.status_code}, expected one of {sorted(allowed)}")
                elif _outcome(got) != _outcome(expected):
                    failures.append(
                        f"{where}: {_outcome(got)} for a foreign id but {_outcome(expected)} for a missing one"
                    )
                answered = answered or got.status_code != 405
            if not answered and entry.kind != PUBLIC:
                failures.append(f"{route.name} as {caller}: every method was 405, nothing was checked")
        if data_state() != before:
            changed = [k for k, v in data_state().items() if before.get(k) != v]
            failures.append(f"{route.name}: data changed in {changed}")
    assert not failures, "\n".join(failures)
    assert row_counts() == counts_before
