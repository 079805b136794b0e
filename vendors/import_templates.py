"""Import templates: the columns a bulk import reads (vendors/imports.py), with the attributes of
one category as extra columns, as an empty CSV or XLSX file the seller fills in.

The first sheet of the XLSX holds only the header row (the import reads the first sheet); a second
sheet explains every column. CSV files go through marketplace.csv_export (formula-safe cells).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.csv_export import csv_cell, csv_writer
from marketplace.models import AttributeDefinition, Category
from vendors.imports import ATTRIBUTE_PREFIX, IMPORT_FIELDS, REQUIRED_FIELDS, field_column
from vendors.selectors import import_row_errors
from vendors.services.attributes import category_schema


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    required: bool
    explanation: str


def _field_explanations() -> dict[str, str]:
    return {
        "sku": _("Your article number; an existing offer with this SKU is updated."),
        "gtin": _("GTIN/EAN of the product; a catalog product with this GTIN is listed without a new product."),
        "title": _("Product title in German (for a new product)."),
        "title_en": _("Product title in English."),
        "description": _("Description in German."),
        "description_en": _("Description in English."),
        "brand": _("Brand."),
        "category": _("Category as the portal shows it (name), or its path."),
        "price": _("Gross price, e.g. 19.99 or 19,99."),
        "currency": _("Currency, e.g. EUR (empty: the shop's currency)."),
        "stock": _("Quantity in stock."),
        "condition": _("new, refurbished or used (empty: new)."),
        "handling_days": _("Working days until you ship (empty: 2)."),
        "return_window_days": _("Return window in days: 14, 30, 60 or 100 (empty: 14)."),
        "weight_g": _("Shipping weight in grams."),
    }


def _attribute_explanation(definition: AttributeDefinition) -> str:
    name = (
        definition.name_en if (get_language() or "de").startswith("en") and definition.name_en else definition.name_de
    )
    kind = {
        AttributeDefinition.Kind.TEXT: _("text"),
        AttributeDefinition.Kind.NUMBER: _("number"),
        AttributeDefinition.Kind.ENUM: _("one of: %(values)s")
        % {"values": ", ".join(map(str, definition.allowed_values))},
        AttributeDefinition.Kind.BOOLEAN: _("yes or no"),
    }.get(definition.kind, definition.kind)
    unit = f" ({definition.unit})" if definition.unit else ""
    return f"{name}{unit}: {kind}"


def template_columns(category: Category | None) -> list[TemplateColumn]:
    """Our fields, then ``attribute:<code>`` for each attribute of ``category``'s schema."""
    explanations = _field_explanations()
    columns = [TemplateColumn(name, name in REQUIRED_FIELDS, explanations[name]) for name in IMPORT_FIELDS]
    if category is not None:
        columns += [
            TemplateColumn(f"{ATTRIBUTE_PREFIX}{code}", definition.required, _attribute_explanation(definition))
            for code, definition in category_schema(category).items()
        ]
    return columns


def template_csv(category: Category | None) -> bytes:
    out = io.StringIO()
    csv_writer(out).writerow([column.header for column in template_columns(category)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # with a BOM, so Excel opens it as UTF-8


def template_xlsx(category: Category | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = template_columns(category)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Offers")[:31]
    sheet.append([csv_cell(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("Columns")[:31])
    help_sheet.append([_("Column"), _("Required"), _("What to enter")])
    for column in columns:
        # openpyxl writes a string starting with "=" as a formula: the same neutralising as CSV.
        help_sheet.append(
            [csv_cell(column.header), _("yes") if column.required else _("no"), csv_cell(column.explanation)]
        )
    if category is not None:
        help_sheet.append([])
        help_sheet.append(["category", "", csv_cell(category.name)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def error_report_csv(job) -> bytes:
    """The job's row errors as CSV (row, column as headed in the file, message), formula-safe."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([_("Row"), _("Column"), _("Message")])
    for error in import_row_errors(job=job).iterator():
        writer.writerow([error.row, field_column(error.field, job.mapping or {}), error.message])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
