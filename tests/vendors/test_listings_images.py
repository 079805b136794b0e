"""Product images: content-checked uploads, re-encoded with thumbnails, order and main image."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import ProductImage
from vendors.services import vendor_member_add

pytestmark = pytest.mark.django_db


def picture(fmt="PNG", size=(400, 300), name="bild.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def product(settings, tmp_path, category):
    settings.MEDIA_ROOT = tmp_path
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe")
    return vendor, owner, client_for(owner), offer.product


def test_upload_re_encodes_makes_thumbnail_and_first_is_main(product):
    vendor, owner, api, item = product
    url = f"/api/seller/products/{item.id}/images/"
    first = api.post(url, {"image": picture()}, format="multipart")
    assert first.status_code == 201, first.data
    assert first.data["is_main"] is True and (first.data["width"], first.data["height"]) == (400, 300)
    stored = ProductImage.objects.get(id=first.data["id"])
    with Image.open(stored.image.path) as image:
        assert image.format == "JPEG"
    with Image.open(stored.thumbnail.path) as thumb:
        assert max(thumb.size) == 320
    second = api.post(url, {"image": picture("JPEG", name="b.jpg")}, format="multipart").data
    assert second["is_main"] is False and second["position"] == 1
    response = api.put(url, {"order": [second["id"], first.data["id"]], "main": second["id"]}, format="json")
    assert response.status_code == 200
    assert [(i["id"], i["is_main"]) for i in response.data] == [(second["id"], True), (first.data["id"], False)]
    assert item.main_image.id == second["id"]


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (SimpleUploadedFile("bild.png", b"GIF89a not really"), "not a readable"),
        (SimpleUploadedFile("bild.png", b"%PDF-1.4 hello"), "not a readable"),
        (picture(size=(100, 100)), "at least 200"),
        (picture("GIF", name="a.gif"), "not GIF"),
    ],
)
def test_bad_uploads_are_refused_and_change_nothing(product, upload, fragment):
    vendor, owner, api, item = product
    before = row_counts()
    response = api.post(f"/api/seller/products/{item.id}/images/", {"image": upload}, format="multipart")
    assert response.status_code == 400 and fragment in response.data["image"][0], response.data
    assert row_counts() == before


def test_size_limit_and_bad_arrangement(product, settings):
    vendor, owner, api, item = product
    settings.MARKETPLACE_IMAGE_MAX_BYTES = 100
    before = row_counts()
    response = api.post(f"/api/seller/products/{item.id}/images/", {"image": picture()}, format="multipart")
    assert response.status_code == 400 and "100 bytes" in response.data["image"][0]
    assert row_counts() == before
    response = api.put(f"/api/seller/products/{item.id}/images/", {"order": [1], "main": 1}, format="json")
    assert response.status_code == 400 and "order" in response.data


def test_other_vendors_and_roles(product):
    vendor, owner, api, item = product
    beta, beta_owner = make_vendor(name="Beta")
    beta_api = client_for(beta_owner)
    staff = UserFactory()
    vendor_member_add(vendor=vendor, user=staff, role="fulfilment")
    before = row_counts()
    foreign = beta_api.post(f"/api/seller/products/{item.id}/images/", {"image": picture()}, format="multipart")
    missing = beta_api.post("/api/seller/products/999999/images/", {"image": picture()}, format="multipart")
    assert foreign.status_code == missing.status_code == 404 and foreign.data == missing.data
    assert (
        client_for(staff)
        .post(f"/api/seller/products/{item.id}/images/", {"image": picture()}, format="multipart")
        .status_code
        == 403
    )
    assert row_counts() == before
