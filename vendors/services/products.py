"""Catalog products: moderation of products vendors propose (approve / reject).

A product a vendor proposes is PENDING and its offers wait (status pending). Approving makes
it ACTIVE and its waiting offers live; rejecting (with a reason the vendor can act on) marks it
REJECTED and its waiting offers rejected. The review queue with listing rules comes with the
moderation issue and calls these two functions.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from vendors.models import Offer, Product
from vendors.services.events import catalog_product_changed


def _locked(product_id: int) -> Product:
    product = Product.objects.select_for_update().filter(id=product_id).first()
    if product is None:
        raise NotFound("No such product.", field="product")
    return product


@transaction.atomic
def product_approve(*, actor, product_id: int) -> Product:
    product = _locked(product_id)
    if product.status == Product.Status.ACTIVE:
        return product  # approving twice changes nothing
    if product.status != Product.Status.PENDING:
        raise Conflict(f"A product in status {product.status!r} cannot be approved.", field="status")
    product.status, product.moderated_at, product.moderation_reason = Product.Status.ACTIVE, timezone.now(), ""
    product.save(update_fields=["status", "moderated_at", "moderation_reason", "updated_at"])
    went_live = Offer.objects.filter(product=product, status=Offer.Status.PENDING).update(status=Offer.Status.LIVE)
    audit_record(actor=actor, action="product.approved", obj=product, data={"offers_live": went_live})
    catalog_product_changed(product_ids=[product.id])
    return product


@transaction.atomic
def product_reject(*, actor, product_id: int, reason: str) -> Product:
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the product is rejected; the vendor sees the reason.", field="reason")
    product = _locked(product_id)
    if product.status != Product.Status.PENDING:
        raise Conflict(f"A product in status {product.status!r} cannot be rejected.", field="status")
    product.status, product.moderated_at, product.moderation_reason = Product.Status.REJECTED, timezone.now(), reason
    product.save(update_fields=["status", "moderated_at", "moderation_reason", "updated_at"])
    rejected = Offer.objects.filter(product=product, status=Offer.Status.PENDING).update(status=Offer.Status.REJECTED)
    audit_record(actor=actor, action="product.rejected", obj=product, reason=reason, data={"offers_rejected": rejected})
    catalog_product_changed(product_ids=[product.id])
    return product
