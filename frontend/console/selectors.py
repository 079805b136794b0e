"""Reads the console pages need that no other app offers yet."""

from __future__ import annotations

from dataclasses import dataclass

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
