"""Issue 18 in a real Chromium, in German, at 1366 and at 390 px:

task b: a seller downloads the XLSX import template (the category's attributes as columns),
imports 50 rows of which 3 are bad, downloads the error report, fixes the 3 rows and imports them.
(Task a, from registration to a live offer with images, attributes and a variant, is
tests/e2e/test_seller_onboarding_browser.py.)
"""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from marketplace.models import AttributeDefinition
from tests.e2e.conftest import log_in
from tests.factories import CategoryFactory, make_vendor
from vendors.models import Offer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
BAD_ROWS = {10: "price", 20: "category", 30: "attribute:groesse"}  # item number -> the column that is wrong


def _fits(page) -> None:
    """Nothing wider than the viewport (the page does not scroll sideways)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _helmets():
    category = CategoryFactory(slug="fahrradhelme", name_de="Fahrradhelme", name_en="Bike helmets")
    AttributeDefinition.objects.create(
        category=category, code="groesse", name_de="Größe", name_en="Size", kind="enum", allowed_values=["S", "M", "L"]
    )
    AttributeDefinition.objects.create(
        category=category, code="gewicht", name_de="Gewicht", name_en="Weight", kind="number", unit="g", required=True
    )
    return category


def _row(header: list[str], number: int, *, bad: str | None = None) -> list:
    values = {
        "sku": f"HELM-{number:03}",
        "title": f"Fahrradhelm Modell {number}",
        "category": "Fahrradhelme",  # the category's name as the portal shows it
        "price": 19.9 + number,
        "stock": 5,
        "attribute:groesse": "M",
        "attribute:gewicht": 280 + number,
    }
    if bad == "price":
        values["price"] = "zwölf Euro"
    elif bad == "category":
        values["category"] = "Gibt es nicht"
    elif bad == "attribute:groesse":
        values["attribute:groesse"] = "XXL"
    return [values.get(column) for column in header]


def _workbook_bytes(template: bytes, numbers, bad=None) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for number in numbers:
        sheet.append(_row(header, number, bad=(bad or {}).get(number)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(page, name: str, content: bytes) -> None:
    page.get_by_label("CSV- oder XLSX-Datei").set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ]
    )
    page.get_by_role("button", name="Hochladen und prüfen").click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_b_seller_imports_template_with_errors(live_server, new_context, viewport):
    _helmets()
    vendor, owner = make_vendor(name="Helmhaus")
    page = new_context("de", VIEWPORTS[viewport]).new_page()
    page.goto(live_server.url + "/seller/imports/")
    log_in(page, owner, language="de")
    expect(page.get_by_role("heading", name="Massenimport")).to_be_visible()
    _fits(page)

    # The template of the category: its attributes are columns.
    page.get_by_label("Kategorie").select_option(label="Fahrradhelme")
    page.get_by_label("Dateityp").select_option("xlsx")
    with page.expect_download() as download:
        page.get_by_role("button", name="Vorlage herunterladen").click()
    template = download.value.path().read_bytes()
    assert download.value.suggested_filename == "import-fahrradhelme.xlsx"
    header = [cell.value for cell in load_workbook(io.BytesIO(template)).worksheets[0][1]]
    assert {"sku", "price", "stock", "category", "attribute:groesse", "attribute:gewicht"} <= set(header)

    # 50 rows, 3 of them bad: the check names each, the import offers the 47 good ones.
    _upload(page, "helme.xlsx", _workbook_bytes(template, range(1, 51), BAD_ROWS))
    expect(page.locator("[data-import-status=checked]")).to_be_visible(timeout=60_000)
    expect(page.locator(".import-errors tbody tr")).to_have_count(3)
    _fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Fehlerbericht herunterladen (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig") as report:
        rows = list(csv.reader(report))
    assert rows[0] == ["Zeile", "Spalte", "Nachricht"]
    assert [(int(r[0]), r[1]) for r in rows[1:]] == [(n + 1, column) for n, column in BAD_ROWS.items()]
    page.get_by_role("button", name="Die 47 fehlerfreien Zeilen importieren").click()
    expect(page.locator("[data-import-status=done]")).to_be_visible(timeout=60_000)
    assert Offer.objects.filter(vendor=vendor).count() == 47

    # The 3 rows fixed, in a new file from the same template: all of them import.
    page.get_by_role("link", name="Alle Importe").click()
    _upload(page, "helme-korrigiert.xlsx", _workbook_bytes(template, sorted(BAD_ROWS)))
    expect(page.locator("[data-import-status=checked]")).to_be_visible(timeout=60_000)
    expect(page.locator(".import-errors")).to_have_count(0)
    page.get_by_role("button", name="Import starten").click()
    expect(page.locator("[data-import-status=done]")).to_be_visible(timeout=60_000)
    _fits(page)
    offers = Offer.objects.filter(vendor=vendor)
    assert offers.count() == 50
    fixed = offers.get(sku="HELM-030")
    assert (
        fixed.product.attributes == {"groesse": "M", "gewicht": 310} and fixed.product.category.slug == "fahrradhelme"
    )
