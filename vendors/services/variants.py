"""Product variants: option combinations (size, colour) of a product, each with its own GTIN.

A vendor manages the variants of products it proposed (``own_product_get``): the shared catalog's
other products belong to whoever proposed them. Option values are checked against the category's
enumeration attribute of the same code where one exists (``{"size": "M"}`` with a ``size``
enumeration of S, M, L), so variants speak the category's vocabulary; all variants of a product
name the same options, so a buyer picks one value per option.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import AttributeDefinition, OrderLine
from vendors.models import Product, ProductVariant, Vendor
from vendors.selectors import own_product_get
from vendors.services.attributes import category_schema
from vendors.services.checks import normalise_gtin
from vendors.services.events import catalog_product_changed

MAX_OPTIONS = 5
MAX_VALUE = 100
MAX_VARIANTS = 200
OPTION_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def variant_options_check(*, product: Product, options, exclude_id: int | None = None) -> dict[str, str]:
    """Cleaned options, or a DomainError naming the option (``options.<code>``)."""
    if not isinstance(options, dict) or not options:
        raise DomainError(_('Options are an object of option names to values, e.g. {"size": "M"}.'), field="options")
    if len(options) > MAX_OPTIONS:
        raise DomainError(_("A variant has at most %(max)d options.") % {"max": MAX_OPTIONS}, field="options")
    schema = category_schema(product.category)
    clean: dict[str, str] = {}
    for code, value in options.items():
        if not isinstance(code, str) or not OPTION_CODE.match(code):
            raise DomainError(
                _("Option names are lower-case letters, digits and _ (up to 32, starting with a letter)."),
                field=f"options.{code}",
            )
        if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_VALUE:
            raise DomainError(_("Text of 1 to %(max)d characters.") % {"max": MAX_VALUE}, field=f"options.{code}")
        value = value.strip()
        definition = schema.get(code)
        if (
            definition is not None
            and definition.kind == AttributeDefinition.Kind.ENUM
            and value not in definition.allowed_values
        ):
            raise DomainError(
                _("%(value)r is not allowed; one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(map(str, definition.allowed_values))},
                field=f"options.{code}",
            )
        clean[code] = value
    siblings = ProductVariant.objects.filter(product=product).exclude(id=exclude_id)
    first = siblings.order_by("position", "id").first()
    if first is not None and set(first.options) != set(clean):
        raise DomainError(
            _("The variants of this product name the options %(names)s; give exactly these.")
            % {"names": ", ".join(sorted(first.options))},
            field="options",
        )
    if siblings.filter(options=clean).exists():
        raise Conflict(_("This product already has a variant with these options."), field="options")
    return clean


def variant_gtin_check(*, gtin: str, exclude_id: int | None = None) -> str:
    """The normalised GTIN ('' for none), unique among products and variants."""
    gtin = normalise_gtin(gtin or "")
    if not gtin:
        return ""
    if (
        Product.objects.filter(gtin=gtin).exists()
        or ProductVariant.objects.filter(gtin=gtin).exclude(id=exclude_id).exists()
    ):
        raise Conflict(_("GTIN %(gtin)s is already in the catalog.") % {"gtin": gtin}, field="gtin")
    return gtin


def _editable_product(*, vendor: Vendor, product_id: int) -> Product:
    product = own_product_get(vendor=vendor, product_id=product_id)
    product = Product.objects.select_for_update().select_related("category").get(id=product.id)
    if product.status == Product.Status.BLOCKED:
        raise Conflict(_("An operator blocked this product; it cannot be changed."), field="product")
    return product


def _variant(*, product: Product, variant_id: int) -> ProductVariant:
    variant = ProductVariant.objects.filter(product=product, id=variant_id).first()
    if variant is None:
        raise NotFound(_("No such variant."), field="variant")
    return variant


def _saved(variant: ProductVariant) -> ProductVariant:
    # The checks above ran without a lock on other products' variants: a concurrent duplicate
    # GTIN or option combination still ends here, as the same Conflict.
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError:
        raise Conflict(_("The GTIN or this option combination is already taken."), field="options") from None
    return variant


@transaction.atomic
def variant_create(
    *, vendor: Vendor, actor, product_id: int, options: dict, gtin: str = "", position: int | None = None
) -> ProductVariant:
    product = _editable_product(vendor=vendor, product_id=product_id)
    if product.variants.count() >= MAX_VARIANTS:
        raise Conflict(_("A product has at most %(max)d variants.") % {"max": MAX_VARIANTS}, field="options")
    variant = ProductVariant(
        product=product,
        options=variant_options_check(product=product, options=options),
        gtin=variant_gtin_check(gtin=gtin),
        position=product.variants.count() if position is None else position,
    )
    _saved(variant)
    audit_record(
        actor=actor, action="variant.created", obj=variant, data={"product_id": product.id, "options": variant.options}
    )
    catalog_product_changed(product_ids=[product.id])
    return variant


@transaction.atomic
def variant_update(
    *,
    vendor: Vendor,
    actor,
    product_id: int,
    variant_id: int,
    options: dict | None = None,
    gtin: str | None = None,
    position: int | None = None,
) -> ProductVariant:
    """Change the given fields of a variant of a product ``vendor`` proposed."""
    product = _editable_product(vendor=vendor, product_id=product_id)
    variant = _variant(product=product, variant_id=variant_id)
    changes: dict = {}
    if options is not None:
        changes["options"] = variant_options_check(product=product, options=options, exclude_id=variant.id)
    if gtin is not None:
        changes["gtin"] = variant_gtin_check(gtin=gtin, exclude_id=variant.id)
    if position is not None:
        changes["position"] = position
    changes = {name: value for name, value in changes.items() if getattr(variant, name) != value}
    if not changes:
        return variant
    for name, value in changes.items():
        setattr(variant, name, value)
    _saved(variant)
    audit_record(actor=actor, action="variant.updated", obj=variant, data=changes)
    catalog_product_changed(product_ids=[product.id])
    return variant


@transaction.atomic
def variant_delete(*, vendor: Vendor, actor, product_id: int, variant_id: int) -> None:
    product = _editable_product(vendor=vendor, product_id=product_id)
    variant = _variant(product=product, variant_id=variant_id)
    ordered = OrderLine.objects.filter(offer__variant=variant).values("vendor_order__order_id").distinct().count()
    if ordered:
        raise Conflict(
            _(
                "Buyers ordered this variant (%(count)d orders): it stays, so their orders keep what they bought. "
                "To stop selling it, pause its offer."
            )
            % {"count": ordered},
            field="variant",
            code="variant_ordered",
        )
    offers = variant.offers.count()
    if offers:
        raise Conflict(
            _("%(count)d offers sell this variant; end them or move them to another variant first.")
            % {"count": offers},
            field="variant",
        )
    audit_record(
        actor=actor, action="variant.deleted", obj=variant, data={"product_id": product.id, "options": variant.options}
    )
    variant.delete()
    catalog_product_changed(product_ids=[product.id])


def offer_variant_check(*, product: Product, variant_id: int | None) -> ProductVariant | None:
    """The variant an offer of ``product`` sells: one of the product's own, and required as soon
    as the product has variants (a buyer must know which size or colour arrives)."""
    if variant_id is None:
        if product.variants.exists():
            labels = "; ".join(f"{v.id} ({v.label})" for v in product.variants.all()[:10])
            raise DomainError(
                _("This product comes in variants; name one of them: %(variants)s.") % {"variants": labels},
                field="variant",
            )
        return None
    variant = ProductVariant.objects.filter(product=product, id=variant_id).first()
    if variant is None:
        raise NotFound(_("This product has no variant %(id)s.") % {"id": variant_id}, field="variant")
    return variant
