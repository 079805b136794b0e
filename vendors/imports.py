"""Reading import files (CSV, XLSX) row by row and turning a row into checked values.

Nothing here writes: vendors/services/imports.py stores jobs and applies rows. Files are read
as streams (csv over a text wrapper, openpyxl in read-only mode), so a 10,000-row file never
sits in memory as a whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import CURRENCY_EXPONENTS, Money
from vendors.models import ImportJob, Offer
from vendors.services.checks import (
    check_condition,
    check_handling_days,
    check_price,
    check_return_window,
    check_stock,
    check_weight,
    normalise_gtin,
    normalise_sku,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
IMPORT_FIELDS = (
    "sku",
    "gtin",
    "title",
    "title_en",
    "description",
    "description_en",
    "brand",
    "category",
    "price",
    "currency",
    "stock",
    "condition",
    "handling_days",
    "return_window_days",
    "weight_g",
)
REQUIRED_FIELDS = ("sku", "price", "stock")
# A column "attribute:<code>" carries the product attribute <code> of the row's category (the
# template of a category has one such column per attribute of its schema).
ATTRIBUTE_PREFIX = "attribute:"


def max_import_bytes() -> int:
    return getattr(settings, "MARKETPLACE_IMPORT_MAX_BYTES", MAX_IMPORT_BYTES)


def detect_format(upload: IO[bytes], size: int) -> str:
    """CSV or XLSX judged by the bytes, not the file name; anything else is refused."""
    if size == 0:
        raise DomainError(_("The file is empty."), field="file")
    if size > max_import_bytes():
        raise DomainError(
            _("The file is larger than %(value)s bytes; split it.") % {"value": max_import_bytes()}, field="file"
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        upload.seek(0)
        if "xl/workbook.xml" in names:
            return ImportJob.Format.XLSX
        raise DomainError(_("This archive is not an XLSX workbook; upload CSV or XLSX."), field="file")
    if b"\x00" in head:
        raise DomainError(_("This is neither CSV text nor an XLSX workbook."), field="file")
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        raise DomainError(_("CSV files must be UTF-8 encoded."), field="file") from None
    return ImportJob.Format.CSV


def _csv_rows(stream: IO[bytes]) -> Iterator[list[str]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        sample = text.read(SNIFF_BYTES)
        text.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        yield from csv.reader(text, dialect)
    finally:
        text.detach()  # leave the caller's stream open (the wrapper would close it)


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def read_rows(stream: IO[bytes], file_format: str) -> Iterator[list]:
    """The file's rows as lists of cell values, header first."""
    return _xlsx_rows(stream) if file_format == ImportJob.Format.XLSX else _csv_rows(stream)


def header_names(header: list) -> list[str]:
    return [str(h).strip() if h is not None else "" for h in header]


def resolve_mapping(header: list, mapping: dict[str, str]) -> dict[str, int]:
    """Our field -> column index. Unmapped fields default to a column of the same name; every
    column "attribute:<code>" is taken as that attribute."""
    names = header_names(header)
    unknown = sorted(name for name in set(mapping) - set(IMPORT_FIELDS) if not name.startswith(ATTRIBUTE_PREFIX))
    if unknown:
        raise DomainError(
            _("Unknown field(s) %(unknown)s; allowed: %(import_fields)s.")
            % {"unknown": ", ".join(unknown), "import_fields": ", ".join(IMPORT_FIELDS)},
            field="mapping",
        )
    columns: dict[str, int] = {}
    for name in IMPORT_FIELDS:
        column = mapping.get(name, name)
        if column in names:
            columns[name] = names.index(column)
        elif name in mapping and column:
            raise DomainError(
                _("Column %(column)r (for %(name)s) is not in the file's header row.")
                % {"column": column, "name": name},
                field=f"mapping.{name}",
            )
    for index, column in enumerate(names):
        if column.startswith(ATTRIBUTE_PREFIX) and column[len(ATTRIBUTE_PREFIX) :].strip():
            columns.setdefault(ATTRIBUTE_PREFIX + column[len(ATTRIBUTE_PREFIX) :].strip(), index)
    for name, column in mapping.items():
        if name.startswith(ATTRIBUTE_PREFIX) and column in names:
            columns[name] = names.index(column)
    missing = [name for name in REQUIRED_FIELDS if name not in columns]
    if missing:
        raise DomainError(
            _("The file needs columns for %(missing)s (map them if your headers differ).")
            % {"missing": ", ".join(missing)},
            field="mapping",
        )
    return columns


def field_column(field_name: str, mapping: dict[str, str]) -> str:
    """The file's column header for one of our field names (as an error report names it)."""
    base = field_name.split(".", 1)
    if base[0] == "attributes" and len(base) == 2:
        return mapping.get(ATTRIBUTE_PREFIX + base[1], ATTRIBUTE_PREFIX + base[1])
    return mapping.get(field_name, field_name)


@dataclass
class ImportRow:
    number: int  # spreadsheet row number (header = 1)
    sku: str = ""
    price: Money | None = None
    stock: int = 0
    gtin: str = ""
    title: str = ""
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    brand: str = ""
    category: str = ""
    condition: str = Offer.Condition.NEW
    handling_days: int | None = None
    return_window_days: int | None = None
    weight_g: int | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet shows 4006381333931 as a number
    return str(value).strip()


def _int(value, name: str) -> int:
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DomainError(_("%(text)r is not a whole number.") % {"text": text}, field=name) from None
    if number != number.to_integral_value():
        raise DomainError(_("%(text)r is not a whole number.") % {"text": text}, field=name)
    return int(number)


def _price(value, currency: str) -> Money:
    # Spreadsheet cells arrive as floats: their shortest repr ("19.99") is the decimal the vendor
    # typed, and Money.from_decimal refuses anything finer than the currency's minor unit.
    text = repr(value) if isinstance(value, float) else _text(value)
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # German decimal comma
    try:
        money = Money.from_decimal(Decimal(text), currency)
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("%(text)r is not a price in %(currency)s (use e.g. 19.99, at most %(currency_exponents)s decimals).")
            % {"text": text, "currency": currency, "currency_exponents": CURRENCY_EXPONENTS[currency]},
            field="price",
        ) from None
    check_price(money)
    return money


def parse_row(number: int, cells: list, columns: dict[str, int]) -> ImportRow:
    """Check every field of one row; all its errors are collected, not just the first."""
    row = ImportRow(number=number)

    def cell(name: str):
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def attempt(name: str, convert):
        raw = cell(name)
        if name not in REQUIRED_FIELDS and _text(raw) == "":
            return
        try:
            setattr(row, name, convert(raw))
        except DomainError as exc:
            row.errors.append((exc.field or name, exc.message))

    currency = _text(cell("currency")).upper() or settings.MARKETPLACE_CURRENCY
    if currency not in CURRENCY_EXPONENTS or currency not in settings.MARKETPLACE_CURRENCIES:
        row.errors.append(
            (
                "currency",
                _("Currency %(currency)r is not accepted; allowed: %(allowed)s.")
                % {"currency": currency, "allowed": ", ".join(settings.MARKETPLACE_CURRENCIES)},
            )
        )
        currency = ""

    def required_text(raw) -> str:
        if not _text(raw):
            raise DomainError(_("This field is required."))
        return _text(raw)

    attempt("sku", lambda v: normalise_sku(required_text(v)))
    if currency:
        attempt("price", lambda v: _price(required_text(v), currency))
    attempt("stock", lambda v: _checked(_int(required_text(v), "stock"), check_stock))
    attempt("gtin", lambda v: normalise_gtin(_text(v)))
    for name in ("title", "title_en", "brand", "category"):
        attempt(name, lambda v, name=name: _limited(_text(v), name, 300))
    for name in ("description", "description_en"):
        attempt(name, lambda v, name=name: _limited(_text(v), name, 20_000))
    attempt("condition", lambda v: _checked(_text(v).lower(), check_condition))
    attempt("handling_days", lambda v: _checked(_int(v, "handling_days"), check_handling_days))
    attempt("return_window_days", lambda v: _checked(_int(v, "return_window_days"), check_return_window))
    attempt("weight_g", lambda v: _checked(_int(v, "weight_g"), check_weight))
    for name, index in columns.items():
        if name.startswith(ATTRIBUTE_PREFIX) and index < len(cells) and _text(cells[index]):
            row.attributes[name[len(ATTRIBUTE_PREFIX) :]] = _text(cells[index])
    if not row.gtin and not any(f == "gtin" for f, _ in row.errors) and not (row.title or row.title_en):
        row.errors.append(("title", _("Without a GTIN of a catalog product, a row needs a title and a category.")))
    return row


def _checked(value, check):
    check(value)
    return value


def _limited(text: str, name: str, limit: int) -> str:
    if len(text) > limit:
        raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field=name)
    return text
