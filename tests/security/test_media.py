"""User files are never served as something a browser would run: /media/ serves only the public
folders, real images as images, anything else as an inert download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_vendor

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def put(media_root, name: str, content: bytes) -> str:
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/{name}"


@pytest.mark.parametrize(
    "name,content",
    [("products/1/evil.jpg", HTML), ("products/1/evil.svg", SVG), ("reviews/2/x.jpg", b"alert(1)//" + HTML)],
)
def test_a_file_that_is_not_an_image_is_served_as_an_inert_download(media_root, name, content):
    response = Client().get(put(media_root, name, content))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_real_images_are_served_inline_as_images(media_root):
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="JPEG")
    response = Client().get(put(media_root, "products/1/a.jpg", out.getvalue()))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url",
    [
        "/media/vendor_documents/1/a.pdf",
        "/media/imports/1/x",
        "/media/message_attachments/1/a.pdf",
        "/media/products/../vendor_documents/1/a.pdf",
        "/media/products/1/missing.jpg",
    ],
)
def test_private_folders_and_escapes_are_not_served(media_root, url):
    put(media_root, "vendor_documents/1/a.pdf", b"%PDF-1.4 secret")
    put(media_root, "imports/1/x", b"sku\n")
    put(media_root, "message_attachments/1/a.pdf", b"%PDF-1.4 secret")
    assert Client().get(url).status_code == 404


def test_an_html_page_uploaded_as_a_product_image_is_refused_and_nothing_stored(media_root, category):
    vendor, owner = make_vendor(name="Bilder")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Tasse")
    before = row_counts()
    response = client_for(owner).post(
        f"/api/seller/products/{offer.product_id}/images/",
        {"image": SimpleUploadedFile("tasse.png", HTML, content_type="image/png")},
        format="multipart",
    )
    assert response.status_code == 400 and "image" in response.data, response.data
    assert row_counts() == before
    assert not (media_root / "products").exists()
