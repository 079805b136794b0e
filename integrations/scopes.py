"""What an API key may call: one resource per seller API route, read or write by HTTP method.

A key carries scopes like ``"orders:read"`` or ``"offers:write"`` (write includes read). Routes
not listed here are closed to API keys whatever their scopes (buyer, operator and account
routes, staff and trader data): a key is for a seller's systems, not a person's login.
"""

from django.utils.translation import gettext_lazy as _

RESOURCES: dict[str, object] = {
    "offers": _("Offers, listings and imports"),
    "orders": _("Orders"),
    "shipments": _("Shipments and delivery"),
    "returns": _("Returns"),
    "payouts": _("Payouts and statements"),
}
ACCESS = ("read", "write")
ALL_SCOPES = tuple(f"{resource}:{access}" for resource in RESOURCES for access in ACCESS)

ROUTE_RESOURCES: dict[str, str] = {
    # offers and listings (vendors app)
    "seller-offer-list": "offers",
    "seller-offer-detail": "offers",
    "seller-offer-bulk-update": "offers",
    "seller-listing-create": "offers",
    "seller-buy-box": "offers",
    "seller-catalog-search": "offers",
    "seller-product-detail": "offers",
    "seller-product-images": "offers",
    "seller-variant-list": "offers",
    "seller-variant-detail": "offers",
    "seller-import-list": "offers",
    "seller-import-detail": "offers",
    "seller-import-errors": "offers",
    "seller-import-start": "offers",
    "seller-offer-checks": "offers",
    "seller-listing-checks": "offers",
    # orders
    "seller-order-list": "orders",
    "seller-order-detail": "orders",
    "seller-order-accept": "orders",
    "seller-order-cancel": "orders",
    "seller-invoice": "orders",
    # shipments
    "seller-order-ship": "shipments",
    "seller-order-delivered": "shipments",
    # returns
    "seller-return-list": "returns",
    "seller-return-approve": "returns",
    "seller-return-reject": "returns",
    "seller-return-received": "returns",
    "seller-return-refund": "returns",
    "seller-return-label": "returns",
    "seller-credit-note": "returns",
    # payouts
    "seller-payout-list": "payouts",
    "seller-payout-detail": "payouts",
    "seller-refunds": "payouts",
    "seller-commission-invoice-list": "payouts",
    "seller-commission-invoice": "payouts",
}

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def required_scope(*, url_name: str | None, method: str) -> str | None:
    """The scope a call needs, or None when API keys may not call the route at all."""
    resource = ROUTE_RESOURCES.get(url_name or "")
    if resource is None:
        return None
    return f"{resource}:{'read' if method.upper() in READ_METHODS else 'write'}"


def grants(scopes: list[str], needed: str) -> bool:
    resource, access = needed.split(":")
    return needed in scopes or (access == "read" and f"{resource}:write" in scopes)
