"""Seller central import (issue #14 item 3): the template with the category's attributes, category
names as the portal shows them, column mapping, the error report as CSV, and "import the valid
rows" only when there are some."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from marketplace.models import AttributeDefinition
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_vendor
from tests.frontend.test_pages import browser
from vendors import services as vendor_services
from vendors.models import ImportJob, Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    category = CategoryFactory(slug="helme", name_de="Fahrradhelme", name_en="Bike helmets")
    AttributeDefinition.objects.create(
        category=category, code="groesse", name_de="Größe", name_en="Size", kind="enum", allowed_values=["S", "M", "L"]
    )
    AttributeDefinition.objects.create(
        category=category, code="gewicht", name_de="Gewicht", name_en="Weight", kind="number", unit="g", required=True
    )
    alpha, owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    return {"category": category, "alpha": alpha, "owner": owner, "beta": beta, "beta_owner": beta_owner}


def _upload(client, name, content, capture):
    with capture(execute=True):
        response = client.post("/seller/imports/", {"file": SimpleUploadedFile(name, content)})
    return response


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_template_has_the_categorys_attributes_as_columns(shop):
    client = browser(shop["owner"])
    category = shop["category"]
    response = client.get("/seller/imports/template/", {"category": category.id, "file_format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header[:3] == ["sku", "gtin", "title"] and header[-2:] == ["attribute:gewicht", "attribute:groesse"]
    explained = {row[0]: row for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert "S, M, L" in explained["attribute:groesse"][2] and explained["attribute:gewicht"][1] == "yes"
    plain = client.get("/seller/imports/template/", {"file_format": "csv"})
    assert plain["Content-Type"].startswith("text/csv")
    assert next(csv.reader(io.StringIO(plain.content.decode("utf-8-sig"))))[0] == "sku"
    assert "attribute:" not in plain.content.decode("utf-8-sig")
    bad = client.get("/seller/imports/template/", {"category": "999999", "file_format": "pdf"})
    assert bad.status_code == 400 and {"category", "file_format"} <= set(bad.context["template_form"].errors)


def test_category_names_as_shown_attributes_and_the_error_report(shop, django_capture_on_commit_callbacks):
    client = browser(shop["owner"])
    content = _xlsx(
        [
            ["sku", "title", "category", "price", "stock", "attribute:groesse", "attribute:gewicht"],
            ["H-1", "Helm Eins", "Fahrradhelme", 49.9, 3, "M", 300],  # the German name as the portal shows it
            ["H-2", "Helm Zwei", "bike HELMETS", 59.9, 2, "L", 320],  # the English one, any case
            ["H-3", "Helm Drei", "helme", 39.9, 1, "XXL", 280],  # a value the enumeration does not allow
            ["H-4", "Helm Vier", "Fahrradhelme", 29.9, 1, "S", ""],  # a required attribute missing
            ["H-5", "Helm Fünf", "=HYPERLINK(1)", 19.9, 1, "S", 200],  # an unknown category
        ]
    )
    response = _upload(client, "helme.xlsx", content, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get(vendor=shop["alpha"])
    assert job.status == "checked" and (job.total_rows, job.error_count) == (5, 3)
    report = client.get(f"/seller/imports/{job.id}/errors.csv")
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Column", "Message"]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("4", "attribute:groesse"),
        ("5", "attribute:gewicht"),
        ("6", "category"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Import the 2 rows without errors" in page and "errors.csv" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/seller/imports/{job.id}/start/")
    offers = Offer.objects.filter(vendor=shop["alpha"]).order_by("sku")
    assert [o.sku for o in offers] == ["H-1", "H-2"]
    assert offers[0].product.category == shop["category"] and offers[0].product.attributes == {
        "groesse": "M",
        "gewicht": 300,
    }


def test_no_valid_rows_no_import_button_and_the_start_is_refused(shop, django_capture_on_commit_callbacks):
    client = browser(shop["owner"])
    _upload(
        client,
        "kaputt.csv",
        b"sku,title,category,price,stock\nX-1,Helm,Nirgendwo,9.90,1\n",
        django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get(vendor=shop["alpha"])
    page = client.get(f"/seller/imports/{job.id}/")
    assert job.status == "checked" and not page.context["can_start"]
    assert (
        "rows without errors" not in page.content.decode()
        and "No row of this file is free of errors" in page.content.decode()
    )
    before = row_counts()
    client.post(f"/seller/imports/{job.id}/start/")
    job.refresh_from_db()
    assert job.status == "checked" and row_counts() == before


def test_column_mapping_step(shop, django_capture_on_commit_callbacks):
    client = browser(shop["owner"])
    content = "Artikelnummer;Titel;Kategorie;Preis;Bestand;attribute:gewicht\nA-1;Helm;Fahrradhelme;19,90;4;250\n"
    response = _upload(client, "eigene.csv", content.encode(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get(vendor=shop["alpha"])
    assert response.status_code == 302 and job.status == "mapping"
    page = client.get(f"/seller/imports/{job.id}/")
    assert page.context["mapping_form"] is not None and "Artikelnummer" in page.content.decode()
    # A required field left unmapped: the form names it, nothing changes.
    bad = client.post(f"/seller/imports/{job.id}/map/", {"sku": "", "price": "Preis", "stock": "Bestand"})
    assert bad.status_code == 400 and "sku" in bad.context["mapping_form"].errors
    job.refresh_from_db()
    assert job.status == "mapping"
    mapping = {"sku": "Artikelnummer", "title": "Titel", "category": "Kategorie", "price": "Preis", "stock": "Bestand"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/seller/imports/{job.id}/map/", mapping).status_code == 302
    job.refresh_from_db()
    assert job.status == "checked" and job.error_count == 0 and job.mapping == mapping


def test_roles_and_tenancy(shop, django_capture_on_commit_callbacks):
    _upload(
        browser(shop["beta_owner"]),
        "b.csv",
        b"sku,price,stock,title,category\nB-1,9.90,1,Helm,helme\n",
        django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get(vendor=shop["beta"])
    alpha_owner = browser(shop["owner"])
    assert alpha_owner.get(f"/seller/imports/{job.id}/errors.csv").status_code == 404
    assert alpha_owner.post(f"/seller/imports/{job.id}/map/", {"sku": "sku"}).status_code == 404
    packer = UserFactory()
    vendor_services.vendor_member_add(vendor=shop["alpha"], user=packer, role="fulfilment")
    assert browser(packer).get("/seller/imports/template/", {"file_format": "csv"}).status_code == 403
    assert browser(packer).get(f"/seller/imports/{job.id}/errors.csv").status_code == 404


def test_import_pages_speak_german(shop):
    html = browser(shop["owner"]).get("/seller/imports/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Vorlage herunterladen" in html and "Keine Kategorie (nur Grundspalten)" in html
