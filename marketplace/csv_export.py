"""Every CSV file the product writes goes through these writers: they neutralise spreadsheet
formulas (CSV injection, OWASP). A cell that starts with ``= + - @``, a tab or a carriage return
is opened by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)`` in a vendor's
name would reach an operator's DAC7 file); such a cell gets a leading apostrophe, which the
spreadsheet shows as text. Plain numbers ("-12.50", "+3") are left alone: they cannot be formulas
and statements need their negative amounts as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def csv_cell(value: Any) -> Any:
    """``value`` made safe for a spreadsheet (strings only; other types are written as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, writer: csv.DictWriter):
        self._writer = writer

    def writeheader(self) -> Any:
        return self._writer.writerow({name: csv_cell(name) for name in self._writer.fieldnames})

    def writerow(self, row: dict) -> Any:
        return self._writer.writerow({key: csv_cell(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> _SafeWriter:
    """``csv.writer(out, **kwargs)`` whose cells are neutralised by ``csv_cell``."""
    return _SafeWriter(csv.writer(out, **kwargs))


def csv_dict_writer(out, fieldnames, **kwargs) -> _SafeDictWriter:
    """``csv.DictWriter(out, fieldnames, **kwargs)`` whose cells are neutralised by ``csv_cell``."""
    return _SafeDictWriter(csv.DictWriter(out, fieldnames=fieldnames, **kwargs))


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A whole CSV file as text: the header, then the rows, every cell neutralised."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
