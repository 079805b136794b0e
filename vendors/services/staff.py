"""Vendor staff: members, their roles and the object permissions behind them."""
from __future__ import annotations

from guardian.shortcuts import assign_perm

from vendors.models import Vendor, VendorMember
from vendors.roles import ROLE_PERMISSIONS


def vendor_member_add(*, vendor: Vendor, user, role: str) -> VendorMember:
    member = VendorMember.objects.create(vendor=vendor, user=user, role=role)
    for codename in ROLE_PERMISSIONS[role]:
        assign_perm(f"vendors.{codename}", user, vendor)
    return member
