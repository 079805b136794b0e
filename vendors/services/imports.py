"""Bulk import of products and offers: upload, check (dry run), import with stored progress.

Rows are streamed from the file in chunks of CHUNK_ROWS; each chunk is one transaction, and the
job's progress counters are committed together with the rows they count. New offers of a chunk
are created set-based: every row is checked in memory against the chunk's catalog look-ups (one
query each for products, variants, existing offers), a bad row is reported and skipped, and the
good rows' products, offers, price history, audit entries and outbox events are written with one
INSERT each; the listing rules run once per chunk (``vendors.services.events.listings_created``).
The outcome is that of listing the rows one by one in file order. Should the database still refuse
a chunk (a product or SKU created concurrently), that chunk is redone row by row, each row in its
own savepoint. Changed existing offers go through ``offer_update`` one by one. Re-importing a file
is idempotent: offers are found by the vendor's SKU and only real changes are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record, audit_record_many
from marketplace.errors import Conflict, DomainError
from marketplace.models import Category
from marketplace.uploads import spreadsheet_upload_check
from vendors.imports import ImportRow, header_names, max_import_bytes, parse_row, read_rows, resolve_mapping
from vendors.models import ImportJob, ImportRowError, Offer, OfferPriceChange, Product, ProductVariant, Vendor
from vendors.selectors import import_job_get
from vendors.services.attributes import attributes_check, category_schema
from vendors.services.checks import normalise_sku
from vendors.services.events import catalog_product_changed, listings_created
from vendors.services.listings import offer_create, offer_status_for_new, product_for_listing, variant_by_gtin
from vendors.services.offers import offer_update
from vendors.services.products import product_texts_check
from vendors.services.variants import offer_variant_check

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
        self.schemas: dict[int, dict] = {}

    def schema(self, category: Category) -> dict:
        """The category's attribute schema, read once per job."""
        if category.id not in self.schemas:
            self.schemas[category.id] = category_schema(category)
        return self.schemas[category.id]

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
        attributes_check(category=category, attributes=row.attributes, schema=catalog.schema(category))
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


def _row_error(exc: DomainError) -> list[tuple[str, str]]:
    return [(exc.field or "row", exc.message)]


class _Planned:
    """One good row of a chunk: the product it joins or proposes, and its offer (unsaved)."""

    __slots__ = ("row", "product", "offer")

    def __init__(self, row: ImportRow, product: Product, offer: Offer) -> None:
        self.row, self.product, self.offer = row, product, offer


def _plan_creates(
    job: ImportJob, rows: list[ImportRow], catalog: _Catalog, known_gtins: set[str], problems: dict
) -> list[_Planned]:
    """Check the rows that create offers in memory, in file order, with the checks and messages of
    ``product_for_listing`` and ``offer_create``; a failing row lands in ``problems`` and leaves no trace."""
    vendor = job.vendor
    gtins = {row.gtin for row in rows if row.gtin}
    products = {p.gtin: p for p in Product.objects.select_related("category").filter(gtin__in=gtins)} if gtins else {}
    variants = (
        {v.gtin: v for v in ProductVariant.objects.select_related("product__category").filter(gtin__in=gtins)}
        if gtins
        else {}
    )
    catalog_ids = {p.id for p in products.values()} | {v.product_id for v in variants.values()}
    with_variants = (
        set(ProductVariant.objects.filter(product_id__in=catalog_ids).values_list("product_id", flat=True))
        if catalog_ids
        else set()
    )
    # What the vendor already offers of these products: (product or variant, condition) is unique.
    taken = set()
    if catalog_ids:
        for product_id, variant_id, condition in Offer.objects.filter(
            vendor=vendor, product_id__in=catalog_ids
        ).values_list("product_id", "variant_id", "condition"):
            taken.add(("v", variant_id, condition) if variant_id else ("p", product_id, condition))
    skus_taken = set(Offer.objects.filter(vendor=vendor, sku__in=[r.sku for r in rows]).values_list("sku", flat=True))
    proposed: dict[str, Product] = {}  # GTIN -> product proposed by an earlier row of this chunk
    planned: list[_Planned] = []
    for row in rows:
        try:
            errors = _catalog_errors(row, catalog, known_gtins)
            if errors:
                raise DomainError(errors[0][1], field=errors[0][0])
            variant = variants.get(row.gtin) if row.gtin else None
            product = (products.get(row.gtin) or proposed.get(row.gtin)) if row.gtin else None
            if product is None and variant is not None:
                product = variant.product
            new = product is None
            if new:
                product = _new_product(vendor, row, catalog)
            # offer_create's checks, in its order
            if variant is None:
                if product.id in with_variants:
                    offer_variant_check(product=product, variant_id=None)  # raises with the variants named
            elif variant.product_id != product.id:
                offer_variant_check(product=product, variant_id=variant.id)  # not this product's: not found
            sku = normalise_sku(row.sku)
            if sku in skus_taken:
                raise Conflict(_("You already use SKU %(sku)r for another offer.") % {"sku": sku}, field="sku")
            key = ("v", variant.id, row.condition) if variant else ("p", product.id or id(product), row.condition)
            status = offer_status_for_new(product=product, publish=True)
            if key in taken:
                raise Conflict(
                    _(
                        "You already offer this product in condition %(condition)r (or SKU %(sku)r is taken); change that offer instead."
                    )
                    % {"condition": row.condition, "sku": sku},
                    field="gtin",
                )
        except DomainError as exc:
            problems[row.number] = _row_error(exc)
            continue
        taken.add(key)
        skus_taken.add(sku)
        if new and row.gtin:
            proposed[row.gtin] = product
        offer = Offer(
            vendor=vendor,
            product=product,
            variant=variant,
            sku=sku,
            condition=row.condition,
            currency=row.price.currency,
            price_amount=row.price.amount,
            stock=row.stock,
            handling_days=2 if row.handling_days is None else row.handling_days,
            return_window_days=row.return_window_days or 14,
            shipping_profile=None,
            weight_g=row.weight_g,
            status=status,
        )
        planned.append(_Planned(row, product, offer))
    return planned


def _new_product(vendor: Vendor, row: ImportRow, catalog: _Catalog) -> Product:
    """The unsaved product a row proposes (``product_for_listing``'s checks; pending moderation)."""
    category = catalog.category(row.category)
    texts = product_texts_check(
        texts={
            "title": row.title,
            "title_en": row.title_en,
            "description": row.description,
            "description_en": row.description_en,
            "brand": row.brand,
        }
    )
    if not texts["title"] and not texts["title_en"]:
        raise DomainError(_("A new product needs a title (German or English)."), field="title")
    attributes = attributes_check(category=category, attributes=row.attributes, schema=catalog.schema(category))
    return Product(
        status=Product.Status.PENDING,
        category=category,
        **texts,
        gtin=row.gtin,
        attributes=attributes,
        created_by=vendor,
    )


def _write_creates(job: ImportJob, planned: list[_Planned]) -> None:
    """The planned rows' products, offers, price history, audit entries and outbox events, each
    table in one INSERT, then the listing rules for the chunk."""
    new_products = list({id(p.product): p.product for p in planned if p.product.pk is None}.values())
    Product.objects.bulk_create(new_products)
    offers = []
    for item in planned:
        item.offer.product = item.product  # now saved: sets product_id
        offers.append(item.offer)
    Offer.objects.bulk_create(offers)
    now = timezone.now()
    OfferPriceChange.objects.bulk_create(
        OfferPriceChange(offer=offer, price_amount=offer.price_amount, changed_at=now) for offer in offers
    )
    audit_record_many(
        actor=job.created_by,
        action="offer.created",
        entries=[(offer, {"product_id": offer.product_id, "sku": offer.sku}) for offer in offers],
    )
    catalog_product_changed(product_ids=[offer.product_id for offer in offers])
    listings_created(offers=offers)


def _create_rows(
    job: ImportJob, rows: list[ImportRow], catalog: _Catalog, known_gtins: set[str]
) -> tuple[int, dict[int, list]]:
    """Create the offers of rows without one: (offers created, problems by row number)."""
    problems: dict[int, list] = {}
    if not rows:
        return 0, problems
    try:
        with transaction.atomic():
            planned = _plan_creates(job, rows, catalog, known_gtins, problems)
            _write_creates(job, planned)
        return len(planned), problems
    except IntegrityError:
        pass  # someone else created one of these products or SKUs meanwhile: decide row by row
    problems, created = {}, 0
    for row in rows:
        try:
            with transaction.atomic():
                _apply(job, row, catalog, known_gtins, None)
        except DomainError as exc:
            problems[row.number] = _row_error(exc)
        else:
            created += 1
    return created, problems


def _import_chunk(job: ImportJob, chunk: list[ImportRow], catalog: _Catalog, seen_skus: set[str]) -> None:
    """One chunk in one transaction: rows in file order, runs of new offers created together."""
    known = catalog.known_gtins(chunk)
    # One query for the chunk's existing offers: unchanged rows then cost nothing.
    existing = {o.sku: o for o in Offer.objects.filter(vendor=job.vendor, sku__in=[r.sku for r in chunk if r.sku])}
    problems: dict[int, list] = {}
    creates: list[ImportRow] = []

    def flush_creates() -> None:
        created, found = _create_rows(job, creates, catalog, known)
        job.created_count += created
        problems.update(found)
        creates.clear()

    with transaction.atomic():
        for row in chunk:
            problems[row.number] = list(row.errors)
            if not problems[row.number] and row.sku in seen_skus:
                problems[row.number].append(
                    (
                        "sku",
                        _("SKU %(sku)r appears more than once in the file; the first row was used.") % {"sku": row.sku},
                    )
                )
            seen_skus.add(row.sku)
            offer = existing.get(row.sku)
            if problems[row.number] or (offer is not None and _unchanged(offer, row)):
                continue
            if offer is None:
                creates.append(row)  # created together with the next rows that create
                continue
            flush_creates()  # the rows before this one first: the file's order holds
            try:
                with transaction.atomic():
                    outcome = _apply(job, row, catalog, known, offer)
            except DomainError as exc:
                problems[row.number] = _row_error(exc)
            else:
                job.updated_count += outcome == "updated"
        flush_creates()
        ImportRowError.objects.bulk_create(
            ImportRowError(job=job, row=row.number, field=f, message=m[:500])
            for row in chunk
            for f, m in problems[row.number]
        )
        job.error_count += sum(bool(problems[row.number]) for row in chunk)
        job.processed_rows += len(chunk)
        job.save(update_fields=["processed_rows", "created_count", "updated_count", "error_count"])


def import_job_run(*, job_id: int, progress: Progress | None = None) -> ImportJob:
    job = _start(job_id, allowed={ImportJob.Status.QUEUED}, status=ImportJob.Status.IMPORTING)
    job = ImportJob.objects.select_related("vendor", "created_by").get(id=job.id)
    catalog, seen_skus = _Catalog(), set()
    try:
        for chunk in _chunks(_rows(job)):
            _import_chunk(job, chunk, catalog, seen_skus)
            if progress:
                progress(len(chunk))
    except DomainError as exc:
        return _finish(job, ImportJob.Status.FAILED, exc.message)
    job.total_rows = job.processed_rows
    job.save(update_fields=["total_rows"])
    return _finish(job, ImportJob.Status.DONE)
