"""Content fingerprints of product images (SHA-256 of the stored bytes) for duplicate detection.

Uploads are re-encoded by vendors (JPEG, fixed settings), so the same picture uploaded twice has
the same stored bytes. A fingerprint is computed the first time an image is compared and kept
(ImageFingerprint): images never change in place. A file missing from storage has no
fingerprint and matches nothing. Perceptual near-matches (a re-cropped photo) are not detected.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from moderation.models import ImageFingerprint
from vendors.models import ProductImage

logger = logging.getLogger(__name__)
CHUNK = 1 << 16


def image_sha256(image: ProductImage) -> str | None:
    digest = hashlib.sha256()
    try:
        with image.image.open("rb") as stored:
            for chunk in iter(lambda: stored.read(CHUNK), b""):
                digest.update(chunk)
    except (FileNotFoundError, ValueError):
        logger.warning("product image %s has no stored file; not fingerprinted", image.id)
        return None
    return digest.hexdigest()


def product_image_hashes(*, product_ids: Iterable[int]) -> dict[int, set[str]]:
    """product id -> the SHA-256 of each of its images (computed and stored where missing)."""
    images = list(ProductImage.objects.filter(product_id__in=set(product_ids)).only("id", "product_id", "image"))
    known = dict(ImageFingerprint.objects.filter(image_id__in=[i.id for i in images]).values_list("image_id", "sha256"))
    new = []
    for image in images:
        if image.id not in known and (sha := image_sha256(image)):
            known[image.id] = sha
            new.append(ImageFingerprint(image_id=image.id, sha256=sha))
    ImageFingerprint.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent evaluation may store the same
    hashes: dict[int, set[str]] = {}
    for image in images:
        if image.id in known:
            hashes.setdefault(image.product_id, set()).add(known[image.id])
    return hashes
