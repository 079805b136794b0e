"""Vendor writes, one module per sub-domain; re-exported so ``from vendors.services import x`` works.

- events: domain events published through the outbox (search index updates)
- onboarding: applying, verification, Stripe Connect capabilities
- staff: members, roles, invitations
- listings: products and offers
"""
from vendors.services.events import PRODUCT_CHANGED, catalog_product_changed
from vendors.services.listings import MAX_STOCK, listing_create, offer_update
from vendors.services.onboarding import vendor_apply, vendor_approve
from vendors.services.staff import vendor_member_add

__all__ = [
    "MAX_STOCK",
    "PRODUCT_CHANGED",
    "catalog_product_changed",
    "listing_create",
    "offer_update",
    "vendor_apply",
    "vendor_approve",
    "vendor_member_add",
]
