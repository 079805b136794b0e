"""Task e of issue #18: media on the S3-compatible server the test services run (SeaweedFS).

Product images (with thumbnail and renditions) land in the public bucket and the storefront links
them there; vendor documents land in the private bucket, which answers an anonymous GET with 403,
and reach the seller and the operator only through the authorised download views (or a signed URL
that expires)."""

import re
import time
import urllib.error
import urllib.request
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from marketplace.storage import media_is_public
from marketplace.storage_config import media_public_origin
from tests.conftest import client_for
from tests.factories import make_offer, make_operator, make_vendor
from tests.frontend.test_pages import browser
from tests.vendors.test_listings_images import picture
from tests.vendors.test_onboarding_application import pdf_bytes, upload
from vendors.models import ProductImage, VendorDocument

pytestmark = pytest.mark.django_db

_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def anonymous_get(url: str) -> tuple[int, bytes, str]:
    """Status, body and content type of a plain GET without credentials (as a browser would)."""
    try:
        with _direct.open(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def stored(s3, bucket: str, name: str) -> bytes | None:
    """The object's bytes, or None when the bucket has no such key."""
    try:
        return s3.client.get_object(Bucket=bucket, Key=f"{s3.location}/{name}")["Body"].read()
    except s3.client.exceptions.NoSuchKey:
        return None


def local_files(s3) -> list:
    return [p for p in s3.media_root.rglob("*") if p.is_file()] if s3.media_root.exists() else []


def test_e_an_image_uploaded_through_the_seller_api_is_stored_in_s3_and_served_on_the_storefront(s3_media, category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Stehlampe")
    response = client_for(owner).post(
        f"/api/seller/products/{offer.product_id}/images/", {"image": picture(size=(800, 600))}, format="multipart"
    )
    assert response.status_code == 201, response.data
    image = ProductImage.objects.get(id=response.data["id"])

    # The picture, its thumbnail and its renditions are objects of the public bucket; none of
    # them went to the private bucket or to the local disk.
    names = [image.image.name, image.thumbnail.name, *image.renditions.values()]
    assert len(image.renditions) == 3  # 160, 320 and 640 px wide copies of an 800 px picture
    for name in names:
        body = stored(s3_media, s3_media.public_bucket, name)
        assert body is not None and body.startswith(b"\xff\xd8\xff"), name  # a JPEG
        assert stored(s3_media, s3_media.private_bucket, name) is None
    head = s3_media.client.head_object(Bucket=s3_media.public_bucket, Key=f"{s3_media.location}/{image.image.name}")
    assert head["ContentType"] == "image/jpeg"
    assert local_files(s3_media) == []
    # The seller API answers with the object's public address.
    public_prefix = f"{s3_media.endpoint}/{s3_media.public_bucket}/{s3_media.location}/products/"
    assert response.data["url"].startswith(public_prefix)

    # The storefront's product page shows it from there, and a browser gets the bytes anonymously.
    page = browser().get(reverse("frontend:product", args=[offer.product_id]))
    assert page.status_code == 200
    main = re.search(r'id="gallery-main-image" src="([^"]+)"', page.content.decode())
    assert main, "the product page shows no picture"
    src = unescape(main.group(1))
    assert src.startswith(public_prefix) and "X-Amz-Signature" not in src
    status, body, content_type = anonymous_get(src)
    assert status == 200 and content_type == "image/jpeg"
    assert body == stored(s3_media, s3_media.public_bucket, image.renditions["640"])
    status, body, _ = anonymous_get(
        f"{s3_media.endpoint}/{s3_media.public_bucket}/{s3_media.location}/{image.image.name}"
    )
    assert status == 200 and body == stored(s3_media, s3_media.public_bucket, image.image.name)


def test_e_a_vendor_document_in_s3_is_never_publicly_readable(s3_media):
    vendor, owner = make_vendor(name="Alpha", approved=False)
    content = pdf_bytes()
    response = upload(client_for(owner), "auszug.pdf", content)
    assert response.status_code == 201, response.data
    document = VendorDocument.objects.get(id=response.data["id"])
    name = document.file.name

    # Stored in the private bucket only.
    assert stored(s3_media, s3_media.private_bucket, name) == content
    assert stored(s3_media, s3_media.public_bucket, name) is None
    assert local_files(s3_media) == []

    # An anonymous GET of the object's address is refused, and so is one by way of the public
    # bucket or a path that climbs out of a public folder.
    key = f"{s3_media.location}/{name}"
    assert anonymous_get(f"{s3_media.endpoint}/{s3_media.private_bucket}/{key}")[0] == 403
    assert anonymous_get(f"{s3_media.endpoint}/{s3_media.public_bucket}/{key}")[0] == 404
    assert not media_is_public(f"products/../{name}")
    # Listing either bucket anonymously is refused too.
    assert anonymous_get(f"{s3_media.endpoint}/{s3_media.private_bucket}/?list-type=2")[0] == 403
    assert anonymous_get(f"{s3_media.endpoint}/{s3_media.public_bucket}/?list-type=2")[0] == 403

    # The storage's address for it is signed and short-lived: it works now, not once expired,
    # not with a changed signature.
    signed = default_storage.url(name)
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    assert anonymous_get(signed)[:2] == (200, content)
    assert anonymous_get(re.sub(r"X-Amz-Signature=[0-9a-f]{4}", "X-Amz-Signature=0000", signed))[0] == 403
    short = default_storage.private.url(name, expire=1)
    time.sleep(2.1)
    assert anonymous_get(short)[0] == 403

    # The seller's members and the operators download it through the permission-checked views;
    # another vendor and anonymous callers do not.
    own = client_for(owner).get(f"/api/seller/vendor/documents/{document.id}/")
    assert own.status_code == 200 and b"".join(own.streaming_content) == content
    operator = client_for(make_operator()).get(f"/api/operator/vendors/{vendor.id}/documents/{document.id}/")
    assert operator.status_code == 200 and b"".join(operator.streaming_content) == content
    other, other_owner = make_vendor(name="Beta")
    assert client_for(other_owner).get(f"/api/seller/vendor/documents/{document.id}/").status_code == 404
    assert Client().get(f"/api/seller/vendor/documents/{document.id}/").status_code in (401, 403)


def test_the_pages_may_load_public_media_from_the_storage_origin():
    assert media_public_origin(endpoint_url="http://127.0.0.1:8333") == "http://127.0.0.1:8333"
    assert media_public_origin(public_url="https://media.example.com/shop", endpoint_url="http://s3:8333") == (
        "https://media.example.com"
    )
    assert media_public_origin() == ""
