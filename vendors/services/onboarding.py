"""Vendor onboarding: applying and the operator's verification decisions."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from marketplace.audit import audit_record
from marketplace.errors import Conflict, NotFound
from vendors.models import Vendor, VendorMember
from vendors.services.events import catalog_product_changed
from vendors.services.staff import vendor_member_add


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "vendor"
    slug, n = base, 1
    while Vendor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def vendor_apply(*, user, name: str, legal_name: str, country: str, email: str) -> Vendor:
    vendor = Vendor.objects.create(
        name=name, slug=_unique_slug(name), legal_name=legal_name, country=country.upper(), email=email
    )
    vendor_member_add(vendor=vendor, user=user, role=VendorMember.Role.OWNER)
    audit_record(actor=user, action="vendor.applied", obj=vendor)
    return vendor


@transaction.atomic
def vendor_approve(*, actor, vendor_id: int) -> Vendor:
    try:
        vendor = Vendor.objects.select_for_update().get(id=vendor_id)
    except Vendor.DoesNotExist:
        raise NotFound("No such vendor.") from None
    if vendor.status == Vendor.Status.APPROVED:
        return vendor  # approving twice changes nothing
    if vendor.status != Vendor.Status.APPLIED:
        raise Conflict(f"A vendor in status {vendor.status!r} cannot be approved.", field="status")
    vendor.status = Vendor.Status.APPROVED
    vendor.approved_at = timezone.now()
    vendor.save(update_fields=["status", "approved_at"])
    audit_record(actor=actor, action="vendor.approved", obj=vendor)
    # Its offers (if any were prepared) become visible.
    catalog_product_changed(product_ids=vendor.offers.values_list("product_id", flat=True))
    return vendor
