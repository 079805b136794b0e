"""The new-listing flow (catalog first) and bulk import pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import browser
from vendors import services as vendor_services
from vendors.models import ImportJob, Offer, Product

pytestmark = pytest.mark.django_db

GTIN = "4006381333931"


@pytest.fixture
def catalog():
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    beans = make_offer(vendor=beta, owner=beta_owner, category=category, title="Espressobohnen", gtin=GTIN, price=1890)
    # Beta's own proposal, still waiting for moderation: not listable by anyone else.
    pending = make_offer(vendor=beta, owner=beta_owner, category=category, title="Geheimtipp", moderated=False).product
    return {
        "category": category,
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "beans": beans.product,
        "pending": pending,
    }


def test_catalog_search_by_gtin_and_by_words_then_offer_the_match(catalog):
    client = browser(catalog["alpha_owner"])
    by_gtin = client.get("/seller/listings/new/", {"gtin": GTIN})
    assert by_gtin.status_code == 200 and [p for p, _f in by_gtin.context["matches"]] == [catalog["beans"]]
    by_words = client.get("/seller/listings/new/", {"q": "espresso"})
    assert [p for p, _f in by_words.context["matches"]] == [catalog["beans"]]
    assert "Geheimtipp" not in client.get("/seller/listings/new/", {"q": "geheim"}).content.decode()
    product = catalog["beans"]
    response = client.post(
        "/seller/listings/new/",
        {
            "product": product.id,
            f"offer-{product.id}-product": product.id,
            f"offer-{product.id}-price": "17.50",
            f"offer-{product.id}-stock": "3",
            f"offer-{product.id}-condition": "new",
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get(vendor=catalog["alpha"])
    assert (offer.product_id, offer.price_amount, offer.stock, offer.status) == (product.id, 1750, 3, "live")
    assert Product.objects.filter(gtin=GTIN).count() == 1


def test_bad_gtin_and_bad_price_show_the_field_and_change_nothing(catalog):
    client = browser(catalog["alpha_owner"])
    bad_gtin = client.get("/seller/listings/new/", {"gtin": "4006381333932"})
    assert bad_gtin.status_code == 400 and "check digit" in bad_gtin.context["search_form"].errors["gtin"][0]
    assert client.get("/seller/listings/new/", {"gtin": "", "q": ""}).status_code == 400
    product = catalog["beans"]
    before = row_counts()
    response = client.post(
        "/seller/listings/new/",
        {
            "product": product.id,
            f"offer-{product.id}-product": product.id,
            f"offer-{product.id}-price": "17,505",
            f"offer-{product.id}-stock": "-1",
            f"offer-{product.id}-condition": "new",
        },
    )
    assert response.status_code == 400
    assert set(response.context["offer_form"].errors) == {"price", "stock"}
    assert row_counts() == before


def test_another_vendors_pending_product_is_a_404(catalog):
    pending = catalog["pending"]
    before = row_counts()
    response = browser(catalog["alpha_owner"]).post(
        "/seller/listings/new/",
        {
            "product": pending.id,
            f"offer-{pending.id}-product": pending.id,
            f"offer-{pending.id}-price": "5",
            f"offer-{pending.id}-stock": "1",
            f"offer-{pending.id}-condition": "new",
        },
    )
    assert response.status_code == 404 and row_counts() == before


def test_propose_a_new_product_waits_for_moderation(catalog):
    client = browser(catalog["alpha_owner"])
    form = {
        "new-category": catalog["category"].id,
        "new-title": "Milchaufschäumer",
        "new-brand": "",
        "new-gtin": "",
        "new-description": "",
        "new-price": "39.90",
        "new-stock": "2",
        "new-condition": "new",
    }
    before = row_counts()
    missing_category = client.post("/seller/listings/new/", form | {"new-category": ""})
    assert missing_category.status_code == 400 and "category" in missing_category.context["propose_form"].errors
    assert row_counts() == before
    assert client.post("/seller/listings/new/", form).status_code == 302
    offer = Offer.objects.get(vendor=catalog["alpha"])
    assert (
        offer.status == "pending" and offer.product.status == "pending" and offer.product.created_by == catalog["alpha"]
    )


def test_listing_pages_need_the_listing_role_and_speak_german(catalog):
    packer = UserFactory()
    vendor_services.vendor_member_add(vendor=catalog["alpha"], user=packer, role="fulfilment")
    assert browser(packer).get("/seller/listings/new/").status_code == 403
    assert browser(packer).get("/seller/imports/").status_code == 403
    assert browser(UserFactory()).get("/seller/listings/new/").status_code == 404
    html = browser(catalog["alpha_owner"]).get("/seller/listings/new/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Neues Angebot" in html and "Katalog durchsuchen" in html
    html = browser(catalog["alpha_owner"]).get("/seller/imports/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Massenimport" in html


CSV = (
    "sku,title,category,price,stock\nMILCH-1,Milchkännchen,kaffee,12.90,5\nFILTER-2,Filtertüten,kaffee,zwölf,8\n"
).encode()


def test_import_checks_shows_the_bad_row_then_imports_the_rest(catalog, django_capture_on_commit_callbacks):
    client = browser(catalog["alpha_owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/seller/imports/", {"file": SimpleUploadedFile("sortiment.csv", CSV, "text/csv")})
    job = ImportJob.objects.get(vendor=catalog["alpha"])
    assert (
        response.status_code == 302
        and response["Location"] == f"/seller/imports/{job.id}/?vendor={catalog['alpha'].id}"
    )
    page = client.get(response["Location"])
    assert page.context["job"].status == "checked" and not page.context["busy"]
    assert [(e.row, e.field) for e in page.context["row_errors"]] == [(3, "price")]
    assert "zwölf" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/seller/imports/{job.id}/start/").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count, job.error_count) == ("done", 1, 1)
    assert list(Offer.objects.filter(vendor=catalog["alpha"]).values_list("sku", flat=True)) == ["MILCH-1"]
    assert job.original_name in client.get("/seller/imports/").content.decode()


def test_import_in_progress_refreshes_itself(catalog):
    # Without running the on-commit check the job stays "uploaded": the page fetches its progress part
    # again every few seconds (htmx; no meta refresh, which axe counts as critical) and links to itself.
    client = browser(catalog["alpha_owner"])
    client.post("/seller/imports/", {"file": SimpleUploadedFile("sortiment.csv", CSV, "text/csv")})
    job = ImportJob.objects.get(vendor=catalog["alpha"])
    html = client.get(f"/seller/imports/{job.id}/").content.decode()
    assert 'hx-trigger="every 2s"' in html and 'hx-select="#import-progress"' in html and "<progress" in html
    assert 'http-equiv="refresh"' not in html


def test_bad_upload_names_the_file_field_and_changes_nothing(catalog):
    client = browser(catalog["alpha_owner"])
    before = row_counts()
    empty = client.post("/seller/imports/", {"file": SimpleUploadedFile("leer.csv", b"", "text/csv")})
    assert empty.status_code == 400 and "file" in empty.context["form"].errors
    picture = client.post(
        "/seller/imports/", {"file": SimpleUploadedFile("bild.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)}
    )
    assert picture.status_code == 400 and "file" in picture.context["form"].errors
    assert row_counts() == before


def test_another_vendors_import_is_a_404(catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        browser(catalog["beta_owner"]).post("/seller/imports/", {"file": SimpleUploadedFile("b.csv", CSV, "text/csv")})
    job = ImportJob.objects.get(vendor=catalog["beta"])
    client = browser(catalog["alpha_owner"])
    assert client.get(f"/seller/imports/{job.id}/").status_code == 404
    before = row_counts()
    assert client.post(f"/seller/imports/{job.id}/start/").status_code == 404
    assert row_counts() == before
    packer = UserFactory()
    vendor_services.vendor_member_add(vendor=catalog["alpha"], user=packer, role="fulfilment")
    assert browser(packer).get(f"/seller/imports/{job.id}/").status_code == 404
