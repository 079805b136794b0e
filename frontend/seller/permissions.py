"""What each seller central page and step needs, in one table: the views check it, the menu and the
forms are shown from it, and a refusal explains it in words.

``NEEDS`` maps a page (its menu section) or a step on a page to the vendor permission it needs
(``vendors/roles.py``), or to ``None`` when every member may use it. Views ask through
``frontend.seller.access.require_step``; templates get ``can`` (the same keys, True or False for the
user's role) and ``nav`` (the menu links the role may follow).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from guardian.core import ObjectPermissionChecker

from frontend.common import labels
from marketplace.errors import PermissionDenied
from vendors.roles import ALL_PERMISSIONS, ROLE_PERMISSIONS

LISTINGS = "manage_listings"
ORDERS = "fulfil_orders"
FINANCES = "view_finances"
STAFF = "manage_staff"
ACCOUNT = "manage_account"

NEEDS: dict[str, str | None] = {
    # pages, by menu section
    "dashboard": None,
    "listings": LISTINGS,
    "listing_list": LISTINGS,  # the offer list and the listing editor
    "imports": LISTINGS,
    "orders": ORDERS,
    "returns": ORDERS,
    "reviews": None,
    "messages": ORDERS,
    "payouts": FINANCES,
    "staff": STAFF,
    "trader": None,
    "statements": None,
    "verification": None,
    "documents": ACCOUNT,
    "buybox": LISTINGS,
    "promotions": LISTINGS,
    "services": LISTINGS,  # service offers (warranty, protection, assembly) with the seller's products
    "shipping": LISTINGS,
    "health": None,
    "notifications": None,  # each role sees the kinds that concern it (frontend/seller/notifications.py)
    "order_money": FINANCES,
    "api_keys": ACCOUNT,  # keys for the seller's systems: owners only
    "webhooks": ACCOUNT,
    "analytics": FINANCES,
    "compliance": LISTINGS,  # registration numbers and GPSR data gate the listings
    "tax_data": ACCOUNT,  # DAC7: TIN and date of birth are the account holder's (owners)
    "legal_terms": None,  # P2B: every member reads the terms and their announced changes
    # steps (forms and buttons) on pages every member may open
    "offer_update": LISTINGS,
    "review_answer": LISTINGS,
    "statement_appeal": LISTINGS,
    "trader_update": ACCOUNT,
    "claim_answer": ORDERS,
    "sales_figures": FINANCES,
    "info_answer": ACCOUNT,
    "stripe_onboarding": ACCOUNT,
    "iban_view": FINANCES,  # the payout IBAN: owners and finance staff only
    "terms_accept": ACCOUNT,
}


@dataclass(frozen=True)
class MenuLink:
    section: str  # a key of NEEDS
    url_name: str
    label: str
    keeps_vendor: bool = True  # the link carries ?vendor=


MENU: tuple[MenuLink, ...] = (
    MenuLink("dashboard", "frontend:seller_dashboard", _("Offers")),
    MenuLink("verification", "frontend:seller_verification", _("Verification")),
    MenuLink("listing_list", "frontend:seller_listings", _("Listings")),
    MenuLink("listings", "frontend:seller_listing_new", _("New listing")),
    MenuLink("imports", "frontend:seller_imports", _("Import")),
    MenuLink("orders", "frontend:seller_orders", _("Orders")),
    MenuLink("returns", "frontend:seller_returns", _("Returns")),
    MenuLink("reviews", "frontend:seller_reviews", _("Reviews")),
    MenuLink("messages", "frontend:seller_conversations", _("Messages")),
    MenuLink("payouts", "frontend:seller_payouts", _("Payouts")),
    MenuLink("staff", "frontend:seller_staff", _("Staff")),
    MenuLink("trader", "frontend:seller_trader", _("Trader data")),
    MenuLink("documents", "frontend:seller_documents", _("Documents")),
    MenuLink("tax_data", "frontend:seller_tax_data", _("Tax data (DAC7)")),
    MenuLink("compliance", "frontend:seller_compliance", _("Product compliance")),
    MenuLink("legal_terms", "frontend:seller_terms", _("Terms for sellers")),
    MenuLink("api_keys", "frontend:seller_api_keys", _("API keys")),
    MenuLink("webhooks", "frontend:seller_webhooks", _("Webhooks")),
    MenuLink("statements", "frontend:seller_statements", _("Statements of reasons")),
    MenuLink("buybox", "frontend:seller_buy_box", _("Buy box")),
    MenuLink("promotions", "frontend:seller_promotions", _("Coupons")),
    MenuLink("services", "frontend:seller_services", _("Service offers")),
    MenuLink("shipping", "frontend:seller_shipping", pgettext_lazy("seller menu", "Shipping")),
    MenuLink("health", "frontend:seller_health", _("Account health")),
    MenuLink("analytics", "frontend:seller_analytics", _("Analytics")),
    MenuLink("notifications", "frontend:seller_notifications", _("Notifications")),
)

# Which notifications (vendors.SellerNotification kinds) a role sees: those of the pages it may use.
NOTIFICATION_NEEDS: dict[str, str | None] = {
    "new_order": ORDERS,
    "message": ORDERS,
    "claim": ORDERS,
    "return": ORDERS,
    "moderation": LISTINGS,
    "enforcement": None,
    "payout": FINANCES,
    "legal": None,  # DAC7 notices, terms changes
}
# Menu sections that show the unread count of some kinds next to their link.
NOTIFICATION_SECTIONS: dict[str, tuple[str, ...]] = {
    "orders": ("new_order",),
    "returns": ("return",),
    "messages": ("message", "claim"),
}


def notification_kinds(user, vendor) -> tuple[str, ...]:
    """The notification kinds the user's role at ``vendor`` may see."""
    perms = granted(user, vendor)
    return tuple(kind for kind, need in NOTIFICATION_NEEDS.items() if need is None or need in perms)


# What a role without the permission cannot do (shown on the refusal page).
REFUSED: dict[str, str] = {
    LISTINGS: _(
        "Your role (%(role)s) does not allow you to create or change listings, prices, stock and imports, "
        "to answer reviews or to complain about moderation decisions."
    ),
    ORDERS: _("Your role (%(role)s) does not allow you to handle orders, returns, messages from buyers and claims."),
    FINANCES: _(
        "Your role (%(role)s) does not allow you to see the balance, sales figures and payouts or to download "
        "statements."
    ),
    STAFF: _("Your role (%(role)s) does not allow you to invite staff, change their roles or remove them."),
    ACCOUNT: _(
        "Your role (%(role)s) does not allow you to change the trader data or the account, to upload or see "
        "verification documents, to answer the operator's questions, to set up the payout account or to manage "
        "API keys and webhooks."
    ),
}


class RoleRefused(PermissionDenied):
    """The user's role at the vendor lacks ``permission`` (a key of vendors/roles.py)."""

    def __init__(self, permission: str):
        super().__init__(gettext("Your role does not allow this."))
        self.permission = permission


def granted(user, vendor) -> frozenset[str]:
    """The vendor permissions the user's role grants: the guardian object permissions that
    ``vendors.selectors.vendor_for_user(permission=...)`` checks, read in one query."""
    return frozenset(ObjectPermissionChecker(user).get_perms(vendor)) & ALL_PERMISSIONS


def can(user, vendor) -> dict[str, bool]:
    """Every key of NEEDS: may the user's role use it?"""
    perms = granted(user, vendor)
    return {key: need is None or need in perms for key, need in NEEDS.items()}


def menu(allowed: dict[str, bool], vendor, section: str | None, unread: dict[str, int] | None = None) -> list[dict]:
    """The menu links the role may follow, the current section marked; ``unread`` (notification
    kind -> unread count) puts a count on the notifications link and the sections it concerns."""
    unread = unread or {}

    def count(link: MenuLink) -> int:
        kinds = tuple(unread) if link.section == "notifications" else NOTIFICATION_SECTIONS.get(link.section, ())
        return sum(unread.get(kind, 0) for kind in kinds)

    return [
        {
            "url": f"{reverse(link.url_name)}?vendor={vendor.id}",
            "label": link.label,
            "current": link.section == section,
            "count": count(link),
        }
        for link in MENU
        if allowed[link.section]
    ]


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def roles_allowed(permission: str) -> str:
    """The roles that have ``permission``, as words ("Owner, Manager and Fulfilment")."""
    return _join([str(labels.label("role", role)) for role, perms in ROLE_PERMISSIONS.items() if permission in perms])


def who_can() -> dict[str, str]:
    """Every key of NEEDS that needs a permission: the roles that may use it, in words."""
    return {key: roles_allowed(need) for key, need in NEEDS.items() if need}


def refusal(permission: str, role: str | None) -> dict:
    """What the role cannot do and which roles can, in words (no role codes)."""
    role_label = str(labels.label("role", role)) if role else gettext("none")
    text = REFUSED.get(permission)
    return {
        "cannot": (str(text) % {"role": role_label})
        if text
        else gettext("Your role (%(role)s) does not allow this.") % {"role": role_label},
        "who_can": roles_allowed(permission),
    }
