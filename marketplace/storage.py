"""Media on S3-compatible object storage: public folders in one bucket, everything else in a
private one (issue #18, task 5).

One storage for every file field, chosen by the file's folder (``MEDIA_PUBLIC_PREFIXES``):
product images with their thumbnails and renditions, and review photos, go to the public bucket
(anonymous read allowed by the server's configuration) and get plain URLs; vendor documents,
imports and message attachments go to the private bucket (no anonymous access), whose URLs are
signed and expire after ``S3_SIGNED_URL_SECONDS``. The pages still hand private files out only
through the authorised streaming views (``vendors.api_onboarding.document_response`` and the
like), which read them through this storage.

``marketplace.storage_config.s3_media_storage`` builds the STORAGES entry (settings and the tests
use it); the local disk stays the default unless ``MEDIA_STORAGE=s3`` (marketplace/settings.py).
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.core.files.storage import Storage


def media_is_public(name: str) -> bool:
    """Whether a storage name lies in a public folder (judged on the normalised path, so
    ``products/../vendor_documents/x`` is private)."""
    path = posixpath.normpath(str(name).replace("\\", "/")).lstrip("/")
    if path == ".." or path.startswith("../"):
        return False
    return path.startswith(tuple(settings.MEDIA_PUBLIC_PREFIXES))


class MediaStorage(Storage):
    """Two S3 buckets behind one storage, the bucket chosen by ``media_is_public``."""

    def __init__(self, public: dict, private: dict) -> None:
        from storages.backends.s3 import S3Storage

        self.public = S3Storage(**public)
        self.private = S3Storage(**private)

    def backend(self, name: str):
        return self.public if media_is_public(name) else self.private

    def _open(self, name, mode="rb"):
        return self.backend(name)._open(name, mode)

    def _save(self, name, content):
        return self.backend(name)._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self.backend(name).delete(name)

    def exists(self, name):
        return self.backend(name).exists(name)

    def size(self, name):
        return self.backend(name).size(name)

    def url(self, name):
        """Public folders: the object's plain address; others: a signed address that expires."""
        return self.backend(name).url(name)

    def listdir(self, path):
        return self.backend(path).listdir(path)

    def get_modified_time(self, name):
        return self.backend(name).get_modified_time(name)

    def get_created_time(self, name):
        return self.backend(name).get_created_time(name)

    def get_accessed_time(self, name):
        return self.backend(name).get_accessed_time(name)
