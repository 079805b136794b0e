"""Reading product pictures for pages and the index: the URLs of an image's renditions as a
``srcset`` (``image_sources``). The renditions themselves are made on upload
(``vendors.services.images``): JPEGs of a few widths stored next to the original.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage

# Widths made on upload, those narrower than the original (the original is the widest source).
RENDITION_WIDTHS = (160, 320, 640, 1024, 1600)
# The source named in ``src`` (for browsers without srcset): the widest rendition up to this.
DEFAULT_WIDTH = 640


@dataclass(frozen=True)
class ImageSources:
    """What an ``<img>`` needs: ``src`` (a middle size), ``srcset`` (every width), the original's
    size (for width/height against layout shift) and the thumbnail (cards, gallery thumbnails)."""

    src: str
    srcset: str
    width: int
    height: int
    thumbnail: str
    original: str


def image_sources(
    *, name: str, width: int, height: int, thumbnail: str = "", renditions: dict | None = None, storage=None
) -> ImageSources:
    """Sources of an image stored as ``name`` (storage names, not URLs: the URL is the storage's
    answer today) with ``renditions`` {"<width>": name}; without renditions the original alone."""
    storage = storage or default_storage
    widths = sorted((int(w), n) for w, n in (renditions or {}).items() if n)
    candidates = [(w, storage.url(n)) for w, n in widths if not width or w < width]
    original = storage.url(name)
    candidates.append((width, original))
    src = next((url for w, url in reversed(candidates) if w <= DEFAULT_WIDTH), candidates[0][1])
    srcset = ", ".join(f"{url} {w}w" for w, url in candidates if w) if width else ""
    return ImageSources(
        src=src,
        srcset=srcset,
        width=width,
        height=height,
        thumbnail=storage.url(thumbnail) if thumbnail else src,
        original=original,
    )


def product_image_sources(image) -> ImageSources:
    """The sources of a ``ProductImage``."""
    return image_sources(
        name=image.image.name,
        width=image.width,
        height=image.height,
        thumbnail=image.thumbnail.name if image.thumbnail else "",
        renditions=image.renditions,
        storage=image.image.storage,
    )


def index_image(image) -> dict | None:
    """A ProductImage as the search document carries it (storage names and size), or None."""
    if image is None:
        return None
    return {
        "name": image.image.name,
        "width": image.width,
        "height": image.height,
        "thumbnail": image.thumbnail.name if image.thumbnail else "",
        "renditions": dict(image.renditions or {}),
    }


def sources_from_index(data: dict | None) -> ImageSources | None:
    """The sources of a search document's ``image`` (``index_image``), or None."""
    if not data or not data.get("name"):
        return None
    return image_sources(
        name=data["name"],
        width=int(data.get("width") or 0),
        height=int(data.get("height") or 0),
        thumbnail=data.get("thumbnail") or "",
        renditions=data.get("renditions") or {},
    )
