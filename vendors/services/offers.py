"""Changing offers: fields, the vendor's status changes, bulk price and stock updates."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from marketplace.money import Money
from vendors.models import Offer, Product, Vendor
from vendors.selectors import offer_get, offer_get_by_sku
from vendors.services.checks import (
    check_handling_days,
    check_price,
    check_return_window,
    check_stock,
    check_weight,
    normalise_sku,
    shipping_profile_for_offer,
)
from vendors.services.events import catalog_product_changed, listing_changed
from vendors.services.sales import price_history_record
from vendors.services.variants import offer_variant_check

MAX_CONDITION_NOTE = 300
KEEP = object()  # "not given" for fields where None is a value (no shipping profile, no weight)

# What a vendor may do with its offer's status; pending, suppressed and rejected are the
# operator's (moderation) to change.
VENDOR_STATUS_CHANGES: dict[str, frozenset[str]] = {
    Offer.Status.DRAFT: frozenset({Offer.Status.LIVE, Offer.Status.PAUSED}),
    Offer.Status.LIVE: frozenset({Offer.Status.PAUSED}),
    Offer.Status.PAUSED: frozenset({Offer.Status.LIVE}),
}


def offer_check_status_change(*, offer: Offer, status: str) -> str:
    """The status the offer ends up in, or a Conflict saying why the vendor may not do this."""
    if status == offer.status:
        return status
    if status not in VENDOR_STATUS_CHANGES.get(offer.status, frozenset()):
        allowed = sorted(VENDOR_STATUS_CHANGES.get(offer.status, ()))
        hint = (
            _("allowed from '%(status)s': %(allowed)s") % {"status": offer.status, "allowed": ", ".join(allowed)}
            if allowed
            else _("only an operator can change it")
        )
        raise Conflict(
            _("An offer in status '%(status)s' cannot be set to '%(status2)s'; %(hint)s.")
            % {"status": offer.status, "status2": status, "hint": hint},
            field="status",
        )
    if status == Offer.Status.LIVE and offer.product.status == Product.Status.PENDING:
        return Offer.Status.PENDING  # goes live when the product is approved
    if status == Offer.Status.LIVE and offer.product.status != Product.Status.ACTIVE:
        raise Conflict(_("This product is not open for offers."), field="status")
    return status


@transaction.atomic
def offer_update(
    *,
    vendor: Vendor,
    actor,
    offer_id: int,
    price: Money | None = None,
    stock: int | None = None,
    is_active: bool | None = None,
    status: str | None = None,
    sku: str | None = None,
    handling_days: int | None = None,
    return_window_days: int | None = None,
    shipping_profile_id=KEEP,
    weight_g=KEEP,
    variant_id=KEEP,
    condition_note: str | None = None,
) -> Offer:
    """Change an offer of ``vendor``; only the given fields change. ``is_active`` is the older
    spelling of status live (True) / paused (False). ``variant_id`` moves the offer to another
    variant of its product (an offer made before the product had variants names one this way)."""
    offer = offer_get(vendor=vendor, offer_id=offer_id)
    offer = Offer.objects.select_for_update().select_related("product").get(id=offer.id)
    changes: dict = {}
    if price is not None:
        check_price(price)
        if price.currency != offer.currency:
            raise DomainError(
                _("This offer is priced in %(currency)s; the currency cannot change.") % {"currency": offer.currency},
                field="price",
            )
        if offer.on_sale:
            # While a sale runs buyers pay the sale price; the price given is the regular one.
            if price.amount <= offer.sale_price_amount:
                raise DomainError(
                    _("A sale runs at %(sale)s; the regular price must be above it (or end the sale first).")
                    % {"sale": Money(offer.sale_price_amount, offer.currency)},
                    field="price",
                )
            changes["sale_regular_amount"] = price.amount
        else:
            changes["price_amount"] = price.amount
    if condition_note is not None:
        condition_note = condition_note.strip()
        if len(condition_note) > MAX_CONDITION_NOTE or "\n" in condition_note:
            raise DomainError(
                _("One line of at most %(max)s characters.") % {"max": MAX_CONDITION_NOTE}, field="condition_note"
            )
        changes["condition_note"] = condition_note
    if stock is not None:
        check_stock(stock)
        changes["stock"] = stock
    if is_active is not None and status is None:
        status = Offer.Status.LIVE if is_active else Offer.Status.PAUSED
    if status is not None:
        changes["status"] = offer_check_status_change(offer=offer, status=status)
    if sku is not None:
        sku = normalise_sku(sku)
        if Offer.objects.filter(vendor=vendor, sku=sku).exclude(id=offer.id).exists():
            raise Conflict(_("You already use SKU %(sku)r for another offer.") % {"sku": sku}, field="sku")
        changes["sku"] = sku
    if handling_days is not None:
        check_handling_days(handling_days)
        changes["handling_days"] = handling_days
    if return_window_days is not None:
        check_return_window(return_window_days, vendor=vendor)
        changes["return_window_days"] = return_window_days
    if shipping_profile_id is not KEEP:
        profile = shipping_profile_for_offer(vendor=vendor, profile_id=shipping_profile_id, currency=offer.currency)
        changes["shipping_profile_id"] = profile.id if profile else None
    if weight_g is not KEEP:
        check_weight(weight_g)
        changes["weight_g"] = weight_g
    if variant_id is not KEEP:
        variant = offer_variant_check(product=offer.product, variant_id=variant_id)
        changes["variant_id"] = variant.id if variant else None
    changes = {name: value for name, value in changes.items() if getattr(offer, name) != value}
    if not changes:
        return offer
    if "variant_id" in changes and changes["variant_id"] is not None:
        if (
            Offer.objects.filter(vendor=vendor, variant_id=changes["variant_id"], condition=offer.condition)
            .exclude(id=offer.id)
            .exists()
        ):
            raise Conflict(
                _("You already offer this variant in this condition; change that offer instead."), field="variant"
            )
    for name, value in changes.items():
        setattr(offer, name, value)
    offer.save(update_fields=[*changes, "updated_at"])
    if "price_amount" in changes:
        price_history_record(offer=offer)
    audit_record(actor=actor, action="offer.updated", obj=offer, data=changes)
    catalog_product_changed(product_ids=[offer.product_id])
    listing_changed(offer=offer)
    return offer


@dataclass
class BulkRowResult:
    sku: str
    status: str  # "updated", "unchanged" or "error"
    offer_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def offer_bulk_update(*, vendor: Vendor, actor, rows: list[dict]) -> list[BulkRowResult]:
    """Price/stock changes for many SKUs; each row succeeds or fails on its own.

    ``rows``: ``{"sku": str, "price": Money | None, "stock": int | None}``. Every row runs in its
    own transaction (its own outbox event), so a bad row never undoes a good one.
    """
    results: list[BulkRowResult] = []
    seen: set[str] = set()
    for row in rows:
        sku = row["sku"]
        if sku in seen:
            results.append(
                BulkRowResult(sku=sku, status="error", errors={"sku": [_("This SKU appears twice in the request.")]})
            )
            continue
        seen.add(sku)
        try:
            offer = offer_get_by_sku(vendor=vendor, sku=sku)
            before = offer.updated_at
            offer = offer_update(
                vendor=vendor, actor=actor, offer_id=offer.id, price=row.get("price"), stock=row.get("stock")
            )
        except DomainError as exc:
            results.append(BulkRowResult(sku=sku, status="error", errors={exc.field or "detail": [exc.message]}))
        else:
            status = "unchanged" if offer.updated_at == before else "updated"
            results.append(BulkRowResult(sku=sku, status=status, offer_id=offer.id))
    return results


def offer_bulk_apply(
    *,
    vendor: Vendor,
    actor,
    offer_ids: list[int],
    price: Money | None = None,
    stock: int | None = None,
    status: str | None = None,
) -> list[BulkRowResult]:
    """The same change (price, stock or status live/paused) for several of ``vendor``'s offers, each
    in its own transaction through ``offer_update``; a refused offer does not stop the others."""
    results: list[BulkRowResult] = []
    for offer_id in dict.fromkeys(offer_ids):
        try:
            offer = offer_get(vendor=vendor, offer_id=offer_id)
            before = offer.updated_at
            offer = offer_update(vendor=vendor, actor=actor, offer_id=offer.id, price=price, stock=stock, status=status)
        except DomainError as exc:
            results.append(
                BulkRowResult(sku=str(offer_id), status="error", errors={exc.field or "detail": [exc.message]})
            )
        else:
            status_word = "unchanged" if offer.updated_at == before else "updated"
            results.append(BulkRowResult(sku=offer.sku, status=status_word, offer_id=offer.id))
    return results
