"""Uploaded files checked by their bytes, never by name or declared type.

One place for every user file: product images, review photos, vendor documents, message
attachments and CSV/XLSX imports. Images are decoded by Pillow (with a pixel limit against
decompression bombs) and re-encoded to JPEG, which drops metadata, trailing bytes and polyglot
payloads. Documents are recognised by magic bytes (images also decoded; PDFs with active content
refused). Spreadsheets are an OOXML workbook (zip with the spreadsheet content type, expanded
size bounded) or UTF-8 text without NUL bytes. Every refusal is a ValidationFailed on ``field``.
"""

from __future__ import annotations

import codecs
import io
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from marketplace.errors import ValidationFailed

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_SPREADSHEET_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # decompression-bomb guard (a 40 MP photo is the largest we accept)
MAX_SIDE = 3000
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# An XLSX may expand this many times its size at most; real workbooks stay far below (zip bomb guard).
MAX_ZIP_RATIO = 100
CHUNK = 64 * 1024

DOCUMENT_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
DOCUMENT_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG"}
DOCUMENT_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
# PDF actions that run code or other programs when the file is opened.
PDF_ACTIVE_MARKERS = (b"/JavaScript", b"/Launch", b"/EmbeddedFile")
XLSX_MAIN_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",  # refused below: macros
)


def _setting(name: str, default: int) -> int:
    return getattr(settings, name, default)


def _size_check(upload, *, limit: int, field: str) -> None:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if not size:
        raise ValidationFailed(_("The file is empty."), field=field)
    if size > limit:
        mb = 1024 * 1024
        if limit % mb == 0:  # the usual limits read better in MB; odd ones (tests) in bytes
            message = _("The file is %(size).1f MB; at most %(max_document_bytes)s MB are allowed.") % {
                "size": size / mb,
                "max_document_bytes": limit // mb,
            }
        else:
            message = _("The file is %(size)s bytes; at most %(limit)s bytes are allowed.") % {
                "size": size,
                "limit": limit,
            }
        raise ValidationFailed(message, field=field)
    upload.seek(0)


def image_upload_open(upload, *, max_bytes: int | None = None, field: str = "image") -> Image.Image:
    """The upload decoded as an RGB image (fully loaded), or ValidationFailed on ``field``."""
    _size_check(upload, limit=max_bytes or _setting("MARKETPLACE_IMAGE_MAX_BYTES", MAX_IMAGE_BYTES), field=field)
    try:
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise ValidationFailed(
                    _("Upload a JPEG, PNG or WebP image, not %(format)s.") % {"format": probe.format}, field=field
                )
            # Checked before decoding: the header's size is what a bomb lies big about.
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationFailed(_("The image has too many pixels."), field=field)
            probe.verify()  # structure check; the image must be opened again to use it
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed(_("This file is not a readable JPEG, PNG or WebP image."), field=field) from None
    finally:
        upload.seek(0)
    if image.mode in ("RGBA", "LA", "P"):
        # Transparent pixels become white rather than the black JPEG would give them.
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def image_encode(image: Image.Image, *, max_side: int = MAX_SIDE, quality: int = 85) -> bytes:
    """JPEG bytes of ``image`` scaled down to ``max_side``; no metadata is written."""
    copy = image.copy()
    copy.thumbnail((max_side, max_side))
    copy.info = {}  # Pillow writes a kept JPEG comment (and more) from here back into the file
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def image_upload_clean(
    upload, *, max_bytes: int | None = None, field: str = "image", max_side: int = MAX_SIDE
) -> ContentFile:
    """A checked image re-encoded to JPEG (named ``image.jpg``), ready for an ImageField/FileField."""
    image = image_upload_open(upload, max_bytes=max_bytes, field=field)
    return ContentFile(image_encode(image, max_side=max_side), name="image.jpg")


def _allowed_text(allowed) -> str:
    return ", ".join(kind.upper() for kind in allowed)


def document_upload_check(
    upload, *, allowed=("pdf", "jpeg", "png"), max_bytes: int | None = None, field: str = "file"
) -> str:
    """The detected type ("pdf", "jpeg" or "png") of an allowed document, else ValidationFailed."""
    _size_check(upload, limit=max_bytes or _setting("MARKETPLACE_DOCUMENT_MAX_BYTES", MAX_DOCUMENT_BYTES), field=field)
    head = upload.read(16)
    upload.seek(0)
    kind = next((kind for magic, kind in DOCUMENT_SIGNATURES if head.startswith(magic)), None)
    if kind is None or kind not in allowed:
        if set(allowed) == {"pdf", "jpeg", "png"}:
            message = _("Only PDF, PNG or JPEG files are accepted (recognised by their content).")
        else:
            message = _("Only %(allowed)s files are accepted (recognised by their content).") % {
                "allowed": _allowed_text(allowed)
            }
        raise ValidationFailed(message, field=field)
    if kind in DOCUMENT_PIL_FORMATS:
        try:
            with Image.open(upload) as image:
                if image.format != DOCUMENT_PIL_FORMATS[kind]:
                    raise UnidentifiedImageError
                if image.width * image.height > MAX_PIXELS:
                    raise UnidentifiedImageError
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise ValidationFailed(_("The image is damaged or not really a PNG/JPEG."), field=field) from None
        finally:
            upload.seek(0)
    elif kind == "pdf" and _contains(upload, PDF_ACTIVE_MARKERS):
        raise ValidationFailed(
            _("PDF files with scripts, launch actions or embedded files are not accepted."), field=field
        )
    return kind


def _contains(upload, needles: tuple[bytes, ...]) -> bool:
    """Whether any needle occurs in the file (read in chunks, overlapping by the longest needle)."""
    overlap = max(len(n) for n in needles)
    tail = b""
    try:
        while chunk := upload.read(CHUNK):
            window = tail + chunk
            if any(n in window for n in needles):
                return True
            tail = window[-overlap:]
        return False
    finally:
        upload.seek(0)


def spreadsheet_upload_check(upload, *, max_bytes: int | None = None, field: str = "file") -> str:
    """ "xlsx" or "csv" judged by the bytes, else ValidationFailed on ``field``."""
    limit = max_bytes or _setting("MARKETPLACE_IMPORT_MAX_BYTES", MAX_SPREADSHEET_BYTES)
    _size_check(upload, limit=limit, field=field)
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        _xlsx_check(upload, limit=limit, field=field)
        return "xlsx"
    _csv_check(upload, field=field)
    return "csv"


def _xlsx_check(upload, *, limit: int, field: str) -> None:
    not_xlsx = _("This archive is not an XLSX workbook; upload CSV or XLSX.")
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > max(limit, 1) * MAX_ZIP_RATIO:
                raise ValidationFailed(_("The workbook expands to too much data; split it."), field=field)
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise ValidationFailed(not_xlsx, field=field)
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise ValidationFailed(not_xlsx, field=field) from None
    finally:
        upload.seek(0)
    if XLSX_MAIN_TYPES[1] in types or "xl/vbaProject.bin" in names:
        raise ValidationFailed(_("Workbooks with macros are not accepted; save it as a plain XLSX."), field=field)
    if XLSX_MAIN_TYPES[0] not in types:
        raise ValidationFailed(not_xlsx, field=field)


def _csv_check(upload, *, field: str) -> None:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := upload.read(CHUNK):
            if b"\x00" in chunk:
                raise ValidationFailed(_("This is neither CSV text nor an XLSX workbook."), field=field)
            decoder.decode(chunk, final=False)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ValidationFailed(_("CSV files must be UTF-8 encoded."), field=field) from None
    finally:
        upload.seek(0)


def document_content_type(kind: str) -> str:
    """The MIME type to serve a document of a detected kind with."""
    return DOCUMENT_CONTENT_TYPES[kind]
