"""Vendor staff roles, each a set of django-guardian object permissions on the Vendor."""

from vendors.models import VendorMember

Role = VendorMember.Role

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset({"manage_listings", "fulfil_orders", "view_finances", "manage_staff", "manage_account"}),
    Role.MANAGER: frozenset({"manage_listings", "fulfil_orders"}),
    Role.FULFILMENT: frozenset({"fulfil_orders"}),
    Role.FINANCE: frozenset({"view_finances"}),
}
ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())
