"""Bulk import of products and offers: upload, check (dry run), import with stored progress.

Rows are streamed from the file in chunks; each chunk is one transaction in which every row has
its own savepoint, so a bad row is reported and skipped without undoing the others, and the
job's progress counters are committed together with the rows they count. Re-importing a file
is idempotent: offers are found by the vendor's SKU and only real changes are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from marketplace.models import Category
from marketplace.uploads import spreadsheet_upload_check
from vendors.imports import ImportRow, header_names, max_import_bytes, parse_row, read_rows, resolve_mapping
from vendors.models import ImportJob, ImportRowError, Offer, Product, ProductVariant, Vendor
from vendors.selectors import import_job_get
from vendors.services.attributes import attributes_check
from vendors.services.listings import offer_create, product_for_listing, variant_by_gtin
from vendors.services.offers import offer_update

CHUNK_ROWS = 500
Progress = Callable[[int], None]  # called with the number of rows just handled


def _check_mapping_shape(mapping) -> dict[str, str]:
    mapping = mapping or {}
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise DomainError(
            _('The mapping is an object of field names to column headers, e.g. {"sku": "Artikelnummer"}.'),
            field="mapping",
        )
    return mapping


def import_job_create(
    *,
    vendor: Vendor,
    actor,
    upload: File,
    mapping: dict[str, str] | None = None,
    enqueue: bool = True,
    map_later: bool = False,
) -> ImportJob:
    """Store an upload after checking its type (by content), size and header; then queue the
    check (``enqueue=False``: the caller runs ``import_job_check`` itself, e.g. with a progress bar).

    ``map_later``: a header whose columns do not match our fields is not refused; the job waits
    in status ``mapping`` until ``import_job_map`` names the columns (the portal's mapping step)."""
    mapping = _check_mapping_shape(mapping)
    file_format = spreadsheet_upload_check(upload, max_bytes=max_import_bytes(), field="file")  # by content
    try:
        header = next(read_rows(upload, file_format), None)
    except Exception:  # a corrupt workbook or CSV: openpyxl and csv raise many kinds
        raise DomainError(_("The file cannot be read as CSV or XLSX."), field="file") from None
    if not header:
        raise DomainError(_("The file has no header row."), field="file")
    needs_mapping = False
    try:
        resolve_mapping(header, mapping)
    except DomainError:
        if not map_later:
            raise
        needs_mapping = True
    upload.seek(0)
    with transaction.atomic():
        job = ImportJob.objects.create(
            vendor=vendor,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            file_format=file_format,
            original_name=(getattr(upload, "name", "") or "")[:255],
            mapping=mapping,
            status=ImportJob.Status.MAPPING if needs_mapping else ImportJob.Status.UPLOADED,
        )
        job.file.save(f"import-{job.id}", upload, save=True)
        audit_record(actor=actor, action="import.created", obj=job, data={"format": file_format})
        if enqueue and not needs_mapping:
            _queue_check(job.id)
    return job


def _queue_check(job_id: int) -> None:
    from vendors.tasks import import_job_check_task

    transaction.on_commit(lambda: import_job_check_task.delay(job_id))


def import_job_header(*, job: ImportJob) -> list[str]:
    """The column headers of a stored import file (for the mapping step)."""
    with job.file.open("rb") as stream:
        return header_names(next(read_rows(stream, job.file_format), None) or [])


@transaction.atomic
def import_job_map(*, vendor: Vendor, actor, job_id: int, mapping: dict[str, str], enqueue: bool = True) -> ImportJob:
    """Name the file's columns for our fields (only given, non-empty entries count), then check the file again."""
    mapping = {name: column for name, column in _check_mapping_shape(mapping).items() if column}
    job = import_job_get(vendor=vendor, job_id=job_id)
    job = ImportJob.objects.select_for_update().get(id=job.id)
    if job.status not in (ImportJob.Status.MAPPING, ImportJob.Status.CHECKED, ImportJob.Status.FAILED):
        raise Conflict(
            _("The columns of an import in status %(status)r cannot be mapped.") % {"status": job.status},
            field="status",
        )
    resolve_mapping(import_job_header(job=job), mapping)
    job.mapping, job.status, job.message = mapping, ImportJob.Status.UPLOADED, ""
    job.save(update_fields=["mapping", "status", "message"])
    audit_record(actor=actor, action="import.mapped", obj=job, data={"mapping": mapping})
    if enqueue:
        _queue_check(job.id)
    return job


def _rows(job: ImportJob) -> Iterator[ImportRow]:
    with job.file.open("rb") as stream:
        rows = read_rows(stream, job.file_format)
        columns = resolve_mapping(next(rows), job.mapping)
        for number, cells in enumerate(rows, start=2):
            if all(cell is None or str(cell).strip() == "" for cell in cells):
                continue  # blank lines at the end of spreadsheets
            yield parse_row(number, list(cells), columns)


def _chunks(rows: Iterator[ImportRow]) -> Iterator[list[ImportRow]]:
    chunk: list[ImportRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Catalog:
    """Category and product look-ups for one job, batched per chunk."""

    def __init__(self) -> None:
        self.categories: dict[str, Category | None] = {}
        self.ambiguous: dict[str, list[str]] = {}

    def category(self, ref: str) -> Category | None:
        """A category by id, slug, path, or by its name as the portal shows it (German or English,
        any case); a name several categories share is None, with the paths in ``ambiguous``."""
        if ref not in self.categories:
            found = None
            if ref.isdigit():
                found = Category.objects.filter(id=int(ref)).first()
            else:
                found = (Category.objects.filter(slug=ref) | Category.objects.filter(path=ref)).first()
                if found is None:
                    named = list(
                        Category.objects.filter(Q(name_de__iexact=ref.strip()) | Q(name_en__iexact=ref.strip()))
                    )
                    if len(named) == 1:
                        found = named[0]
                    elif named:
                        self.ambiguous[ref] = sorted(c.path for c in named)
            self.categories[ref] = found
        return self.categories[ref]

    @staticmethod
    def known_gtins(rows: list[ImportRow]) -> set[str]:
        gtins = {row.gtin for row in rows if row.gtin}
        if not gtins:
            return set()
        # A variant's GTIN is in the catalog too: its row joins that variant.
        return set(Product.objects.filter(gtin__in=gtins).values_list("gtin", flat=True)) | set(
            ProductVariant.objects.filter(gtin__in=gtins).values_list("gtin", flat=True)
        )


def _catalog_errors(row: ImportRow, catalog: _Catalog, known_gtins: set[str]) -> list[tuple[str, str]]:
    """What the file alone cannot tell: does a row that creates a product name a real category,
    and do its attributes fit that category's schema?"""
    if row.errors or (row.gtin and row.gtin in known_gtins):
        return []
    if not row.category:
        return [("category", _("A row for a new product needs a category (its name, id, slug or path)."))]
    category = catalog.category(row.category)
    if category is None:
        if row.category in catalog.ambiguous:
            return [
                (
                    "category",
                    _("Several categories are called %(category)r; write its path instead: %(paths)s.")
                    % {"category": row.category, "paths": ", ".join(catalog.ambiguous[row.category])},
                )
            ]
        return [("category", _("Unknown category %(category)r.") % {"category": row.category})]
    try:
        attributes_check(category=category, attributes=row.attributes)
    except DomainError as exc:
        return [(exc.field or "attributes", exc.message)]
    return []


def _start(job_id: int, *, allowed: set[str], status: str) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(id=job_id)
        if job.status not in allowed:
            raise Conflict(
                _("An import in status %(status)r cannot be %(status2)s.") % {"status": job.status, "status2": status},
                field="status",
            )
        job.status = status
        job.processed_rows = job.created_count = job.updated_count = job.error_count = 0
        job.started_at, job.finished_at, job.message = timezone.now(), None, ""
        job.save()
        job.row_errors.all().delete()
    return job


def _finish(job: ImportJob, status: str, message: str = "") -> ImportJob:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
    return job


def import_job_check(*, job_id: int, progress: Progress | None = None) -> ImportJob:
    """Dry run: every bad row and field with its reason, written as ImportRowError rows."""
    job = _start(
        job_id, allowed={ImportJob.Status.UPLOADED, ImportJob.Status.CHECKED}, status=ImportJob.Status.CHECKING
    )
    catalog, seen_skus = _Catalog(), set()
    try:
        for chunk in _chunks(_rows(job)):
            known = catalog.known_gtins(chunk)
            errors: list[ImportRowError] = []
            for row in chunk:
                problems = row.errors + _catalog_errors(row, catalog, known)
                if row.sku and row.sku in seen_skus:
                    problems.append(("sku", _("SKU %(sku)r appears more than once in the file.") % {"sku": row.sku}))
                seen_skus.add(row.sku)
                errors += [ImportRowError(job=job, row=row.number, field=f, message=m[:500]) for f, m in problems]
                job.error_count += bool(problems)
            with transaction.atomic():
                ImportRowError.objects.bulk_create(errors)
                job.processed_rows += len(chunk)
                job.save(update_fields=["processed_rows", "error_count"])
            if progress:
                progress(len(chunk))
    except DomainError as exc:
        return _finish(job, ImportJob.Status.FAILED, exc.message)
    job.total_rows = job.processed_rows
    job.save(update_fields=["total_rows"])
    return _finish(job, ImportJob.Status.CHECKED)


@transaction.atomic
def import_job_queue(*, vendor: Vendor, actor, job_id: int, enqueue: bool = True) -> ImportJob:
    """Start the import of a checked file (rows the check found bad are skipped and reported)."""
    job = import_job_get(vendor=vendor, job_id=job_id)
    job = ImportJob.objects.select_for_update().get(id=job.id)
    if job.status not in (ImportJob.Status.CHECKED, ImportJob.Status.DONE):
        raise Conflict(
            _("Only a checked import can be started; this one is %(status)r.") % {"status": job.status}, field="status"
        )
    if job.status == ImportJob.Status.CHECKED and job.error_count >= job.total_rows:
        raise Conflict(
            _("No row of this file is free of errors; correct the file and upload it again."), field="status"
        )
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    audit_record(actor=actor, action="import.started", obj=job)
    if enqueue:
        from vendors.tasks import import_job_run_task

        transaction.on_commit(lambda: import_job_run_task.delay(job.id))
    return job


def _unchanged(offer: Offer, row: ImportRow) -> bool:
    """True when the row would change nothing, so a re-import writes (and locks) nothing."""
    wanted = {"price_amount": row.price.amount, "currency": row.price.currency, "stock": row.stock}
    for name in ("handling_days", "return_window_days", "weight_g"):
        if getattr(row, name) is not None:
            wanted[name] = getattr(row, name)
    return all(getattr(offer, name) == value for name, value in wanted.items())


def _apply(job: ImportJob, row: ImportRow, catalog: _Catalog, known_gtins: set[str], offer: Offer | None) -> str:
    """Create or update the offer of one row: "created", "updated" or "unchanged"."""
    vendor, actor = job.vendor, job.created_by
    if offer is not None:
        changed = offer_update(
            vendor=vendor,
            actor=actor,
            offer_id=offer.id,
            price=row.price,
            stock=row.stock,
            handling_days=row.handling_days,
            return_window_days=row.return_window_days,
            **({"weight_g": row.weight_g} if row.weight_g is not None else {}),
        )
        return "unchanged" if changed.updated_at == offer.updated_at else "updated"
    problems = _catalog_errors(row, catalog, known_gtins)
    if problems:
        raise DomainError(problems[0][1], field=problems[0][0])
    product = product_for_listing(
        vendor=vendor,
        gtin=row.gtin,
        category=catalog.category(row.category) if row.category else None,
        category_ref=row.category,
        title=row.title,
        title_en=row.title_en,
        description=row.description,
        description_en=row.description_en,
        brand=row.brand,
        attributes=row.attributes,
    )
    offer_create(
        vendor=vendor,
        actor=actor,
        product=product,
        variant=variant_by_gtin(row.gtin),
        price=row.price,
        stock=row.stock,
        condition=row.condition,
        handling_days=2 if row.handling_days is None else row.handling_days,
        sku=row.sku,
        return_window_days=row.return_window_days or 14,
        weight_g=row.weight_g,
    )
    return "created"


def import_job_run(*, job_id: int, progress: Progress | None = None) -> ImportJob:
    job = _start(job_id, allowed={ImportJob.Status.QUEUED}, status=ImportJob.Status.IMPORTING)
    job = ImportJob.objects.select_related("vendor", "created_by").get(id=job.id)
    catalog, seen_skus = _Catalog(), set()
    try:
        for chunk in _chunks(_rows(job)):
            known = catalog.known_gtins(chunk)
            # One query for the chunk's existing offers: unchanged rows then cost nothing.
            existing = {
                o.sku: o for o in Offer.objects.filter(vendor=job.vendor, sku__in=[r.sku for r in chunk if r.sku])
            }
            with transaction.atomic():
                errors: list[ImportRowError] = []
                for row in chunk:
                    problems = list(row.errors)
                    if not problems and row.sku in seen_skus:
                        problems.append(
                            (
                                "sku",
                                _("SKU %(sku)r appears more than once in the file; the first row was used.")
                                % {"sku": row.sku},
                            )
                        )
                    seen_skus.add(row.sku)
                    offer = existing.get(row.sku)
                    if not problems and not (offer is not None and _unchanged(offer, row)):
                        try:
                            with transaction.atomic():
                                outcome = _apply(job, row, catalog, known, offer)
                        except DomainError as exc:
                            problems.append((exc.field or "row", exc.message))
                        else:
                            job.created_count += outcome == "created"
                            job.updated_count += outcome == "updated"
                    errors += [ImportRowError(job=job, row=row.number, field=f, message=m[:500]) for f, m in problems]
                    job.error_count += bool(problems)
                ImportRowError.objects.bulk_create(errors)
                job.processed_rows += len(chunk)
                job.save(update_fields=["processed_rows", "created_count", "updated_count", "error_count"])
            if progress:
                progress(len(chunk))
    except DomainError as exc:
        return _finish(job, ImportJob.Status.FAILED, exc.message)
    job.total_rows = job.processed_rows
    job.save(update_fields=["total_rows"])
    return _finish(job, ImportJob.Status.DONE)
