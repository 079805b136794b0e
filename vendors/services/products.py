"""Catalog products: moderation of products vendors propose (approve / reject), and the
proposing vendor's changes to their texts (German and English titles and descriptions, brand).

A product a vendor proposes is PENDING and its offers wait (status pending). Approving makes
it ACTIVE and its waiting offers live; rejecting (with a reason the vendor can act on) marks it
REJECTED and its waiting offers rejected. The review queue with listing rules comes with the
moderation issue and calls these two functions.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import TaxClass
from vendors.models import Offer, Product
from vendors.selectors import own_product_get
from vendors.services.events import catalog_product_changed, product_listings_changed


def _locked(product_id: int) -> Product:
    product = Product.objects.select_for_update().filter(id=product_id).first()
    if product is None:
        raise NotFound(_("No such product."), field="product")
    return product


@transaction.atomic
def product_approve(*, actor, product_id: int) -> Product:
    product = _locked(product_id)
    if product.status == Product.Status.ACTIVE:
        return product  # approving twice changes nothing
    if product.status != Product.Status.PENDING:
        raise Conflict(
            _("A product in status %(status)r cannot be approved.") % {"status": product.status}, field="status"
        )
    product.status, product.moderated_at, product.moderation_reason = Product.Status.ACTIVE, timezone.now(), ""
    product.save(update_fields=["status", "moderated_at", "moderation_reason", "updated_at"])
    went_live = Offer.objects.filter(product=product, status=Offer.Status.PENDING).update(status=Offer.Status.LIVE)
    audit_record(actor=actor, action="product.approved", obj=product, data={"offers_live": went_live})
    catalog_product_changed(product_ids=[product.id])
    return product


@transaction.atomic
def product_tax_class_set(*, actor, product_id: int, tax_class: str) -> Product:
    """An operator sets the product's VAT class ("" = its category's), e.g. an e-book reader
    among books stays standard. Prices of carts and new orders follow; placed orders keep theirs."""
    if tax_class not in {"", *TaxClass.values}:
        raise DomainError(
            _("Unknown tax class %(value)r; use one of: %(choices)s (or empty for the category's).")
            % {"value": tax_class, "choices": ", ".join(TaxClass.values)},
            field="tax_class",
        )
    product = _locked(product_id)
    before = product.tax_class
    product.tax_class = tax_class
    product.save(update_fields=["tax_class", "updated_at"])
    audit_record(actor=actor, action="product.tax_class_set", obj=product, data={"from": before, "to": tax_class})
    return product


@transaction.atomic
def product_reject(*, actor, product_id: int, reason: str) -> Product:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the product is rejected; the vendor sees the reason."), field="reason")
    product = _locked(product_id)
    if product.status != Product.Status.PENDING:
        raise Conflict(
            _("A product in status %(status)r cannot be rejected.") % {"status": product.status}, field="status"
        )
    product.status, product.moderated_at, product.moderation_reason = Product.Status.REJECTED, timezone.now(), reason
    product.save(update_fields=["status", "moderated_at", "moderation_reason", "updated_at"])
    rejected = Offer.objects.filter(product=product, status=Offer.Status.PENDING).update(status=Offer.Status.REJECTED)
    audit_record(actor=actor, action="product.rejected", obj=product, reason=reason, data={"offers_rejected": rejected})
    catalog_product_changed(product_ids=[product.id])
    return product


MAX_TITLE = 300  # Product.title / title_en columns
MAX_DESCRIPTION = 20_000
MAX_BRAND = 200
TEXT_LIMITS = {
    "title": MAX_TITLE,
    "title_en": MAX_TITLE,
    "description": MAX_DESCRIPTION,
    "description_en": MAX_DESCRIPTION,
    "brand": MAX_BRAND,
}


def product_texts_check(*, texts: dict[str, str]) -> dict[str, str]:
    """Stripped texts within their limits, or a DomainError naming the field. Titles and brand
    are one line; descriptions keep their line breaks."""
    clean = {}
    for name, value in texts.items():
        if not isinstance(value, str):
            raise DomainError(_("Text expected."), field=name)
        value = value.strip()
        if len(value) > TEXT_LIMITS[name]:
            raise DomainError(
                _("At most %(max)d characters (this one has %(length)d).")
                % {"max": TEXT_LIMITS[name], "length": len(value)},
                field=name,
            )
        if name in ("title", "title_en", "brand") and ("\n" in value or "\r" in value):
            raise DomainError(_("One line, without line breaks."), field=name)
        clean[name] = value
    return clean


@transaction.atomic
def product_update(*, vendor, actor, product_id: int, **texts: str) -> Product:
    """Change the texts (``title``, ``title_en``, ``description``, ``description_en``, ``brand``)
    of a product ``vendor`` proposed; only the given ones change. One of the two titles stays.

    The search index re-reads the product through the outbox (``catalog.product_changed``), so a
    text change reaches the storefront in both languages."""
    unknown = sorted(set(texts) - set(TEXT_LIMITS))
    if unknown:
        raise DomainError(_("Unknown field."), field=unknown[0])
    product = own_product_get(vendor=vendor, product_id=product_id)
    product = _locked(product.id)
    if product.status == Product.Status.BLOCKED:
        raise Conflict(_("An operator blocked this product; it cannot be changed."), field="product")
    changes = {
        name: value for name, value in product_texts_check(texts=texts).items() if getattr(product, name) != value
    }
    if not changes:
        return product
    for name, value in changes.items():
        setattr(product, name, value)
    if not product.title and not product.title_en:
        raise DomainError(_("A product needs a title (German or English)."), field="title")
    product.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="product.updated", obj=product, data={"fields": sorted(changes)})
    catalog_product_changed(product_ids=[product.id])
    product_listings_changed(product_id=product.id)
    return product


@transaction.atomic
def product_attributes_update(*, vendor, actor, product_id: int, attributes: dict) -> Product:
    """Replace the attributes of a product ``vendor`` proposed, checked against its category's
    schema (vendors/services/attributes.py): an error names the attribute (``attributes.<code>``)."""
    from vendors.services.attributes import attributes_check

    product = own_product_get(vendor=vendor, product_id=product_id)
    product = _locked(product.id)
    if product.status == Product.Status.BLOCKED:
        raise Conflict(_("An operator blocked this product; it cannot be changed."), field="product")
    clean = attributes_check(category=product.category, attributes=attributes)
    if clean == product.attributes:
        return product
    product.attributes = clean
    product.save(update_fields=["attributes", "updated_at"])
    audit_record(actor=actor, action="product.attributes_updated", obj=product, data={"codes": sorted(clean)})
    catalog_product_changed(product_ids=[product.id])
    product_listings_changed(product_id=product.id)
    return product
