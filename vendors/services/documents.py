"""Verification documents: PDF, PNG or JPEG, recognised by their bytes, at most 10 MB.

The upload's name and declared type are not trusted: marketplace.uploads judges the bytes (magic
bytes; images decoded by Pillow; PDFs with active content refused), the stored name is random
with the detected extension, and downloads are attachments of the detected type with ``nosniff``.
"""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace import uploads
from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from vendors.models import Vendor, VendorDocument
from vendors.services.trader import vendor_trader_recheck

MAX_DOCUMENT_BYTES = uploads.MAX_DOCUMENT_BYTES
MAX_DOCUMENTS = 20
# Documents may change until the application is decided, and later to keep them current;
# a rejected vendor's file is closed.
UPLOAD_STATUSES = frozenset(set(Vendor.Status.values) - {Vendor.Status.REJECTED})


def document_content_type(upload: UploadedFile) -> str:
    """The detected MIME type of an upload (checked by marketplace.uploads), or a 400 on ``file``."""
    kind = uploads.document_upload_check(upload, max_bytes=MAX_DOCUMENT_BYTES, field="file")
    return uploads.document_content_type(kind)


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def vendor_document_upload(*, vendor: Vendor, actor, kind: str, upload: UploadedFile) -> VendorDocument:
    if kind not in VendorDocument.Kind.values:
        raise DomainError(
            _("Unknown document kind %(kind)r; allowed: %(values)s.")
            % {"kind": kind, "values": ", ".join(VendorDocument.Kind.values)},
            field="kind",
        )
    vendor = Vendor.objects.select_for_update().get(id=vendor.id)
    if vendor.status not in UPLOAD_STATUSES:
        raise Conflict(
            _("A vendor whose status is %(status)s cannot upload documents.") % {"status": vendor.status},
            field="status",
        )
    if vendor.documents.count() >= MAX_DOCUMENTS:
        raise Conflict(
            _("A vendor can keep at most %(max_documents)s documents.") % {"max_documents": MAX_DOCUMENTS}, field="file"
        )
    content_type = document_content_type(upload)
    document = VendorDocument(
        vendor=vendor,
        kind=kind,
        content_type=content_type,
        size=upload.size,
        original_name=(upload.name or "")[:200],
        sha256=_sha256(upload),
        uploaded_by=actor,
    )
    # The file is written when the row is saved; a later failure in this transaction leaves an
    # unreferenced file under MEDIA_ROOT, never a row without its file.
    document.file.save("upload", upload, save=False)
    document.save()
    audit_record(
        actor=actor, action="vendor.document_uploaded", obj=vendor, data={"document_id": document.id, "kind": kind}
    )
    vendor_trader_recheck(
        vendor=vendor, actor=actor, cause="document_uploaded"
    )  # an identity document counts (DSA Art. 30)
    return document


# While the operator has not looked yet (applied) or asked for more (info_requested), the vendor
# may withdraw a document, e.g. to replace a wrong one. During the review and after the decision
# the documents the verification relied on stay: the audit trail must show what was approved.
DELETE_STATUSES = frozenset({Vendor.Status.APPLIED, Vendor.Status.INFO_REQUESTED})
# Documents uploaded after the approval (kept current, e.g. a new trade register extract) were
# not part of the verification and may go again.
DELETE_LATER_STATUSES = frozenset({Vendor.Status.APPROVED, Vendor.Status.SUSPENDED})


def vendor_document_delete_check(*, vendor: Vendor, document: VendorDocument) -> None:
    if vendor.status in DELETE_STATUSES:
        return
    if vendor.status in DELETE_LATER_STATUSES and vendor.approved_at and document.created_at > vendor.approved_at:
        return
    if vendor.status == Vendor.Status.UNDER_REVIEW:
        message = _(
            "Your application is being reviewed; documents cannot be deleted until the operator decides or asks you."
        )
    elif vendor.status in DELETE_LATER_STATUSES:
        message = _("The verification of your account relied on this document; it cannot be deleted.")
    else:
        message = _("A vendor whose status is %(status)s cannot delete documents.") % {"status": vendor.status}
    raise Conflict(message, field="document")


@transaction.atomic
def vendor_document_delete(*, vendor: Vendor, actor, document_id: int) -> None:
    vendor = Vendor.objects.select_for_update().get(id=vendor.id)
    document = VendorDocument.objects.filter(vendor=vendor, id=document_id).first()
    if document is None:
        raise NotFound(_("No such document."), field="document")
    vendor_document_delete_check(vendor=vendor, document=document)
    audit_record(
        actor=actor,
        action="vendor.document_deleted",
        obj=vendor,
        data={
            "document_id": document.id,
            "kind": document.kind,
            "sha256": document.sha256,
            "original_name": document.original_name,
        },
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    vendor_trader_recheck(vendor=vendor, actor=actor, cause="document_deleted")  # may take offers offline
    # The file goes only once the row is gone for good: a rollback keeps both.
    transaction.on_commit(lambda: storage.delete(name))
