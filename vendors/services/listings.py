"""Listings: products in the shared catalog and vendors' offers of them."""
from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from stdnum import ean

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from marketplace.models import Category
from marketplace.money import Money
from vendors.models import Offer, Product, Vendor
from vendors.selectors import offer_get
from vendors.services.events import catalog_product_changed

MAX_STOCK = 1_000_000


def _check_price(price: Money) -> None:
    if price.amount <= 0:
        raise DomainError("Price must be greater than zero.", field="price")
    if price.currency not in settings.MARKETPLACE_CURRENCIES:
        allowed = ", ".join(settings.MARKETPLACE_CURRENCIES)
        raise DomainError(f"Currency {price.currency} is not accepted; allowed: {allowed}.", field="price")


def _check_stock(stock: int) -> None:
    if not 0 <= stock <= MAX_STOCK:
        raise DomainError(f"Stock must be between 0 and {MAX_STOCK}.", field="stock")


def _normalise_gtin(gtin: str) -> str:
    gtin = gtin.strip()
    if not gtin:
        return ""
    if len(ean.compact(gtin)) not in (8, 12, 13, 14) or not ean.is_valid(gtin):
        raise DomainError("GTIN is not valid: it needs 8, 12, 13 or 14 digits with a correct check digit.", field="gtin")
    return ean.compact(gtin)


@transaction.atomic
def listing_create(
    *,
    vendor: Vendor,
    actor,
    category_id: int,
    title: str,
    price: Money,
    stock: int,
    title_en: str = "",
    description: str = "",
    brand: str = "",
    gtin: str = "",
    attributes: dict | None = None,
    condition: str = Offer.Condition.NEW,
    handling_days: int = 2,
) -> Offer:
    """Offer a product: match the shared catalog by GTIN, or create the product, then the offer."""
    _check_price(price)
    _check_stock(stock)
    gtin = _normalise_gtin(gtin)
    product = Product.objects.filter(gtin=gtin).first() if gtin else None
    if product is None:
        category = Category.objects.filter(id=category_id).first()
        if category is None:
            raise DomainError(f"Unknown category {category_id}.", field="category")
        product = Product.objects.create(
            category=category,
            title=title.strip(),
            title_en=title_en.strip(),
            description=description,
            brand=brand.strip(),
            gtin=gtin,
            attributes=attributes or {},
            created_by=vendor,
        )
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                vendor=vendor,
                product=product,
                condition=condition,
                currency=price.currency,
                price_amount=price.amount,
                stock=stock,
                handling_days=handling_days,
            )
    except IntegrityError:
        raise Conflict(
            f"You already offer this product in condition {condition!r}; change that offer instead.", field="gtin"
        ) from None
    audit_record(actor=actor, action="offer.created", obj=offer, data={"product_id": product.id})
    catalog_product_changed(product_ids=[product.id])
    return offer


@transaction.atomic
def offer_update(
    *, vendor: Vendor, actor, offer_id: int, price: Money | None = None, stock: int | None = None, is_active: bool | None = None
) -> Offer:
    offer = offer_get(vendor=vendor, offer_id=offer_id)
    offer = Offer.objects.select_for_update().get(id=offer.id)
    changes: dict = {}
    if price is not None:
        _check_price(price)
        if price.currency != offer.currency:
            raise DomainError(f"This offer is priced in {offer.currency}; the currency cannot change.", field="price")
        changes["price_amount"] = price.amount
    if stock is not None:
        _check_stock(stock)
        changes["stock"] = stock
    if is_active is not None:
        changes["is_active"] = is_active
    if not changes:
        return offer
    for field, value in changes.items():
        setattr(offer, field, value)
    offer.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="offer.updated", obj=offer, data=changes)
    catalog_product_changed(product_ids=[offer.product_id])
    return offer
