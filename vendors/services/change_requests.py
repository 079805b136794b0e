"""Change requests for shared catalog products: a seller that offers a product someone else
proposed cannot edit it (vendors/services/products.py), but may ask for a correction of its
texts or brand; an operator accepts it (the texts change for every seller's offer) or rejects it
with a reason the seller sees."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from vendors.models import Offer, Product, ProductChangeRequest, Vendor
from vendors.services.events import catalog_product_changed, product_listings_changed
from vendors.services.products import TEXT_LIMITS, product_texts_check

MAX_NOTE = 2000
MAX_OPEN_PER_PRODUCT = 3


@transaction.atomic
def product_change_request_create(
    *, vendor: Vendor, actor, product_id: int, changes: dict[str, str], note: str = ""
) -> ProductChangeRequest:
    """Ask for changes of a product ``vendor`` offers and did not create; only fields that differ count."""
    if not Offer.objects.filter(vendor=vendor, product_id=product_id).exists():
        raise NotFound(_("No such catalog product among your offers."), field="product")
    product = Product.objects.get(id=product_id)
    if product.created_by_id == vendor.id:
        raise Conflict(_("You created this product: change it in the listing editor."), field="product")
    unknown = sorted(set(changes) - set(TEXT_LIMITS))
    if unknown:
        raise DomainError(_("Unknown field."), field=unknown[0])
    clean = {
        name: value
        for name, value in product_texts_check(texts={k: v for k, v in changes.items() if v is not None}).items()
        if value != getattr(product, name)
    }
    if "title" in clean and not clean["title"] and not (clean.get("title_en", product.title_en)):
        raise DomainError(_("A product needs a title (German or English)."), field="title")
    if not clean:
        raise DomainError(_("Change at least one text; these are the product's texts already."), field="title")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("At most %(max)d characters.") % {"max": MAX_NOTE}, field="note")
    open_count = ProductChangeRequest.objects.filter(
        vendor=vendor, product=product, status=ProductChangeRequest.Status.OPEN
    ).count()
    if open_count >= MAX_OPEN_PER_PRODUCT:
        raise Conflict(
            _("You have %(n)d open requests for this product; wait for our answer.") % {"n": open_count},
            field="product",
        )
    request = ProductChangeRequest.objects.create(
        product=product,
        vendor=vendor,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        changes=clean,
        note=note,
    )
    audit_record(
        actor=actor,
        action="product.change_requested",
        obj=product,
        data={"request_id": request.id, "fields": sorted(clean)},
    )
    return request


@transaction.atomic
def product_change_request_decide(*, actor, request_id: int, accept: bool, reason: str = "") -> ProductChangeRequest:
    """An operator's decision; accepting applies the requested texts to the product."""
    request = ProductChangeRequest.objects.select_for_update().filter(id=request_id).first()
    if request is None:
        raise NotFound(_("No such change request."), field="request")
    if request.status != ProductChangeRequest.Status.OPEN:
        raise Conflict(_("This request was decided already."), field="status")
    reason = (reason or "").strip()
    if not accept and not reason:
        raise DomainError(_("Say why the request is rejected; the seller sees the reason."), field="reason")
    if accept:
        product = Product.objects.select_for_update().get(id=request.product_id)
        for name, value in request.changes.items():
            setattr(product, name, value)
        if not product.title and not product.title_en:
            raise DomainError(_("A product needs a title (German or English)."), field="title")
        product.save(update_fields=[*request.changes, "updated_at"])
        catalog_product_changed(product_ids=[product.id])
        product_listings_changed(product_id=product.id)
    request.status = ProductChangeRequest.Status.ACCEPTED if accept else ProductChangeRequest.Status.REJECTED
    request.reason, request.decided_by, request.decided_at = reason, actor, timezone.now()
    request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="product.change_request_decided",
        obj=request.product,
        reason=reason,
        data={"request_id": request.id, "accepted": accept},
    )
    return request
