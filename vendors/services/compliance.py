"""Product compliance a seller declares: GPSR product safety data (per product) and the German
registration numbers (packaging LUCID, WEEE and batteries at stiftung ear). Every write checks its
input (a DomainError naming the field, nothing written) and re-runs the listing checks of the
offers it concerns, so an offer kept offline for missing data goes live once it is complete.

``compliance_requirements(category)``: which of GPSR / packaging / WEEE / battery the category (or
an ancestor) asks for; ``compliance_problems(offer)``: what an offer lacks, as (code, field) pairs,
read by moderation's listing checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound
from marketplace.models import Category
from vendors.models import Offer, Product, ProductSafetyInfo, SellerRegistration, Vendor
from vendors.services.events import catalog_product_changed, listing_changed
from vendors.services.trader_checks import email_plausible

REG = SellerRegistration.Kind
# Number formats: stiftung ear's WEEE and battery numbers are "DE" + 8 digits; LUCID numbers are
# "DE" + 13 digits. Spaces are dropped, letters upper-cased.
FORMATS = {
    REG.WEEE: re.compile(r"^DE\d{8}$"),
    REG.BATTERY: re.compile(r"^DE\d{8}$"),
    REG.PACKAGING: re.compile(r"^DE\d{13}$"),
}
EXAMPLES = {REG.WEEE: "DE12345678", REG.BATTERY: "DE12345678", REG.PACKAGING: "DE1234567890123"}
FLAGS = {
    "gpsr": "gpsr_relevant",
    REG.PACKAGING: "needs_packaging_registration",
    REG.WEEE: "needs_weee_registration",
    REG.BATTERY: "needs_battery_registration",
}


def compliance_requirements(category: Category) -> set[str]:
    """The requirements of the category and its ancestors: "gpsr" and registration kinds (at most
    one query, for the ancestors of a nested category, found by their paths)."""
    nodes = [category]
    if category.parent_id:
        parts = category.path.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts))]
        nodes += list(Category.objects.filter(path__in=prefixes).only(*FLAGS.values(), "path"))
    return {need for node in nodes for need, flag in FLAGS.items() if getattr(node, flag)}


def registration_normalise(number: str) -> str:
    return re.sub(r"[\s.-]", "", number or "").upper()


def registration_valid(kind: str, number: str) -> bool:
    return bool(FORMATS[kind].match(registration_normalise(number)))


def compliance_problems(offer: Offer) -> list[tuple[str, str]]:
    """What keeps the offer offline: ("gpsr_missing", field) for each missing GPSR field,
    ("registration_missing"|"registration_invalid", kind) for each registration the category needs."""
    needs = compliance_requirements(offer.product.category)
    problems: list[tuple[str, str]] = []
    if "gpsr" in needs:
        info = ProductSafetyInfo.objects.filter(product_id=offer.product_id).first()
        missing = info.missing() if info else list(ProductSafetyInfo.REQUIRED)
        problems += [("gpsr_missing", name) for name in missing]
    kinds = [k for k in (REG.PACKAGING, REG.WEEE, REG.BATTERY) if k in needs]
    if kinds:
        registered = dict(
            SellerRegistration.objects.filter(vendor_id=offer.vendor_id, kind__in=kinds).values_list("kind", "number")
        )
        for kind in kinds:
            if kind not in registered:
                problems.append(("registration_missing", kind))
            elif not registration_valid(kind, registered[kind]):
                problems.append(("registration_invalid", kind))
    return problems


def _recheck(offers) -> None:
    for offer in offers.select_related("product__category", "vendor").order_by("id"):
        listing_changed(offer=offer)


@transaction.atomic
def seller_registration_set(*, vendor: Vendor, actor, kind: str, number: str) -> SellerRegistration | None:
    """Store (or with an empty number remove) the vendor's registration of ``kind``; a changed
    number needs the operator's verification again."""
    if kind not in REG.values:
        raise DomainError(_("Unknown kind of registration %(kind)r.") % {"kind": kind}, field="kind")
    number = registration_normalise(number)
    field = f"{kind}_number"
    if number and not FORMATS[kind].match(number):
        raise DomainError(
            _("%(value)r is not a valid %(label)s number, e.g. %(example)s.")
            % {"value": number, "label": REG(kind).label, "example": EXAMPLES[kind]},
            field=field,
        )
    current = SellerRegistration.objects.select_for_update().filter(vendor=vendor, kind=kind).first()
    if not number:
        if current:
            current.delete()
        result = None
    elif current and current.number == number:
        return current
    else:
        result, _created = SellerRegistration.objects.update_or_create(
            vendor=vendor, kind=kind, defaults={"number": number, "verified_at": None, "verified_by": None}
        )
    audit_record(actor=actor, action="vendor.registration_changed", obj=vendor, data={"kind": kind, "number": number})
    _recheck(Offer.objects.filter(vendor=vendor))
    return result


@transaction.atomic
def seller_registration_verify(*, actor, registration_id: int, verified: bool = True) -> SellerRegistration:
    """The operator looked the number up in the public register (or withdraws that)."""
    registration = SellerRegistration.objects.select_for_update().filter(id=registration_id).first()
    if registration is None:
        raise NotFound(_("No such registration."), field="registration")
    registration.verified_at = timezone.now() if verified else None
    registration.verified_by = actor if verified else None
    registration.save(update_fields=["verified_at", "verified_by"])
    audit_record(
        actor=actor,
        action="vendor.registration_verified" if verified else "vendor.registration_unverified",
        obj=registration.vendor,
        data={"kind": registration.kind, "number": registration.number},
    )
    return registration


@dataclass
class SafetyIn:
    responsible_name: str = ""
    responsible_address: str = ""
    responsible_email: str = ""
    manufacturer_name: str = ""
    manufacturer_address: str = ""
    manufacturer_email: str = ""
    warnings: str = ""
    safety_information: str = ""


def vendor_product(vendor: Vendor, product_id: int) -> Product:
    """A product the vendor offers or created; anything else is "not found"."""
    product = (
        Product.objects.filter(id=product_id)
        .filter(models_q_vendor(vendor))
        .select_related("category")
        .distinct()
        .first()
    )
    if product is None:
        raise NotFound(_("No such product among yours."), field="product")
    return product


def models_q_vendor(vendor: Vendor):
    from django.db.models import Q

    return Q(offers__vendor=vendor) | Q(created_by=vendor)


@transaction.atomic
def product_safety_set(*, vendor: Vendor, actor, product_id: int, data: SafetyIn) -> ProductSafetyInfo:
    """Store the product's GPSR data (the whole set; empty fields are reported as missing)."""
    product = vendor_product(vendor, product_id)
    values = {}
    for f in fields(SafetyIn):
        value = (getattr(data, f.name) or "").strip()
        limit = 300 if f.name.endswith("_name") else 254 if f.name.endswith("_email") else 5000
        if len(value) > limit:
            raise DomainError(_("At most %(n)d characters.") % {"n": limit}, field=f.name)
        if f.name.endswith("_email") and value and not email_plausible(value):
            raise DomainError(_("%(value)r is not a valid e-mail address.") % {"value": value}, field=f.name)
        values[f.name] = value
    info, _created = ProductSafetyInfo.objects.update_or_create(
        product=product, defaults={**values, "updated_by_vendor": vendor}
    )
    audit_record(actor=actor, action="product.safety_info_changed", obj=product, data={"missing": info.missing()})
    _recheck(Offer.objects.filter(product=product))
    catalog_product_changed(product_ids=[product.id])  # the product page shows the data
    return info


@transaction.atomic
def category_compliance_set(*, actor, category_id: int, flags: dict[str, bool]) -> Category:
    """The operator says which legal gates a category (and its subtree) has; the offers in it are
    checked again at once (taken offline or put back)."""
    category = Category.objects.select_for_update().filter(id=category_id).first()
    if category is None:
        raise NotFound(_("No such category."), field="category")
    unknown = set(flags) - set(FLAGS.values())
    if unknown:
        raise DomainError(_("Unknown flags: %(names)s.") % {"names": ", ".join(sorted(unknown))}, field="flags")
    changed = {name: bool(value) for name, value in flags.items() if getattr(category, name) != bool(value)}
    if not changed:
        return category
    for name, value in changed.items():
        setattr(category, name, value)
    category.save(update_fields=list(changed))
    audit_record(actor=actor, action="category.compliance_changed", obj=category, data=changed)
    subtree = Category.objects.filter(path__startswith=category.path)
    subtree = [c.id for c in subtree if c.path == category.path or c.path.startswith(category.path + "/")]
    _recheck(Offer.objects.filter(product__category_id__in=subtree))
    return category


def registrations_list():
    return SellerRegistration.objects.select_related("vendor", "verified_by").order_by("verified_at", "vendor__name")


def vendor_registrations(vendor: Vendor) -> dict[str, SellerRegistration]:
    return {r.kind: r for r in SellerRegistration.objects.filter(vendor=vendor)}


def vendor_gpsr_products(vendor: Vendor) -> list[tuple[Product, list[str]]]:
    """The vendor's products whose category needs GPSR data, with the fields still missing."""
    products = (
        Product.objects.filter(models_q_vendor(vendor))
        .select_related("category__parent", "safety_info")
        .distinct()
        .order_by("id")
    )
    rows = []
    for product in products:
        if "gpsr" not in compliance_requirements(product.category):
            continue
        info = getattr(product, "safety_info", None)
        rows.append((product, info.missing() if info else list(ProductSafetyInfo.REQUIRED)))
    return rows


def product_safety_of(product_id: int) -> ProductSafetyInfo | None:
    """The product's GPSR data for its page (None: none given)."""
    return ProductSafetyInfo.objects.filter(product_id=product_id).first()
