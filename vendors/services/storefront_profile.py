"""What a seller shows about itself on its public page: a short text and a logo (both optional).
The logo is checked by content and re-encoded (marketplace.uploads), so nothing else of the upload
is served; the old file is removed when it is replaced."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import DomainError
from marketplace.uploads import image_upload_clean
from vendors.models import Vendor

ABOUT_MAX = 2000
LOGO_SIDE = 400
LOGO_MAX_BYTES = 2 * 1024 * 1024


@transaction.atomic
def vendor_storefront_profile_update(
    *, vendor: Vendor, actor, about: str, logo=None, remove_logo: bool = False
) -> Vendor:
    """Save the seller page's text and, when given, a new logo (or remove it)."""
    about = (about or "").strip()
    if len(about) > ABOUT_MAX:
        raise DomainError(
            _("At most %(max)s characters (now %(length)s).") % {"max": ABOUT_MAX, "length": len(about)},
            field="about",
        )
    content = image_upload_clean(logo, max_bytes=LOGO_MAX_BYTES, field="logo", max_side=LOGO_SIDE) if logo else None
    vendor = Vendor.objects.select_for_update().get(id=vendor.id)
    old = vendor.logo.name if vendor.logo else ""
    vendor.about = about
    if content is not None:
        vendor.logo.save("logo.jpg", content, save=False)
    elif remove_logo:
        vendor.logo = ""
    vendor.save(update_fields=["about", "logo"])
    if old and old != (vendor.logo.name if vendor.logo else ""):
        storage = vendor.logo.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(
        actor=actor,
        action="vendor.storefront_profile_updated",
        obj=vendor,
        data={"about_length": len(about), "logo": bool(vendor.logo)},
    )
    return vendor
