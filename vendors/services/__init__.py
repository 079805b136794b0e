"""Vendor writes, one module per sub-domain; re-exported so ``from vendors.services import x`` works.

- events: domain events published through the outbox (search index updates)
- onboarding: applying, verification, Stripe Connect capabilities
- staff: members, roles, invitations
- listings: products and offers (checks: field checks shared with the import; offers: changes, bulk)
"""

from vendors.services.application import VendorApplication
from vendors.services.documents import vendor_document_delete, vendor_document_upload
from vendors.services.events import PRODUCT_CHANGED, catalog_product_changed, catalog_product_changed_events
from vendors.services.listings import MAX_STOCK, listing_create, offer_create
from vendors.services.offers import offer_bulk_update, offer_update
from vendors.services.onboarding import (
    vendor_apply,
    vendor_approve,
    vendor_info_answer,
    vendor_info_request,
    vendor_reinstate,
    vendor_reject,
    vendor_review_start,
    vendor_suspend,
    vendor_transition,
)
from vendors.services.products import product_approve, product_reject
from vendors.services.staff import (
    vendor_invitation_accept,
    vendor_invitation_create,
    vendor_invitation_revoke,
    vendor_member_add,
    vendor_member_remove,
    vendor_member_role_change,
)
from vendors.services.stripe_connect import vendor_stripe_account_updated, vendor_stripe_onboarding_link

__all__ = [
    "MAX_STOCK",
    "PRODUCT_CHANGED",
    "catalog_product_changed",
    "catalog_product_changed_events",
    "listing_create",
    "product_approve",
    "product_reject",
    "offer_bulk_update",
    "offer_create",
    "offer_update",
    "vendor_apply",
    "vendor_approve",
    "vendor_member_add",
    "VendorApplication",
    "vendor_document_delete",
    "vendor_document_upload",
    "vendor_info_answer",
    "vendor_info_request",
    "vendor_reinstate",
    "vendor_reject",
    "vendor_review_start",
    "vendor_suspend",
    "vendor_transition",
    "vendor_invitation_accept",
    "vendor_invitation_create",
    "vendor_invitation_revoke",
    "vendor_member_remove",
    "vendor_member_role_change",
    "vendor_stripe_account_updated",
    "vendor_stripe_onboarding_link",
]
