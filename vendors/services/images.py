"""Product images: checked by content (Pillow), size-limited, re-encoded, with a thumbnail.

Re-encoding drops whatever else the upload carried (metadata, trailing bytes, a polyglot file)
and gives every image the same format. Only the vendor that proposed a product adds its images.
"""

from __future__ import annotations

import posixpath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image

from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound
from marketplace.uploads import image_encode, image_upload_open
from vendors.images import RENDITION_WIDTHS
from vendors.models import Product, ProductImage, Vendor
from vendors.services.events import catalog_product_changed, product_listings_changed

MIN_SIDE = 200
MAX_SIDE = 3000
THUMB_SIDE = 320


def _encode(image: Image.Image, side: int) -> tuple[bytes, tuple[int, int]]:
    copy = image.copy()
    copy.thumbnail((side, side))
    return image_encode(copy, max_side=side), copy.size


def _rendition(image: Image.Image, width: int) -> bytes:
    """``image`` scaled to ``width`` (height in proportion), as JPEG."""
    height = max(1, round(image.height * width / image.width))
    return image_encode(image.resize((width, height), Image.Resampling.LANCZOS), max_side=max(width, height))


def renditions_make(record: ProductImage, image: Image.Image | None = None) -> dict[str, str]:
    """Store the narrower copies of ``record``'s picture next to it ("<name>-<width>w.jpg", for
    srcset) and return {"<width>": storage name}; ``image``: the decoded picture when at hand."""
    if image is None:
        with record.image.open("rb") as file:
            image = Image.open(file)
            image.load()
        image = image.convert("RGB")
    storage = record.image.storage
    stem, _ext = posixpath.splitext(record.image.name)
    renditions = {}
    for width in RENDITION_WIDTHS:
        if width >= image.width:
            break
        name = storage.save(f"{stem}-{width}w.jpg", ContentFile(_rendition(image, width)))
        renditions[str(width)] = name
    return renditions


def renditions_backfill(*, batch: int = 200) -> int:
    """Make the renditions of pictures uploaded before there were any; returns how many."""
    done = 0
    for record in ProductImage.objects.filter(renditions={}).iterator(chunk_size=batch):
        if record.width <= RENDITION_WIDTHS[0]:
            continue  # too small for any narrower copy
        record.renditions = renditions_make(record)
        record.save(update_fields=["renditions"])
        done += 1
    return done


def image_check(upload) -> Image.Image:
    """The upload as an RGB image (content, size and pixel checks in marketplace.uploads), big enough."""
    image = image_upload_open(upload, field="image")
    if min(image.size) < MIN_SIDE:
        raise DomainError(
            _("Images need at least %(min_side)s pixels on each side.") % {"min_side": MIN_SIDE}, field="image"
        )
    return image


@transaction.atomic
def product_image_add(*, vendor: Vendor, actor, product_id: int, upload, is_main: bool = False) -> ProductImage:
    product = Product.objects.select_for_update().filter(id=product_id, created_by=vendor).first()
    if product is None:
        raise NotFound(_("No such product of yours."), field="product")
    image = image_check(upload)
    position = (product.images.aggregate(top=Max("position"))["top"] or 0) + 1 if product.images.exists() else 0
    is_main = is_main or not product.images.exists()  # the first image is the main one
    if is_main:
        product.images.filter(is_main=True).update(is_main=False)
    content, (width, height) = _encode(image, MAX_SIDE)
    record = ProductImage(
        product=product, position=position, is_main=is_main, uploaded_by=vendor, width=width, height=height
    )
    record.image.save("image.jpg", ContentFile(content), save=False)
    record.thumbnail.save("thumb.jpg", ContentFile(_encode(image, THUMB_SIDE)[0]), save=False)
    record.width, record.height = width, height  # the field's own dimension update runs before the file exists
    # Renditions from the stored (scaled, re-encoded) picture's pixels: the original's size at most.
    scaled = image.copy()
    scaled.thumbnail((MAX_SIDE, MAX_SIDE))
    record.renditions = renditions_make(record, scaled)
    record.save()
    audit_record(actor=actor, action="product.image_added", obj=product, data={"image_id": record.id})
    catalog_product_changed(product_ids=[product.id])
    product_listings_changed(product_id=product.id)
    return record


@transaction.atomic
def product_images_arrange(
    *, vendor: Vendor, actor, product_id: int, order: list[int], main_id: int
) -> list[ProductImage]:
    """Set the images' order (every image id once) and which one is the main image."""
    product = Product.objects.select_for_update().filter(id=product_id, created_by=vendor).first()
    if product is None:
        raise NotFound(_("No such product of yours."), field="product")
    images = {i.id: i for i in product.images.all()}
    if sorted(order) != sorted(images):
        raise DomainError(_("Name every image of the product exactly once."), field="order")
    if main_id not in images:
        raise DomainError(_("The main image must be one of the product's images."), field="main")
    product.images.update(is_main=False)
    for position, image_id in enumerate(order):
        image = images[image_id]
        image.position, image.is_main = position, image_id == main_id
        image.save(update_fields=["position", "is_main"])
    audit_record(actor=actor, action="product.images_arranged", obj=product, data={"order": order, "main": main_id})
    catalog_product_changed(product_ids=[product.id])
    product_listings_changed(product_id=product.id)
    return [images[i] for i in order]


@transaction.atomic
def product_image_delete(*, vendor: Vendor, actor, product_id: int, image_id: int) -> None:
    """Remove one image of a product ``vendor`` proposed; the first remaining one becomes the main
    image if the main one went. The files go once the transaction commits."""
    product = Product.objects.select_for_update().filter(id=product_id, created_by=vendor).first()
    if product is None:
        raise NotFound(_("No such product of yours."), field="product")
    image = product.images.filter(id=image_id).first()
    if image is None:
        raise NotFound(_("No such image."), field="image")
    files = [image.image.name, image.thumbnail.name]
    storage = image.image.storage
    was_main = image.is_main
    image.delete()
    remaining = list(product.images.order_by("position", "id"))
    for position, other in enumerate(remaining):
        other.position, other.is_main = position, other.is_main or (was_main and position == 0)
        other.save(update_fields=["position", "is_main"])
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    audit_record(actor=actor, action="product.image_deleted", obj=product, data={"image_id": image_id})
    catalog_product_changed(product_ids=[product.id])
    product_listings_changed(product_id=product.id)
