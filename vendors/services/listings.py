"""Listings: a vendor's offer of a product in the shared catalog (new product or existing one)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from marketplace.models import Category
from marketplace.money import Money
from vendors.models import Offer, Product, ProductVariant, Vendor
from vendors.selectors import listable_product_get
from vendors.services.attributes import attributes_check
from vendors.services.checks import (
    MAX_STOCK,
    check_condition,
    check_handling_days,
    check_price,
    check_return_window,
    check_stock,
    check_weight,
    normalise_gtin,
    normalise_sku,
    shipping_profile_for_offer,
)
from vendors.services.events import catalog_product_changed, listing_changed
from vendors.services.products import product_texts_check
from vendors.services.sales import price_history_record
from vendors.services.variants import offer_variant_check

__all__ = [
    "MAX_STOCK",
    "listing_create",
    "offer_create",
    "offer_status_for_new",
    "product_for_listing",
    "variant_by_gtin",
]


def offer_status_for_new(*, product: Product, publish: bool) -> str:
    """An offer of an active product goes live at once; of a product awaiting moderation it waits.

    Whether the vendor may sell at all is not decided here: LIVE_OFFER also requires a sellable
    vendor, so a live offer of a vendor under review appears once the vendor is approved.
    """
    if product.status == Product.Status.PENDING:
        return Offer.Status.PENDING
    if product.status != Product.Status.ACTIVE:
        raise Conflict(_("This product is not open for offers."), field="product")
    return Offer.Status.LIVE if publish else Offer.Status.DRAFT


def default_sku(*, product: Product, variant: ProductVariant | None, condition: str) -> str:
    sku = f"P{product.id}" + (f"-V{variant.id}" if variant else "")
    return sku if condition == Offer.Condition.NEW else f"{sku}-{condition}"


def offer_create(
    *,
    vendor: Vendor,
    actor,
    product: Product,
    variant: ProductVariant | None = None,
    price: Money,
    stock: int,
    condition: str = Offer.Condition.NEW,
    handling_days: int = 2,
    sku: str | None = None,
    return_window_days: int = 14,
    shipping_profile_id: int | None = None,
    weight_g: int | None = None,
    publish: bool = True,
) -> Offer:
    """Create one offer; the caller checked the inputs and holds the transaction."""
    if variant is None:
        offer_variant_check(product=product, variant_id=None)  # a product with variants needs one named
    elif variant.product_id != product.id:
        offer_variant_check(product=product, variant_id=variant.id)  # not this product's: not found
    profile = shipping_profile_for_offer(vendor=vendor, profile_id=shipping_profile_id, currency=price.currency)
    sku = normalise_sku(sku) if sku else default_sku(product=product, variant=variant, condition=condition)
    if Offer.objects.filter(vendor=vendor, sku=sku).exists():
        raise Conflict(_("You already use SKU %(sku)r for another offer.") % {"sku": sku}, field="sku")
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                vendor=vendor,
                product=product,
                variant=variant,
                sku=sku,
                condition=condition,
                currency=price.currency,
                price_amount=price.amount,
                stock=stock,
                handling_days=handling_days,
                return_window_days=return_window_days,
                shipping_profile=profile,
                weight_g=weight_g,
                status=offer_status_for_new(product=product, publish=publish),
            )
    except IntegrityError:
        # Only the per-product uniqueness can still fail here (the SKU was checked above,
        # a concurrent duplicate SKU lands here too and gets the same advice).
        raise Conflict(
            _(
                "You already offer this product in condition %(condition)r (or SKU %(sku)r is taken); change that offer instead."
            )
            % {"condition": condition, "sku": sku},
            field="gtin",
        ) from None
    price_history_record(offer=offer)
    audit_record(actor=actor, action="offer.created", obj=offer, data={"product_id": product.id, "sku": sku})
    catalog_product_changed(product_ids=[product.id])
    listing_changed(offer=offer)
    return offer


def variant_by_gtin(gtin: str) -> ProductVariant | None:
    """The catalog variant carrying ``gtin`` (normalised), if any: listing it joins that variant."""
    return ProductVariant.objects.select_related("product").filter(gtin=gtin).first() if gtin else None


def check_offer_fields(
    *,
    price: Money,
    stock: int,
    condition: str,
    handling_days: int,
    return_window_days: int,
    weight_g: int | None,
    vendor: Vendor | None = None,
) -> None:
    check_price(price)
    check_stock(stock)
    check_condition(condition)
    check_handling_days(handling_days)
    check_return_window(return_window_days, vendor=vendor)
    check_weight(weight_g)


def product_for_listing(
    *,
    vendor: Vendor,
    gtin: str,
    category: Category | None,
    category_ref,
    title: str,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
    brand: str = "",
    attributes: dict | None = None,
) -> Product:
    """The catalog product a listing joins (same GTIN), or a new one proposed by the vendor.

    ``gtin`` is already normalised. The texts only matter for a new product: a vendor never
    rewrites a shared catalog product by listing it. A new product starts PENDING (moderation).
    """
    product = Product.objects.filter(gtin=gtin).first() if gtin else None
    if product is not None:
        return product
    variant = variant_by_gtin(gtin)
    if variant is not None:
        return variant.product
    if category is None:
        if category_ref in (None, ""):
            raise DomainError(
                _("A new product needs a category (or list a catalog product by GTIN or id)."), field="category"
            )
        raise DomainError(_("Unknown category %(category_ref)s.") % {"category_ref": category_ref}, field="category")
    texts = product_texts_check(
        texts={
            "title": title,
            "title_en": title_en,
            "description": description,
            "description_en": description_en,
            "brand": brand,
        }
    )
    if not texts["title"] and not texts["title_en"]:
        raise DomainError(_("A new product needs a title (German or English)."), field="title")
    attributes = attributes_check(category=category, attributes=attributes)
    # A vendor's new product waits for moderation (vendors/services/products.py), its offer too.
    return Product.objects.create(
        status=Product.Status.PENDING,
        category=category,
        **texts,
        gtin=gtin,
        attributes=attributes,
        created_by=vendor,
    )


@transaction.atomic
def listing_create(
    *,
    vendor: Vendor,
    actor,
    price: Money,
    stock: int,
    category_id: int | None = None,
    title: str = "",
    product_id: int | None = None,
    variant_id: int | None = None,
    description_en: str = "",
    title_en: str = "",
    description: str = "",
    brand: str = "",
    gtin: str = "",
    attributes: dict | None = None,
    condition: str = Offer.Condition.NEW,
    handling_days: int = 2,
    sku: str | None = None,
    return_window_days: int = 14,
    shipping_profile_id: int | None = None,
    weight_g: int | None = None,
    publish: bool = True,
) -> Offer:
    """Offer a product: a catalog product by id (found through the catalog search) or GTIN, or a
    new product proposed for moderation; then the offer (live at once on an active product).

    A product with variants needs ``variant_id`` (one of its variants); a GTIN of a variant names
    both the product and the variant."""
    check_offer_fields(
        vendor=vendor,
        price=price,
        stock=stock,
        condition=condition,
        handling_days=handling_days,
        return_window_days=return_window_days,
        weight_g=weight_g,
    )
    variant = None
    if product_id is not None:
        product = listable_product_get(vendor=vendor, product_id=product_id)
    else:
        gtin = normalise_gtin(gtin)
        variant = variant_by_gtin(gtin)
        product = product_for_listing(
            vendor=vendor,
            gtin=gtin,
            category=Category.objects.filter(id=category_id).first() if category_id is not None else None,
            category_ref=category_id,
            title=title,
            title_en=title_en,
            description=description,
            description_en=description_en,
            brand=brand,
            attributes=attributes,
        )
    if variant_id is not None:
        variant = offer_variant_check(product=product, variant_id=variant_id)
    return offer_create(
        vendor=vendor,
        actor=actor,
        product=product,
        variant=variant,
        price=price,
        stock=stock,
        condition=condition,
        handling_days=handling_days,
        sku=sku,
        return_window_days=return_window_days,
        shipping_profile_id=shipping_profile_id,
        weight_g=weight_g,
        publish=publish,
    )
