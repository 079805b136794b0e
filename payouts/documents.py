"""Renders reports as CSV and PDF files (reportlab); no queries here."""

from __future__ import annotations

import io
from dataclasses import asdict

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.csv_export import csv_dict_writer, csv_writer
from marketplace.money import Money
from payouts.selectors.reports import Statement


def _money(amount: int | None, currency: str) -> str:
    return "" if amount is None else f"{Money(amount, currency).to_decimal()}"


STATEMENT_COLUMNS = [
    "booked_at",
    "kind",
    "order_number",
    "vendor_order_id",
    "items",
    "commission",
    "commission_vat",
    "amount",
    "balance",
    "memo",
]


def _statement_rows(statement: Statement) -> list[list[str]]:
    c = statement.currency
    return [
        [
            line.booked_at.isoformat(timespec="seconds"),
            line.kind,
            line.reference,
            str(line.vendor_order_id or ""),
            _money(line.items_amount, c),
            _money(line.commission_amount, c),
            _money(line.commission_vat_amount, c),
            _money(line.amount, c),
            _money(line.balance, c),
            line.memo,
        ]
        for line in statement.lines
    ]


def statement_csv(statement: Statement) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["vendor", statement.vendor_id, statement.vendor_name, "currency", statement.currency])
    writer.writerow(["period", statement.period_from.isoformat(), statement.period_to.isoformat()])
    writer.writerow(["opening_balance", _money(statement.opening, statement.currency)])
    writer.writerow(STATEMENT_COLUMNS)
    writer.writerows(_statement_rows(statement))
    writer.writerow(["closing_balance", _money(statement.closing, statement.currency)])
    return out.getvalue().encode("utf-8")


def statement_pdf(statement: Statement) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=f"Statement {statement.vendor_name}")
    styles = getSampleStyleSheet()
    c = statement.currency
    period = f"{formats.date_format(statement.period_from)} – {formats.date_format(statement.period_to)}"
    header = [_("Booked"), _("Type"), _("Order"), _("Items"), _("Commission"), _("VAT"), _("Amount"), _("Balance")]
    body = [[r[0][:10], r[1], r[2], r[4], r[5], r[6], r[7], r[8]] for r in _statement_rows(statement)]
    table = Table([header, *body], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    story = [
        Paragraph(_("Statement for %(vendor)s") % {"vendor": statement.vendor_name}, styles["Title"]),
        Paragraph(period, styles["Normal"]),
        Paragraph(
            _("Opening balance: %(amount)s %(currency)s") % {"amount": _money(statement.opening, c), "currency": c},
            styles["Normal"],
        ),
        Spacer(1, 8),
        table,
        Spacer(1, 8),
        Paragraph(
            _("Closing balance: %(amount)s %(currency)s") % {"amount": _money(statement.closing, c), "currency": c},
            styles["Normal"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def rows_csv(rows: list, columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv_dict_writer(out, columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(asdict(row) if hasattr(row, "__dataclass_fields__") else row)
    return out.getvalue().encode("utf-8")
