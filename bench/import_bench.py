"""Bulk import of 100,000 generated rows through the real path, on the services `make` starts.

The same services as the API and the management command: upload checks, dry run, then the
chunked import (each chunk's products, offers, price history, audit entries and outbox events
written set-based, listing rules once per chunk). The outbox rows the import commits are
delivered to OpenSearch afterwards, as production's worker does while the import runs, and that
catch-up is timed on its own (``BENCH_IMPORT_INLINE=1`` delivers inline after each chunk's commit
instead, inside the import's time). Measures rows per second of the import (the dry run is timed
separately), the process's peak resident memory, and the ratio against a plain ``bulk_create``
of the same kind of rows (products and offers, chunks of 500, one transaction each, no checks,
no audit, no outbox, no index) run before and after the import on the same database (the mean
of the two: the machine's load drifts).

Prints the result and appends it to bench/RESULTS.md with the command that produced it.
Run: make bench-import   (BENCH_IMPORT_ROWS changes the size, default 100000)
"""

import csv
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings_test")

import django  # noqa: E402

django.setup()

from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from stdnum import ean  # noqa: E402

from bench.common import RUN, RUN_OFFSET, fresh_factories, machine_load  # noqa: E402
from marketplace import outbox  # noqa: E402
from marketplace.models import Category  # noqa: E402
from tests.factories import CategoryFactory, make_vendor  # noqa: E402
from vendors.models import Offer, Product  # noqa: E402
from vendors.services.imports import import_job_check, import_job_create, import_job_queue, import_job_run  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
INLINE = os.environ.get("BENCH_IMPORT_INLINE") == "1"
COMMAND = "make bench-import  (= scripts/with-test-services -- .venv/bin/python bench/import_bench.py)"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def write_rows(path: Path, categories: list[str], *, lead: str = "4", sku: str = "BENCH") -> None:
    """A semicolon CSV as German spreadsheets export it, written line by line."""
    with path.open("w", encoding="utf-8") as out:
        out.write("Artikelnummer;EAN;Titel;Kategorie;Preis;Bestand;Zustand;Versandtage\n")
        for n in range(ROWS):
            body = f"{lead}{RUN_OFFSET // 1000 % 100:02d}{n:09d}"  # new GTINs in every run: new products
            gtin = body + ean.calc_check_digit(body)
            price = f"{5 + n % 200},{n % 100:02d}"
            condition = ("new", "refurbished", "used")[n % 3]
            out.write(
                f"{sku}-{n:06d};{gtin};Artikel {n} Testprodukt;{categories[n % len(categories)]};{price};{n % 50};{condition};{n % 5}\n"
            )


def plain_bulk_create(vendor, path: Path) -> float:
    """The baseline: the file's rows as products and offers with nothing but ``bulk_create``."""
    categories = {c.slug: c for c in Category.objects.filter(slug__startswith=f"bench-import-{RUN}-")}
    t0 = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter=";")
        next(rows)
        chunk: list = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 500:
                _bulk(vendor, categories, chunk)
                chunk = []
        if chunk:
            _bulk(vendor, categories, chunk)
    return time.perf_counter() - t0


def _bulk(vendor, categories, rows) -> None:
    with transaction.atomic():
        products = Product.objects.bulk_create(
            Product(category=categories[r[3]], title=r[2], gtin=r[1], status=Product.Status.PENDING, created_by=vendor)
            for r in rows
        )
        Offer.objects.bulk_create(
            Offer(
                vendor=vendor,
                product=product,
                sku=r[0],
                condition=r[6],
                currency="EUR",
                price_amount=int(r[4].replace(",", "")),
                stock=int(r[5]),
                handling_days=int(r[7]),
                status=Offer.Status.PENDING,
            )
            for product, r in zip(products, rows, strict=True)
        )


def run(vendor, owner, path: Path, mapping: dict) -> tuple:
    with path.open("rb") as handle:
        job = import_job_create(
            vendor=vendor, actor=owner, upload=File(handle, name=path.name), mapping=mapping, enqueue=False
        )
    t0 = time.perf_counter()
    job = import_job_check(job_id=job.id)
    check_s = time.perf_counter() - t0
    import_job_queue(vendor=vendor, actor=owner, job_id=job.id, enqueue=False)
    t0 = time.perf_counter()
    job = import_job_run(job_id=job.id)
    return job, check_s, time.perf_counter() - t0


def deliver_all() -> float:
    """The outbox rows left by the import, delivered as the worker would (timed)."""
    t0 = time.perf_counter()
    outbox.outbox_deliver()
    return time.perf_counter() - t0


def main() -> None:
    call_command("migrate", verbosity=0)
    fresh_factories()
    vendor, owner = make_vendor(name=f"Bench Import {RUN}")
    categories = [CategoryFactory(slug=f"bench-import-{RUN}-{i}").slug for i in range(10)]
    mapping = {
        "sku": "Artikelnummer",
        "gtin": "EAN",
        "title": "Titel",
        "category": "Kategorie",
        "price": "Preis",
        "stock": "Bestand",
        "condition": "Zustand",
        "handling_days": "Versandtage",
    }
    deliver_all()  # what earlier runs or the set-up left
    if not INLINE:
        outbox._schedule_delivery = lambda: None  # the worker delivers: nothing inline after commit
    baseline = peak_mb()
    plain_vendor, _ = make_vendor(name=f"Bench Plain {RUN}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        write_rows(path, categories)
        plain_paths = [Path(folder) / f"plain-{i}.csv" for i in (1, 2)]
        for i, plain in enumerate(plain_paths):
            write_rows(plain, categories, lead=str(5 + i), sku=f"PLAIN{i}")
        plain_s = [plain_bulk_create(plain_vendor, plain_paths[0])]
        job, check_s, import_s = run(vendor, owner, path, mapping)
        catch_up_s = deliver_all()
        assert (job.status, job.created_count, job.error_count) == ("done", ROWS, 0), (
            job.status,
            job.created_count,
            job.error_count,
            job.message,
        )
        peak = peak_mb()
        plain_s.append(plain_bulk_create(plain_vendor, plain_paths[1]))
        again, _, reimport_s = run(vendor, owner, path, mapping)
        assert (again.created_count, again.updated_count, again.error_count) == (0, 0, 0)
    plain_rate = ROWS / (sum(plain_s) / len(plain_s))

    lines = [
        f"### {time.strftime('%Y-%m-%d')} import benchmark on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})",
        f"Command: `{COMMAND}`; {ROWS} generated CSV rows (new products with GTINs, 10 categories), chunks of 500 rows,",
        (
            "inline outbox delivery to OpenSearch after each chunk."
            if INLINE
            else "outbox delivered to OpenSearch after the import (the worker's part, timed apart)."
        )
        + " Peak = the process's peak RSS (resource.getrusage),",
        f"of which {baseline:.1f} MB before the import (Django, services). Run {RUN}; `uptime` at the end: {machine_load()}",
        f"- dry run (check every row): {ROWS / check_s:.0f} rows/s ({check_s:.1f} s)",
        f"- import: {import_s:.1f} s"
        + ("" if INLINE else f"; then the index catch-up (outbox delivery): {catch_up_s:.1f} s"),
        f"- plain bulk_create of the same kind of rows, before and after the import: {plain_s[0]:.1f} s, {plain_s[1]:.1f} s",
        f"- re-import of the same file (idempotent, nothing written): {ROWS / reimport_s:.0f} rows/s",
        f"import_rows_per_s: {ROWS / import_s:.0f}",
        f"import_bulk_create_rows_per_s: {plain_rate:.0f}",
        f"import_ratio_vs_bulk_create: {ROWS / import_s / plain_rate:.2f}",
        f"import_ratio_vs_bulk_create_with_indexing: {ROWS / (import_s + catch_up_s) / plain_rate:.2f}",
        f"import_peak_mb: {peak:.1f}",
    ]
    text = "\n".join(lines)
    print(text)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
