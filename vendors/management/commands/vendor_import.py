"""Import a CSV/XLSX file of products and offers for a vendor, with progress bars.

    manage.py vendor_import FILE --vendor ID --user EMAIL [--mapping '{"sku": "Artikelnr"}'] [--dry-run]

The same services as the API: upload checks, dry run, then the chunked import.
"""

import json

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marketplace.errors import DomainError
from vendors.selectors import import_row_errors, vendor_for_user
from vendors.services.imports import import_job_check, import_job_create, import_job_queue, import_job_run


class Command(BaseCommand):
    help = "Import products and offers from a CSV or XLSX file for one vendor."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--vendor", type=int, required=True, help="Vendor id")
        parser.add_argument("--user", required=True, help="E-mail/username of a member allowed to manage listings")
        parser.add_argument("--mapping", default="{}", help="JSON object: our field -> column header")
        parser.add_argument("--dry-run", action="store_true", help="Only check the file and report bad rows")

    def handle(self, *args, file, vendor, user, mapping, dry_run, **options):
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"No user {user!r}.")
        try:
            seller = vendor_for_user(user=actor, vendor_id=vendor, permission="manage_listings")
            with open(file, "rb") as handle:
                job = import_job_create(
                    vendor=seller,
                    actor=actor,
                    upload=File(handle, name=file),
                    mapping=json.loads(mapping),
                    enqueue=False,
                )
            with tqdm(desc="check", unit="rows", disable=options["verbosity"] == 0) as bar:
                job = import_job_check(job_id=job.id, progress=bar.update)
            self._report(job)
            if dry_run or job.status != job.Status.CHECKED:
                return
            import_job_queue(vendor=seller, actor=actor, job_id=job.id, enqueue=False)
            with tqdm(total=job.total_rows, desc="import", unit="rows", disable=options["verbosity"] == 0) as bar:
                job = import_job_run(job_id=job.id, progress=bar.update)
            self._report(job)
        except DomainError as exc:
            raise CommandError(f"{exc.field or 'error'}: {exc.message}") from None
        except json.JSONDecodeError:
            raise CommandError("--mapping must be a JSON object.") from None

    def _report(self, job):
        self.stdout.write(
            f"import {job.id}: {job.status}, rows {job.processed_rows}, created {job.created_count}, "
            f"updated {job.updated_count}, rows with errors {job.error_count} {job.message}".rstrip()
        )
        for error in import_row_errors(job=job)[:20]:
            self.stdout.write(f"  row {error.row} {error.field}: {error.message}")
