"""The STORAGES entry for media on S3-compatible storage (marketplace/storage.py), from plain values.

Standard library only: marketplace/settings.py imports it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_SIGNED_URL_SECONDS = 300


def s3_media_storage(
    *,
    public_bucket: str,
    private_bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "us-east-1",
    public_url: str = "",
    signed_url_seconds: int = DEFAULT_SIGNED_URL_SECONDS,
    location: str = "",
) -> dict:
    """The ``STORAGES["default"]`` entry for media on S3: ``public_url`` (e.g. a CDN in front of the
    public bucket) replaces the endpoint's bucket address in public URLs; ``location`` is a key
    prefix inside both buckets (the tests give each test its own)."""
    common = {
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        "signature_version": "s3v4",
        "addressing_style": "path",
        "file_overwrite": False,  # like the local disk: a taken name gets a suffix, never overwritten
        "default_acl": None,  # access is the buckets' business (public-read bucket / private bucket)
        "location": location,
    }
    public = {
        **common,
        "bucket_name": public_bucket,
        "querystring_auth": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    if public_url:
        scheme, _, rest = public_url.rstrip("/").partition("//")
        public.update(custom_domain=rest, url_protocol=scheme)
    private = {
        **common,
        "bucket_name": private_bucket,
        "querystring_auth": True,
        "querystring_expire": int(signed_url_seconds),
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    return {"BACKEND": "marketplace.storage.MediaStorage", "OPTIONS": {"public": public, "private": private}}


def media_public_origin(*, public_url: str = "", endpoint_url: str = "") -> str:
    """The origin public media are served from (for the pages' Content-Security-Policy img-src):
    that of ``public_url``, else the endpoint's; empty when neither is set."""
    parts = urlsplit(public_url or endpoint_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
