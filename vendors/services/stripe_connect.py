"""Stripe Connect for vendors: the Express account, its onboarding link and its capabilities.

The account is created after the approval commits (outbox topic ``vendors.stripe_account_requested``),
never inside the approval's transaction, with the idempotency key ``vendor-<id>-account`` so a
redelivered event or a retry after a timeout finds the same account instead of opening a second.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, NotFound
from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_publish
from payouts import stripe_gateway
from vendors.models import Vendor
from vendors.services.events import vendor_sellability_changed
from vendors.services.trader import vendor_trader_recheck

logger = logging.getLogger(__name__)

STRIPE_ACCOUNT_REQUESTED = "vendors.stripe_account_requested"


def stripe_account_idempotency_key(vendor_id: int) -> str:
    return f"vendor-{vendor_id}-account"


def vendor_stripe_account_request(*, vendor: Vendor) -> None:
    """Ask for a connected account after commit; call inside the approving transaction."""
    if not vendor.stripe_account_id:
        outbox_publish(topic=STRIPE_ACCOUNT_REQUESTED, key=f"vendor:{vendor.id}", payload={"vendor_id": vendor.id})


def vendor_stripe_account_create(*, vendor_id: int) -> Vendor:
    """Create the vendor's Express account unless it has one. Network call first, with no lock held."""
    vendor = Vendor.objects.filter(id=vendor_id).first()
    if vendor is None:
        raise NotFound(_("No such vendor."))
    if vendor.stripe_account_id:
        return vendor
    account = stripe_gateway.connected_account_create(
        vendor_id=vendor.id,
        email=vendor.email,
        country=vendor.country,
        business_name=vendor.legal_name or vendor.name,
        idempotency_key=stripe_account_idempotency_key(vendor.id),
    )
    with transaction.atomic():
        vendor = Vendor.objects.select_for_update().get(id=vendor_id)
        if vendor.stripe_account_id:  # a concurrent call stored it (the same account, by the key)
            return vendor
        vendor.stripe_account_id = account.id
        vendor.save(update_fields=["stripe_account_id"])
        audit_record(
            actor=None, action="vendor.stripe_account_created", obj=vendor, data={"stripe_account_id": account.id}
        )
        # The connected account is a payment account for the trader check (DSA Art. 30).
        vendor = vendor_trader_recheck(vendor=vendor, actor=None, cause="stripe_account_created")
    return vendor


def handle_stripe_account_requested(events: list[OutboxEvent]) -> None:
    """Outbox handler. Without Stripe keys (the embedded demo) there is nothing to do now: the
    onboarding-link call creates the account later, with the same idempotency key."""
    for event in events:
        try:
            vendor_stripe_account_create(vendor_id=event.payload["vendor_id"])
        except stripe_gateway.PaymentsNotConfigured:
            logger.info(
                "Stripe is not configured; vendor %s gets its account on its first onboarding link",
                event.payload["vendor_id"],
            )
        except NotFound:
            continue


def vendor_stripe_onboarding_link(
    *, vendor: Vendor, refresh_url: str, return_url: str
) -> stripe_gateway.AccountLinkResult:
    """An Account Link for an approved vendor to complete (or update) its Stripe details."""
    if vendor.status != Vendor.Status.APPROVED:
        raise Conflict(
            _("Only an approved vendor can connect a payout account; this one is %(status)s.")
            % {"status": vendor.status},
            field="status",
        )
    vendor = vendor_stripe_account_create(vendor_id=vendor.id)
    return stripe_gateway.account_link_create(
        account_id=vendor.stripe_account_id, refresh_url=refresh_url, return_url=return_url
    )


def vendor_stripe_account_updated(
    *, stripe_account_id: str, charges_enabled: bool, payouts_enabled: bool, event_created: int
) -> bool:
    """Apply an ``account.updated`` webhook; returns whether anything changed.

    Idempotent, and safe out of order: an event older than the last one applied changes nothing.
    A change of the vendor's sellability re-publishes its products so the index drops or
    restores its offers.
    """
    with transaction.atomic():
        vendor = (
            Vendor.objects.select_for_update().filter(stripe_account_id=stripe_account_id).first()
            if stripe_account_id
            else None
        )
        if vendor is None:
            logger.warning("account.updated for unknown connected account %s", stripe_account_id)
            return False
        if event_created < vendor.stripe_account_event_created:
            return False
        changed = (vendor.charges_enabled, vendor.payouts_enabled) != (charges_enabled, payouts_enabled)
        could_sell = vendor.can_sell
        vendor.stripe_account_event_created = event_created
        vendor.charges_enabled = charges_enabled
        vendor.payouts_enabled = payouts_enabled
        vendor.save(update_fields=["stripe_account_event_created", "charges_enabled", "payouts_enabled"])
        if changed:
            audit_record(
                actor=None,
                action="vendor.capabilities_changed",
                obj=vendor,
                data={
                    "charges_enabled": charges_enabled,
                    "payouts_enabled": payouts_enabled,
                    "event_created": event_created,
                },
            )
            vendor_sellability_changed(vendor=vendor, could_sell=could_sell)
    return changed
