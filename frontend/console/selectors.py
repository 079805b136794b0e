"""Reads the console pages need that no other app offers yet."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from buyers.messaging.models import Claim
from buyers.models import ConsentRecord, ReturnRequest
from marketplace.models import AuditLogEntry, Order
from vendors.models import Vendor


@dataclass
class VendorStatusGroup:
    status: str
    vendors: list[Vendor]


def vendor_list_by_status() -> list[VendorStatusGroup]:
    """All vendors grouped by status, applications first, newest first within a group."""
    by_status: dict[str, list[Vendor]] = {status: [] for status in Vendor.Status.values}
    for vendor in Vendor.objects.order_by("-created_at", "-id"):
        by_status.setdefault(vendor.status, []).append(vendor)
    return [VendorStatusGroup(status, vendors) for status, vendors in by_status.items()]


@dataclass
class BuyerOverview:
    buyer: object  # the user
    orders: list
    claims: list
    returns: list
    privacy: list  # audit entries of the account: erasure (account.deleted) and other account.* events
    consents: list


def buyer_overview(*, user_id: int) -> BuyerOverview | None:
    """One buyer for the console: orders, guarantee claims, returns and the GDPR trail."""
    buyer = get_user_model().objects.filter(id=user_id).first()
    if buyer is None:
        return None
    return BuyerOverview(
        buyer=buyer,
        orders=list(Order.objects.filter(buyer=buyer).order_by("-created_at", "-id")[:100]),
        claims=list(
            Claim.objects.filter(buyer=buyer).select_related("vendor_order__order", "vendor").order_by("-id")[:100]
        ),
        returns=list(
            ReturnRequest.objects.filter(buyer=buyer).select_related("vendor_order__order").order_by("-id")[:100]
        ),
        privacy=list(
            AuditLogEntry.objects.filter(object_type=buyer._meta.label_lower, object_id=str(buyer.pk)).order_by(
                "-created_at", "-id"
            )[:100]
        ),
        consents=list(ConsentRecord.objects.filter(user=buyer).order_by("-id")[:20]),
    )
