"""Retention (DSA Art. 30(3)): trader data is kept for the configured period after the vendor
closed, then erased; what tax law needs (name, address, VAT ID, orders, ledger) stays."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.models import AuditLogEntry
from tests.conftest import row_counts
from tests.factories import make_vendor
from vendors.models import TraderCertification, Vendor, VendorDocument
from vendors.services.trader import ERASED_FIELDS, KEPT_FIELDS, trader_data_purge, vendor_close

pytestmark = pytest.mark.django_db


def test_purge_erases_exactly_the_trader_data_after_the_retention_period(
    settings, operator, django_capture_on_commit_callbacks
):
    settings.TRADER_DATA_RETENTION_DAYS = 183
    closed, _owner = make_vendor(name="Geschlossen", operator=operator)
    still_kept, _owner2 = make_vendor(name="Frisch geschlossen", operator=operator)
    open_vendor, _owner3 = make_vendor(name="Offen", operator=operator)
    vendor_close(actor=operator, vendor_id=closed.id)
    vendor_close(actor=operator, vendor_id=still_kept.id)
    now = timezone.now()
    Vendor.objects.filter(id=closed.id).update(closed_at=now - timedelta(days=184))
    Vendor.objects.filter(id=still_kept.id).update(closed_at=now - timedelta(days=182))
    closed.refresh_from_db()
    kept_before = {name: getattr(closed, name) for name in KEPT_FIELDS}
    files = [d.file.name for d in VendorDocument.objects.filter(vendor=closed)]
    storage = VendorDocument.objects.filter(vendor=closed).first().file.storage
    untouched = {v.id: Vendor.objects.filter(id=v.id).values().get() for v in (still_kept, open_vendor)}
    untouched_documents = VendorDocument.objects.exclude(vendor=closed).count()

    counts = row_counts()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the files go after commit
        call_command("trader_data_purge", stdout=out)
    assert f"[{closed.id}]" in out.getvalue()

    closed.refresh_from_db()
    assert {name: getattr(closed, name) for name in KEPT_FIELDS} == kept_before
    assert all(getattr(closed, name) == "" for name in ERASED_FIELDS if name != "email")
    assert closed.email == f"vendor-{closed.id}@erased.invalid"
    assert closed.trader_data_erased_at and not closed.trader_ok
    assert not VendorDocument.objects.filter(vendor=closed).exists()
    assert not TraderCertification.objects.filter(vendor=closed).exists()
    assert files and not any(storage.exists(name) for name in files)
    assert AuditLogEntry.objects.filter(action="vendor.trader_data_erased", object_id=str(closed.id)).count() == 1

    assert {v.id: Vendor.objects.filter(id=v.id).values().get() for v in (still_kept, open_vendor)} == untouched
    assert VendorDocument.objects.exclude(vendor=closed).count() == untouched_documents
    # Only documents, certifications and one audit entry changed in number: orders, ledger,
    # invoices, offers and members are all still there.
    changed = {label: (counts[label], n) for label, n in row_counts().items() if counts[label] != n}
    documents = len(files)
    assert changed == {
        "vendors.VendorDocument": (counts["vendors.VendorDocument"], counts["vendors.VendorDocument"] - documents),
        "vendors.TraderCertification": (
            counts["vendors.TraderCertification"],
            counts["vendors.TraderCertification"] - 1,
        ),
        "marketplace.AuditLogEntry": (counts["marketplace.AuditLogEntry"], counts["marketplace.AuditLogEntry"] + 1),
    }
    assert trader_data_purge() == []  # done once; a second run finds nothing
