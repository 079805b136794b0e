"""Bulk shipping: a CSV of order number, carrier and tracking number."""

from __future__ import annotations

import csv
import io

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.carriers import CARRIERS
from vendors.services.bulk_shipping import TrackingRow

MAX_BYTES = 1024 * 1024
# Accepted column names (lower case), English and German.
COLUMNS = {
    "order": ("order", "order number", "bestellung", "bestellnummer"),
    "carrier": ("carrier", "versanddienstleister", "versender"),
    "tracking_number": ("tracking_number", "tracking number", "tracking", "sendungsnummer"),
}


class TrackingUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: order, carrier, tracking_number (or Bestellnummer, Versanddienstleister, Sendungsnummer). "
            "Each order part is shipped completely."
        ),
    )

    def clean_file(self) -> list[TrackingRow]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not a text (CSV) file.")) from None
        sample = text[:2048]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        header = [cell.strip().lower() for cell in next(reader, [])]
        positions = {}
        for name, aliases in COLUMNS.items():
            found = next((i for i, cell in enumerate(header) if cell in aliases), None)
            if found is None:
                raise forms.ValidationError(
                    _("The first row must name the columns; %(column)s is missing.") % {"column": name}
                )
            positions[name] = found
        rows = []
        for index, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            value = {name: (cells[pos].strip() if pos < len(cells) else "") for name, pos in positions.items()}
            carrier = value["carrier"].lower()
            by_name = {c.name.lower(): code for code, c in CARRIERS.items()}
            rows.append(
                TrackingRow(
                    row=index,
                    number=value["order"],
                    carrier=by_name.get(carrier, carrier),
                    tracking_number=value["tracking_number"],
                )
            )
        if not rows:
            raise forms.ValidationError(_("The file has no rows with an order number."))
        return rows
