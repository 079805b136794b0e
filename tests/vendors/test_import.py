"""Bulk import: upload checks, dry run with every bad row and field, import, idempotent re-import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from marketplace.errors import Conflict
from tests.conftest import client_for, row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.models import ImportJob, ImportRowError, Offer, Product
from vendors.services import vendor_member_add
from vendors.services.imports import import_job_create, import_job_queue

pytestmark = pytest.mark.django_db
URL = "/api/seller/imports/"


@pytest.fixture
def api_for(db, search_index, django_capture_on_commit_callbacks):
    # The check and the import are Celery tasks queued on commit (eager here); the test
    # transaction never commits, so run those hooks as a commit would. A private index takes
    # the outbox deliveries they cause.
    return lambda user: Client(client_for(user), django_capture_on_commit_callbacks)


@pytest.fixture
def seller(api_for):
    vendor, owner = make_vendor(name="Alpha")
    CategoryFactory(slug="helme")
    return vendor, owner, api_for(owner)


MAPPING = '{"sku": "Artikelnummer", "price": "Preis", "stock": "Bestand", "title": "Titel", "category": "Kategorie", "gtin": "EAN", "return_window_days": "Rückgabe"}'
HEADER = "Artikelnummer;EAN;Titel;Kategorie;Preis;Bestand;Rückgabe\n"


class Client:
    """An API client whose writes run their on-commit hooks (tasks, outbox) like a real commit."""

    def __init__(self, api, capture):
        self.api, self.capture = api, capture

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.api.post(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self.api.get(*args, **kwargs)


def csv_file(text: str, name: str = "artikel.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(api, file, mapping=MAPPING):
    return api.post(URL, {"file": file, "mapping": mapping}, format="multipart")


GOOD = HEADER + "H-1;;Helm Blitz;helme;19,99;5;30\nH-2;;Helm Sturm;helme;24.50;0;\n"
BAD_ROWS = (
    "H-3;4006381333932;Falsche EAN;helme;10;1;\n"  # row 4: check digit
    "H-4;;Ohne Kategorie;;10;1;\n"  # row 5: new product without category
    "H-5;;Unbekannt;gibt-es-nicht;10;1;\n"  # row 6
    ";;Ohne SKU;helme;abc;-1;15\n"  # row 7: sku, price, stock, return window all bad
    "H-1;;Doppelt;helme;10;1;\n"  # row 8: SKU twice in the file
)


def test_dry_run_reports_every_bad_row_and_field_and_changes_no_offer(seller):
    vendor, owner, api = seller
    offers_before = (Offer.objects.count(), Product.objects.count())
    response = upload(api, csv_file(GOOD + BAD_ROWS))
    assert response.status_code == 201, response.data
    assert response.data["status"] == "uploaded"  # the check runs after commit; clients poll
    job = api.get(f"{URL}{response.data['id']}/").data
    assert job["status"] == "checked" and job["total_rows"] == 7 and job["error_count"] == 5
    errors = api.get(f"{URL}{job['id']}/errors/").data["results"]
    found = {(e["row"], e["field"]) for e in errors}
    assert found == {
        (4, "gtin"),
        (5, "category"),
        (6, "category"),
        (7, "sku"),
        (7, "price"),
        (7, "stock"),
        (7, "return_window_days"),
        (8, "sku"),
    }
    by_key = {(e["row"], e["field"]): e["message"] for e in errors}
    assert "check digit" in by_key[(4, "gtin")]
    assert "'gibt-es-nicht'" in by_key[(6, "category")]
    assert "14, 30, 60 or 100" in by_key[(7, "return_window_days")]
    assert (Offer.objects.count(), Product.objects.count()) == offers_before


def test_import_creates_offers_skips_bad_rows_and_is_idempotent(seller):
    vendor, owner, api = seller
    job_id = upload(api, csv_file(GOOD + BAD_ROWS)).data["id"]
    response = api.post(f"{URL}{job_id}/start/")
    assert response.status_code == 202, response.data
    job = api.get(f"{URL}{job_id}/").data
    assert (job["status"], job["created_count"], job["updated_count"], job["error_count"]) == ("done", 2, 0, 5)
    assert job["processed_rows"] == job["total_rows"] == 7
    first = Offer.objects.get(vendor=vendor, sku="H-1")
    assert (first.price_amount, first.stock, first.return_window_days, first.product.title) == (
        1999,
        5,
        30,
        "Helm Blitz",
    )
    assert Offer.objects.get(vendor=vendor, sku="H-2").price_amount == 2450
    assert Offer.objects.filter(vendor=vendor).count() == 2

    # The same file again: nothing new, nothing changed.
    counts = row_counts()
    again = upload(api, csv_file(GOOD)).data["id"]
    api.post(f"{URL}{again}/start/")
    job = api.get(f"{URL}{again}/").data
    assert (job["created_count"], job["updated_count"], job["error_count"]) == (0, 0, 0)
    changed = {k: v for k, v in row_counts().items() if v != counts[k]}
    assert set(changed) <= {"vendors.ImportJob", "marketplace.AuditLogEntry"}

    # A changed price and stock updates the one offer, by SKU.
    third = upload(api, csv_file(GOOD.replace("19,99;5", "17,49;8"))).data["id"]
    api.post(f"{URL}{third}/start/")
    assert api.get(f"{URL}{third}/").data["updated_count"] == 1
    first.refresh_from_db()
    assert (first.price_amount, first.stock) == (1749, 8)


def test_existing_catalog_product_is_joined_by_gtin(seller, category):
    vendor, owner, api = seller
    beta, beta_owner = make_vendor(name="Beta")
    theirs = make_offer(vendor=beta, owner=beta_owner, category=category, title="Katalog", gtin="4006381333931")
    text = "sku,gtin,price,stock\nK-1,4006381333931,12.00,3\n"
    job_id = upload(api, csv_file(text), mapping="{}").data["id"]
    api.post(f"{URL}{job_id}/start/")
    mine = Offer.objects.get(vendor=vendor, sku="K-1")
    assert mine.product_id == theirs.product_id and mine.status == Offer.Status.LIVE


def test_xlsx_import(seller):
    vendor, owner, api = seller
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["sku", "title", "category", "price", "stock", "weight_g"])
    sheet.append(["X-1", "Helm aus Excel", "helme", 19.99, 4, 350])
    sheet.append(["X-2", "Zu genau", "helme", 19.999, 4, None])
    sheet.append([None, None, None, None, None, None])  # trailing blank line
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("liste.bin", buffer.getvalue(), content_type="application/octet-stream")
    job = api.get(f"{URL}{upload(api, file, mapping='{}').data['id']}/").data
    assert (job["file_format"], job["total_rows"], job["error_count"]) == ("xlsx", 2, 1)
    assert ImportRowError.objects.get(job_id=job["id"]).field == "price"
    api.post(f"{URL}{job['id']}/start/")
    offer = Offer.objects.get(vendor=vendor, sku="X-1")
    assert (offer.price_amount, offer.stock, offer.weight_g) == (1999, 4, 350)


@pytest.mark.parametrize(
    ("file", "mapping", "field", "fragment"),
    [
        (SimpleUploadedFile("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "{}", "file", "neither CSV"),
        (SimpleUploadedFile("leer.csv", b""), "{}", "file", "empty"),
        (SimpleUploadedFile("latin1.csv", "sku;Größe\n".encode("latin-1")), "{}", "file", "UTF-8"),
        (SimpleUploadedFile("archiv.xlsx", b"PK\x03\x04not really a zip"), "{}", "file", "not an XLSX"),
        (csv_file("sku,price,stock\n"), '{"sku": "Artikelnummer"}', "mapping.sku", "'Artikelnummer'"),
        (csv_file("sku,price\n"), "{}", "mapping", "stock"),
        (csv_file("sku,price,stock\n"), "[1, 2]", "mapping", "object"),
        (csv_file("sku,price,stock\n"), "{nope", "mapping", "JSON"),
        (csv_file("sku,price,stock\n"), '{"colour": "Farbe"}', "mapping", "Unknown field"),
    ],
)
def test_upload_is_checked_by_content_and_mapping(seller, file, mapping, field, fragment):
    vendor, owner, api = seller
    before = row_counts()
    response = upload(api, file, mapping)
    assert response.status_code == 400, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before


def test_upload_size_limit(seller, settings):
    vendor, owner, api = seller
    settings.MARKETPLACE_IMPORT_MAX_BYTES = 100
    before = row_counts()
    response = upload(api, csv_file("sku,price,stock\n" + "A,1,1\n" * 30), "{}")
    assert response.status_code == 400 and "100 bytes" in response.data["file"][0]
    assert row_counts() == before


def test_only_checked_imports_start(seller):
    vendor, owner, api = seller
    job = import_job_create(
        vendor=vendor,
        actor=owner,
        upload=csv_file(GOOD),
        mapping={"sku": "Artikelnummer", "price": "Preis", "stock": "Bestand"},
        enqueue=False,
    )
    with pytest.raises(Conflict):
        import_job_queue(vendor=vendor, actor=owner, job_id=job.id)
    response = api.post(f"{URL}{job.id}/start/")
    assert response.status_code == 409 and "status" in response.data
    assert ImportJob.objects.get(id=job.id).status == ImportJob.Status.UPLOADED


def test_other_vendors_imports_are_not_found(seller, api_for):
    vendor, owner, api = seller
    job_id = upload(api, csv_file(GOOD)).data["id"]
    beta, beta_owner = make_vendor(name="Beta")
    beta_api = api_for(beta_owner)
    before = row_counts()
    for method, suffix in [("get", ""), ("get", "errors/"), ("post", "start/")]:
        foreign = getattr(beta_api, method)(f"{URL}{job_id}/{suffix}")
        missing = getattr(beta_api, method)(f"{URL}999999/{suffix}")
        assert foreign.status_code == missing.status_code == 404, suffix
        assert foreign.data == missing.data
    assert beta_api.get(URL).data["results"] == []
    assert row_counts() == before


@pytest.mark.parametrize("role", ["fulfilment", "finance"])
def test_roles_without_manage_listings_cannot_import(seller, api_for, role):
    vendor, owner, api = seller
    job_id = upload(api, csv_file(GOOD)).data["id"]
    staff = UserFactory()
    vendor_member_add(vendor=vendor, user=staff, role=role)
    staff_api = api_for(staff)
    before = row_counts()
    assert upload(staff_api, csv_file(GOOD)).status_code == 403
    assert staff_api.post(f"{URL}{job_id}/start/").status_code == 403
    assert staff_api.get(f"{URL}{job_id}/").status_code == 403
    assert staff_api.get(URL).status_code == 403
    assert row_counts() == before


def test_management_command_imports_with_progress(seller, tmp_path):
    vendor, owner, api = seller
    path = tmp_path / "artikel.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "vendor_import",
        str(path),
        vendor=vendor.id,
        user=owner.username,
        mapping=MAPPING,
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "created 2" in out.getvalue()
    assert set(Offer.objects.filter(vendor=vendor).values_list("sku", flat=True)) == {"H-1", "H-2"}
