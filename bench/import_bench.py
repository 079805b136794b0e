"""Bulk import of 10,000 generated rows through the real path, on the services `make` starts.

The same services as the API and the management command: upload checks, dry run, then the
chunked import (savepoint per row, offers created through the listing services, audit entries,
outbox events delivered inline to OpenSearch after each chunk's commit). Measures rows per second
of the import (the dry run is timed separately) and the process's peak resident memory.

Prints the result and appends it to bench/RESULTS.md with the command that produced it.
Run: make bench-import   (BENCH_IMPORT_ROWS changes the size)
"""

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
from stdnum import ean  # noqa: E402

from bench.common import RUN, RUN_OFFSET, fresh_factories, machine_load  # noqa: E402
from tests.factories import CategoryFactory, make_vendor  # noqa: E402
from vendors.services.imports import import_job_check, import_job_create, import_job_queue, import_job_run  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
COMMAND = "make bench-import  (= scripts/with-test-services -- .venv/bin/python bench/import_bench.py)"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def write_rows(path: Path, categories: list[str]) -> None:
    """A semicolon CSV as German spreadsheets export it, written line by line."""
    with path.open("w", encoding="utf-8") as out:
        out.write("Artikelnummer;EAN;Titel;Kategorie;Preis;Bestand;Zustand;Versandtage\n")
        for n in range(ROWS):
            body = f"4{RUN_OFFSET // 1000 % 100:02d}{n:09d}"  # new GTINs in every run: new products
            gtin = body + ean.calc_check_digit(body)
            price = f"{5 + n % 200},{n % 100:02d}"
            condition = ("new", "refurbished", "used")[n % 3]
            out.write(
                f"BENCH-{n:06d};{gtin};Artikel {n} Testprodukt;{categories[n % len(categories)]};{price};{n % 50};{condition};{n % 5}\n"
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
    baseline = peak_mb()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        write_rows(path, categories)
        job, check_s, import_s = run(vendor, owner, path, mapping)
        assert (job.status, job.created_count, job.error_count) == ("done", ROWS, 0), (
            job.status,
            job.created_count,
            job.error_count,
            job.message,
        )
        peak = peak_mb()
        again, _, reimport_s = run(vendor, owner, path, mapping)
        assert (again.created_count, again.updated_count, again.error_count) == (0, 0, 0)

    lines = [
        f"### {time.strftime('%Y-%m-%d')} import benchmark on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})",
        f"Command: `{COMMAND}`; {ROWS} generated CSV rows (new products with GTINs, 10 categories), chunks of 500 rows,",
        "inline outbox delivery to OpenSearch after each chunk. Peak = the process's peak RSS (resource.getrusage),",
        f"of which {baseline:.1f} MB before the import (Django, services). Run {RUN}; `uptime` at the end: {machine_load()}",
        f"- dry run (check every row): {ROWS / check_s:.0f} rows/s ({check_s:.1f} s)",
        f"- import: {import_s:.1f} s",
        f"- re-import of the same file (idempotent, nothing written): {ROWS / reimport_s:.0f} rows/s",
        f"import_rows_per_s: {ROWS / import_s:.0f}",
        f"import_peak_mb: {peak:.1f}",
    ]
    text = "\n".join(lines)
    print(text)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
