"""/media/ when no web server in front serves it: only public folders, and never as active content.

A file is sent as an image only when its first bytes are JPEG/PNG/WebP (the uploads are
re-encoded JPEGs, so that is every genuine file); anything else goes out as an
application/octet-stream attachment. ``nosniff`` stops browsers guessing otherwise and the
sandbox CSP keeps even a mis-typed file from running script in our origin.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

IMAGE_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def media_content_type(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in IMAGE_SIGNATURES if head.startswith(magic)), None)


@require_GET
def media_serve(request, path: str):
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    # Judge the resolved path: "products/../vendor_documents/..." must not pass as public.
    if root not in target.parents or not target.is_file():
        raise Http404
    if not target.relative_to(root).as_posix().startswith(tuple(settings.MEDIA_PUBLIC_PREFIXES)):
        raise Http404
    handle = target.open("rb")
    content_type = media_content_type(handle.read(16))
    handle.seek(0)
    if content_type:
        response = FileResponse(handle, content_type=content_type)
    else:
        response = FileResponse(
            handle, content_type="application/octet-stream", as_attachment=True, filename=target.name
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
