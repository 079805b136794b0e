"""Variants as a buyer sees them: their options named in the category's vocabulary ("Größe: M"),
the label an order line keeps, and the selector of the product page (one row of values per option,
each value a link to the variant that keeps the other options chosen where one exists)."""

from __future__ import annotations

from dataclasses import dataclass, field

from vendors.models import Product, ProductVariant
from vendors.services.attributes import category_schema


def option_names(category) -> dict[str, str]:
    """Option code -> its name in the active language, for the category's attributes (an option
    without an attribute of its code keeps its code)."""
    return {code: definition.name for code, definition in category_schema(category).items()}


def variant_label(variant: ProductVariant, names: dict[str, str]) -> str:
    """ "Größe: M, Farbe: rot": the options in the order the category lists its attributes."""
    order = {code: index for index, code in enumerate(names)}
    codes = sorted(variant.options, key=lambda code: (order.get(code, len(order)), code))
    return ", ".join(f"{names.get(code, code)}: {variant.options[code]}" for code in codes)


def offer_variant_labels(offers) -> dict[int, str]:
    """Offer id -> the label of its variant, for the offers that name one (``offer.variant`` and
    ``offer.product.category`` loaded); one schema query per category."""
    names_by_category: dict[int, dict[str, str]] = {}
    labels = {}
    for offer in offers:
        if offer.variant_id is None:
            continue
        category = offer.product.category
        if category.id not in names_by_category:
            names_by_category[category.id] = option_names(category)
        labels[offer.id] = variant_label(offer.variant, names_by_category[category.id])
    return labels


@dataclass
class OptionValue:
    value: str
    variant_id: int  # the variant this value leads to
    selected: bool
    available: bool  # the variant it leads to has a buyable offer


@dataclass
class OptionRow:
    code: str
    name: str
    values: list[OptionValue] = field(default_factory=list)


@dataclass
class VariantChoice:
    selected: ProductVariant
    label: str
    rows: list[OptionRow]
    variants: list[ProductVariant]


def variant_choice(
    *, product: Product, requested, available_ids: set[int], default_id: int | None = None
) -> VariantChoice | None:
    """The product page's variant selector, None for a product without variants.

    ``requested`` is the ``?variant=`` of the URL (any text: an unknown or foreign id falls back
    to the default), ``available_ids`` the variants with a buyable offer, ``default_id`` the
    variant shown without a choice (the featured offer's); else the first available, else the first."""
    variants = list(product.variants.all())
    if not variants:
        return None
    by_id = {variant.id: variant for variant in variants}
    try:
        selected = by_id.get(int(requested)) if requested not in (None, "") else None
    except (TypeError, ValueError):
        selected = None
    if selected is None:
        selected = by_id.get(default_id) or next((v for v in variants if v.id in available_ids), variants[0])
    names = option_names(product.category)
    order = {code: index for index, code in enumerate(names)}
    codes = sorted(selected.options, key=lambda code: (order.get(code, len(order)), code))
    rows = []
    for code in codes:
        row = OptionRow(code=code, name=names.get(code, code))
        best: dict[str, tuple[tuple[bool, bool], ProductVariant]] = {}
        for variant in variants:
            value = variant.options.get(code)
            if value is None:
                continue
            # Prefer the variant that keeps every other option as chosen, then one with an offer.
            keeps = all(variant.options.get(c) == selected.options.get(c) for c in codes if c != code)
            rank = (keeps, variant.id in available_ids)
            if value not in best or rank > best[value][0]:
                best[value] = (rank, variant)
        row.values = [
            OptionValue(
                value=value,
                variant_id=variant.id,
                selected=value == selected.options.get(code),
                available=variant.id in available_ids,
            )
            for value, (_rank, variant) in best.items()
        ]
        rows.append(row)
    return VariantChoice(selected=selected, label=variant_label(selected, names), rows=rows, variants=variants)
