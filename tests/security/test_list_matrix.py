"""Authorisation matrix for list endpoints: another tenant's rows never appear.

``test_authorization_matrix`` covers every route that takes an object id. This one covers the
rest: every route without path parameters that answers GET (API routes from the OpenAPI
schema, pages from the URL configuration). The world (tests/security/world.py) has two vendors
and two buyers with data of their own; Alpha's and Alice's data carry marker strings (names,
e-mail addresses, order and document numbers).

Per route, the audience follows from its prefix (seller API and portal, buyer API and pages,
operator API and console). The owner (Alpha's owner, Alice, an operator) must see at least one
of the markers, so the route is really exercised; every caller of the other tenant (each role
of Beta, Bob; for operator routes also the anonymous visitor) must see none of them. A new list
route is covered without an entry; routes that are deliberately public, or that show none of
the world's rows, are named in ``PUBLIC`` and ``NO_ROWS`` with the reason.
"""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from tests.caching import clear_own_cache
from tests.factories import login_operator
from tests.security.test_authorization_matrix import _walk
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

# Routes anybody may read: the public catalogue and its search, help, legal pages, machine files.
PUBLIC = {
    "frontend:home": "public shop front (Alpha's approved product may be on it)",
    "frontend:search": "public catalogue search",
    "frontend:help": "public help centre",
    "frontend:privacy": "legal page",
    "frontend:shipping_terms": "legal page",
    "frontend:withdrawal_info": "legal page",
    "frontend:legal_ranking": "legal page (main ranking parameters)",
    "frontend:robots_txt": "machine file",
    "frontend:sitemap": "public sitemap of approved products and sellers",
    "category-list": "public category tree",
    "product-search": "public catalogue search",
    "search-autocomplete": "public catalogue search",
    "help-article-list": "public help articles",
    "service-offers": "public services offered with approved offers",
    "for-you": "recommendations from the public catalogue",
    "schema": "OpenAPI schema",
    "api-docs": "API documentation",
    "health": "health check",
    "seller-catalog-search": "the shared catalogue: every seller may add an offer to any approved product",
    "seller-buy-box": "the buy box of products the seller offers: competitors' public prices by design",
}

# Routes that answer GET with no rows of the world (forms, actions, figures of one's own); the
# foreign callers are still checked for markers.
NO_ROWS = {
    "frontend:cart_add": "form action",
    "frontend:cart_coupon": "form action",
    "frontend:wishlist_add": "form action",
    "frontend:cookie_consent": "form action",
    "frontend:logout": "form action",
    "frontend:login": "form",
    "frontend:register": "form",
    "frontend:password_reset": "form",
    "frontend:guest_order_link": "form",
    "frontend:notice_new": "form",
    "frontend:two_factor": "Alice has no second factor",
    "frontend:two_factor_disable": "as above",
    "frontend:two_factor_recovery": "as above",
    "frontend:two_factor_setup": "form",
    "frontend:two_factor_verify": "form",
    "frontend:account_delete": "form",
    "frontend:account_business": "form",
    "frontend:loyalty_referral": "form",
    "frontend:address_add": "form",
    "frontend:checkout": "Alice's cart item, not a row of another tenant",
    "frontend:seller_apply": "form",
    "frontend:seller_document_upload": "form",
    "frontend:seller_invitation_accept": "form",
    "frontend:seller_listing_new": "form",
    "frontend:seller_staff_invite": "form",
    "frontend:seller_trader_certify": "form",
    "frontend:seller_trader_update": "form",
    "frontend:seller_storefront_profile": "form",
    "frontend:seller_info_answer": "form",
    "frontend:seller_stripe_onboarding": "redirect to Stripe",
    "frontend:seller_stripe_refresh": "redirect to Stripe",
    "frontend:seller_stripe_return": "redirect back",
    "frontend:seller_verification": "the vendor's own verification steps",
    "frontend:seller_reviews": "Alpha's reviews are Alice's, shown by star and text",
    "frontend:console_commission_create": "form",
    "frontend:console_help_article_new": "form",
    "frontend:console_help_category_create": "form",
    "frontend:console_reason_template_create": "form",
    "frontend:console_reason_templates": "operator's templates, no tenant's rows",
    "frontend:console_moderation_bulk": "form action",
    "frontend:console_notifier_suspend": "form action",
    "frontend:console_payout_run_start": "form action",
    "frontend:console_statement_import": "form",
    "frontend:console_search": "search settings",
    "frontend:console_surveys": "no survey answered in the world",
    "frontend:console_addons": "no add-on in the world",
    "frontend:console_disputes": "no dispute in the world",
    "frontend:console_transparency": "yearly figures",
    "frontend:console_help": "help articles, no tenant's rows",
    "frontend:console_reports": "figures",
    "frontend:console_dashboard": "figures",
    "frontend:console_revenue": "figures",
    "frontend:console_receivables": "invoice orders of the world are open, listed by number only when overdue",
    "frontend:console_reconciliation": "figures",
    "frontend:console_standings": "no standing in the world",
    "frontend:console_notice_offenders": "no repeat offender in the world",
    "set_language": "form action",
    "frontend:console_payout_runs": "run totals; a run is no tenant's row",
    "frontend:console_receivables_bank": "bank transactions of unknown payers",
    "frontend:console_coupons": "platform coupons only (a vendor's own coupons are not listed), no tenant's rows",
    "frontend:console_categories": "operator configuration: categories, no tenant's rows",
    "frontend:console_legal": "operator configuration: legal texts, no tenant's rows",
    "frontend:console_rules": "operator configuration: listing rules, no tenant's rows",
    "frontend:console_thresholds": "operator configuration: thresholds, no tenant's rows",
    "frontend:seller_import_template": "a blank CSV template of a category's columns (400 without a category)",
    "frontend:seller_api_key_create": "POST only (form action)",
    "frontend:seller_coupon_create": "POST only (form action)",
    "frontend:seller_service_create": "POST only (form action)",
    "frontend:seller_holiday_start": "POST only (form action)",
    "frontend:seller_holiday_end": "POST only (form action)",
    "frontend:seller_listings_bulk": "POST only (form action)",
    "frontend:seller_notification_settings": "POST only (form action)",
    "frontend:seller_notifications_read": "POST only (form action)",
    "frontend:seller_webhook_create": "POST only (form action)",
    "frontend:seller_tax_data_update": "POST only (form action)",
    "frontend:seller_tax_data": "the vendor's own DAC7 form; no notice in the world",
    "frontend:console_dac7": "figures per vendor of a past year",
    "frontend:console_dac7_xml": "the DPI file of a past year",
    "frontend:console_dac7_notices": "POST only (form action)",
    "frontend:seller_registrations_update": "POST only (form action)",
    "frontend:seller_compliance": "the vendor's own registration numbers; no GPSR product in the world",
    "frontend:console_recalls": "no recall in the world",
    "frontend:console_seller_terms": "operator configuration: seller terms, no tenant's rows",
    "frontend:seller_terms": "the platform's terms; no announcement in the world",
    "frontend:seller_terms_accept": "POST only (form action)",
    "frontend:console_transparency_statements": "statements of reasons without personal data (references only)",
}
NO_ROWS_API = {
    "account-login": "action",
    "account-logout": "action",
    "account-password-reset": "action",
    "account-password-reset-confirm": "action",
    "account-register": "action",
    "account-verify-email": "action",
    "two-factor-verify": "action",
    "cart-coupon": "action",
    "cart-item-add": "action",
    "cart-services": "no service chosen",
    "checkout": "action",
    "conversation-start": "action",
    "guest-cart": "a guest's cart, by session",
    "guest-cart-item-add": "action",
    "guest-checkout": "action",
    "loyalty-points": "figures",
    "loyalty-journal": "no points in the world",
    "loyalty-referral-claim": "action",
    "notice-create": "action",
    "report-create": "action",
    "review-create": "action",
    "seller-rating-create": "action",
    "review-reviewable": "lines by product title (public)",
    "vendor-apply": "action",
    "stripe-webhook": "action",
    "seller-invitation-accept": "action",
    "seller-listing-create": "action",
    "seller-offer-bulk-update": "action",
    "seller-listing-checks": "findings about the vendor's own offers",
    "seller-vendor-answer": "action",
    "seller-vendor-stripe-onboarding-link": "action",
    "seller-trader-certification": "action",
    "seller-scorecard": "figures",
    "seller-balance": "figures",
    "seller-survey-results": "no survey answered",
    "operator-coupon-create": "action",
    "operator-review-bulk": "action",
    "operator-notifier-suspend": "action",
    "operator-receipt-import": "action",
    "operator-commission-invoice-issue": "action",
    "operator-thresholds": "configuration",
    "operator-reason-templates": "configuration",
    "operator-survey-results": "no survey answered",
    "operator-repeat-offenders": "no repeat offender",
    "operator-standings": "no standing",
    "operator-help-category-list": "configuration",
    "operator-help-article-list": "articles, no tenant's rows",
    "operator-synonym-list": "configuration",
    "operator-zero-result-list": "search queries",
    "operator-listing-rules": "configuration",
    "operator-commission-rules": "configuration",
    "operator-revenue": "figures",
    "operator-reconciliation": "figures",
    "operator-payment-anomalies": "no anomaly in the world",
    "operator-adjustments": "no adjustment in the world",
    "operator-dac7": "figures per vendor of a past year",
    "seller-tax-data": "the vendor's own DAC7 data (none in the world)",
    "operator-notifiers": "who sent notices (none trusted in the world)",
    "operator-payout-runs": "run totals; a run is no tenant's row",
}

SELLER, BUYER, OPERATOR = "seller", "buyer", "operator"
REFUSED = {302, 401, 403, 404, 405}

# Query strings a route needs to answer with rows (a statement needs its period).
_PERIOD = f"?date_from={date.today() - timedelta(days=365)}&date_to={date.today() + timedelta(days=1)}&output=csv"
QUERY = {"seller-statement": _PERIOD, "frontend:seller_statement": _PERIOD}


def _id(value) -> str:
    return rf'"id":\s*{value}\b'


def _sales_row(world) -> str:
    """Alpha's row of the analytics CSV for the day of Alice's two orders: its orders and units
    (Beta's day has one order of two units)."""
    parts = [world.delivered_part, world.open_part]
    day = timezone.localdate(world.open_order.created_at)
    units = sum(line.quantity for part in parts for line in part.lines.all())
    return rf"(?m)^{day.isoformat()},{len(parts)},{units},"


# Rows that carry no name or number of their owner: their ids in the JSON (an id is unique in its
# table, and the foreign caller's list holds only rows of that table).
ROW_MARKERS = {
    "account-statements": lambda w: [_id(w.review_statement.id)],
    "review-mine": lambda w: [_id(w.review.id)],
    "address-list": lambda w: [_id(w.address.id)],
    "seller-import-list": lambda w: [_id(w.import_job.id)],
    "seller-payout-list": lambda w: [_id(w.payout.id)],
    "seller-review-list": lambda w: [_id(w.review.id)],
    "seller-shipping-profile-list": lambda w: [_id(w.shipping_profile.id)],
    "seller-vendor-document-list": lambda w: [_id(w.document.id)],
    "frontend:seller_analytics_csv": lambda w: [_sales_row(w)],
    "seller-coupons": lambda w: [re.escape(w.alpha_coupon.code)],
    "frontend:seller_promotions": lambda w: [re.escape(w.alpha_coupon.code)],
    "seller-service-offers": lambda w: [re.escape(w.alpha_service.title)],
    "frontend:seller_services": lambda w: [re.escape(w.alpha_service.title)],
}


def audience(name: str, route: str) -> str:
    if route.startswith(("api/seller/", "api/payouts/seller/", "seller/")):
        return SELLER
    if route.startswith(("api/operator/", "api/payouts/operator/", "console/")):
        return OPERATOR
    return BUYER


def list_routes() -> dict[str, str]:
    """URL name -> path of every route without path parameters that answers GET: API routes as
    the schema lists them, every page route, no Django admin (operator-only, the id matrix)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    api_get = {path for path, operations in schema["paths"].items() if "get" in operations and "{" not in path}
    found = {}
    for r in _walk(get_resolver()):
        if r.pattern.pattern.regex.groupindex or r.route.startswith("admin/") or r.route.startswith("media"):
            continue
        path = "/" + r.route
        if r.route.startswith("api/") and path not in api_get and r.name not in {"schema", "api-docs"}:
            continue  # no GET on this API route
        found[r.name] = path
    return found


def _markers(world) -> dict[str, list[str]]:
    alice = [
        world.alice.email,
        world.delivered_order.number,
        world.open_order.number,
    ]
    alpha = [
        r"\bAlpha\b",
        world.commission_invoice.number,
        world.invitation.email,
        *(user.email for user in world.alpha.members.values()),
    ]
    # Bob bought nothing from Alpha: Alpha's name on his own pages (cart, wishlist, orders) would
    # be Alice's rows; the public pages that show Alpha's products are in PUBLIC.
    return {BUYER: [r"\bAlpha\b"] + [re.escape(m) for m in alice], SELLER: alpha + [re.escape(m) for m in alice]}


def _patterns(world, name: str, who: str) -> list[str]:
    markers = _markers(world)
    own = markers[BUYER] if who == BUYER else markers[SELLER]
    return own + (ROW_MARKERS[name](world) if name in ROW_MARKERS else [])


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _found(patterns: list[str], text: str) -> list[str]:
    return [p for p in patterns if re.search(p, text)]


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(category):
    return build_world(category)


def test_every_list_route_is_classified_or_shows_its_owner_rows(world):
    """The positive half: the owner sees its markers on every list route not named as public or
    empty; otherwise the foreign check below would prove nothing."""
    operator = _client()
    login_operator(operator, world.operator)
    owners = {SELLER: _client(world.alpha.owner), BUYER: _client(world.alice), OPERATOR: operator}
    unexercised = []
    for name, path in sorted(list_routes().items()):
        if name in PUBLIC or name in NO_ROWS or name in NO_ROWS_API:
            continue
        who = audience(name, path[1:])
        clear_own_cache()  # this worker's keys: a FLUSHDB would wipe other workers' counters
        response = owners[who].get(path + QUERY.get(name, ""), follow=False)
        if response.status_code != 200 or not _found(_patterns(world, name, who), _body(response)):
            unexercised.append(f"{name} ({path}) as the {who} owner: {response.status_code}, no marker of its rows")
    assert not unexercised, (
        "list routes that show the owner none of its rows (add rows to the world, or name the route in "
        "PUBLIC / NO_ROWS with the reason):\n" + "\n".join(unexercised)
    )


def test_list_endpoints_never_show_another_tenants_rows(world):
    foreign = {f"beta {role}": _client(user) for role, user in world.beta.members.items()}
    foreign["buyer bob"] = _client(world.bob)
    foreign["anonymous"] = _client()
    leaks = []
    for name, path in sorted(list_routes().items()):
        if name in PUBLIC:
            continue
        who = audience(name, path[1:])
        pats = _patterns(world, name, who)
        for caller, client in foreign.items():
            clear_own_cache()  # throttles count per client; the matrix is not a flood
            response = client.get(path + QUERY.get(name, ""), follow=False)
            if response.status_code >= 500:
                leaks.append(f"GET {name} as {caller}: server error {response.status_code}")
                continue
            if who == OPERATOR and response.status_code not in REFUSED:
                leaks.append(f"GET {name} ({path}) as {caller}: {response.status_code}, operators only")
                continue
            shown = _found(pats, _body(response))
            if shown:
                leaks.append(f"GET {name} ({path}) as {caller}: {response.status_code} shows {shown}")
    assert not leaks, "\n".join(leaks)
