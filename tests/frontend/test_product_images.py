"""Product pictures: renditions of a few widths made on upload (srcset), a gallery with an
enlarged view on the product page, pictures in JSON-LD, in the search documents and on every card,
and the demo data's pictures drawn offline per category."""

import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from buyers.wishlists.services import wishlist_item_add
from frontend import demo_data
from frontend.demo_images import DRAWINGS, demo_pictures
from marketplace.outbox import outbox_deliver
from search.build import product_documents
from search.indexing import index_refresh
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.images import RENDITION_WIDTHS
from vendors.models import Product, ProductImage
from vendors.services.images import product_image_add, renditions_backfill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(width: int, height: int, colour=(200, 40, 40)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return SimpleUploadedFile("bild.png", out.getvalue())


def stored_size(name: str) -> tuple[int, int]:
    with default_storage.open(name) as file:
        return Image.open(file).size


@pytest.fixture
def lamp(search_index):
    category = CategoryFactory(slug="leuchten", name_de="Leuchten", name_en="Lights")
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(
        vendor=vendor, owner=owner, category=category, title="Tischlampe Hell", title_en="Desk lamp bright", price=4990
    )
    images = [
        product_image_add(vendor=vendor, actor=owner, product_id=offer.product_id, upload=png(1200, 900, colour))
        for colour in ((200, 40, 40), (40, 160, 40), (40, 40, 200))
    ]
    outbox_deliver()
    index_refresh()
    return {"offer": offer, "images": images, "vendor": vendor, "owner": owner}


def test_an_upload_gets_renditions_of_every_narrower_width_next_to_the_original(lamp):
    image = lamp["images"][0]
    assert sorted(int(w) for w in image.renditions) == [w for w in RENDITION_WIDTHS if w < 1200]
    for width, name in image.renditions.items():
        assert stored_size(name) == (int(width), int(width) * 900 // 1200)
        assert name.startswith(f"products/{image.product_id}/") and name.endswith(f"-{width}w.jpg")
    sources = image.sources
    assert sources.srcset.count("w, ") == len(image.renditions)  # every rendition and the original
    assert sources.srcset.endswith(f"{image.image.url} 1200w") and "-640w.jpg 640w" in sources.srcset
    assert sources.src.endswith("-640w.jpg") and sources.thumbnail == image.thumbnail.url

    # A small picture has no narrower copies than it needs; the original stands alone.
    small = product_image_add(
        vendor=lamp["vendor"], actor=lamp["owner"], product_id=lamp["offer"].product_id, upload=png(300, 300)
    )
    assert sorted(small.renditions) == ["160"]


def test_pictures_from_before_renditions_get_them_by_the_backfill(lamp):
    ProductImage.objects.update(renditions={})
    assert renditions_backfill() == 3
    assert all(len(image.renditions) == 4 for image in ProductImage.objects.all())
    assert renditions_backfill() == 0


def test_product_page_gallery_with_thumbnails_enlarged_view_srcset_and_json_ld(lamp):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/p/{lamp['offer'].product_id}/").content.decode()
    main = re.search(r'<img class="product-image[^>]*>', html).group(0)
    assert 'srcset="' in main and 'sizes="(min-width: 48rem) 40vw, 100vw"' in main and 'alt="Desk lamp bright"' in main
    assert 'width="1200" height="900"' in main
    thumbs = re.findall(r'<a class="gallery-thumb"[^>]*><img [^>]*>', html)
    assert len(thumbs) == 3 and all('loading="lazy"' in t for t in thumbs)
    assert 'alt="Desk lamp bright, picture 2 of 3"' in thumbs[1]
    assert '<dialog class="gallery-dialog"' in html and "Next picture" in html and "gallery.js" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert len(data["image"]) == 3 and all(url.startswith("http://testserver/media/products/") for url in data["image"])
    assert data["image"][0].endswith(lamp["images"][0].image.name)


def test_search_documents_and_cards_carry_the_main_picture(lamp):
    document = product_documents([lamp["offer"].product_id])[lamp["offer"].product_id]
    main = lamp["images"][0]
    assert document["image"]["name"] == main.image.name and document["image"]["renditions"] == main.renditions
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/search/", {"q": "lamp"}).content.decode()
    card = re.search(r'<img class="product-card-image[^>]*>', html).group(0)
    assert main.thumbnail.url in card and 'srcset="' in card and 'loading="lazy"' in card
    hit = Client().get("/api/search/products/", {"q": "lamp"}).json()["hits"][0]
    assert hit["image"]["url"] == main.image.url and "640w" in hit["image"]["srcset"]


def test_every_category_has_a_drawing_with_several_distinct_pictures():
    assert set(DRAWINGS) == set(demo_data.leaf_slugs())
    pictures = demo_pictures("kopfhoerer", "Bluetooth-Kopfhörer Q30 Schwarz")
    assert len(pictures) == 3 and len(set(pictures)) == 3
    assert demo_pictures("kopfhoerer", "In-Ear Weiß") != demo_pictures("kopfhoerer", "In-Ear Schwarz")


def test_demo_products_get_pictures_through_the_image_service_once(search_index):
    demo_data.seed(n_products=12, skip_outbox=True)
    products = Product.objects.all()
    assert products.count() == 12
    for product in products:
        images = list(product.images.all())
        assert len(images) == 3 and sum(image.is_main for image in images) == 1
        assert all(image.renditions and image.thumbnail for image in images)
    # Products that come in colours carry the colour attribute of their category (a filter there).
    speaker = Product.objects.get(category__slug="lautsprecher")
    assert speaker.attributes["farbe"] and speaker.attributes["farbe"] in speaker.title
    before = ProductImage.objects.count()
    assert not demo_data.seed(n_products=12, skip_outbox=True).created_anything
    assert ProductImage.objects.count() == before


def test_the_wishlist_shows_each_product_s_picture_and_only_the_owner_s_list(lamp):
    owner, other = UserFactory(), UserFactory()
    wishlist_item_add(user=owner, product_id=lamp["offer"].product_id)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(owner)
    html = client.get("/wishlist/").content.decode()
    picture = re.search(r'<img class="wishlist-picture[^>]*>', html).group(0)
    assert lamp["images"][0].thumbnail.url in picture and 'alt=""' in picture  # the title is next to it
    client.force_login(other)
    assert "wishlist-picture" not in client.get("/wishlist/").content.decode()
