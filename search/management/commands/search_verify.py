from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.verify import search_verify
from vendors.selectors import product_ids_all


class Command(BaseCommand):
    help = "Compare the product index with the database and repair any drift (missing, stale, extra documents)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only report, change nothing")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, dry_run: bool, batch_size: int, **options):
        with tqdm(
            total=product_ids_all().count(), unit="product", desc="verify", disable=options["verbosity"] == 0
        ) as bar:
            report = search_verify(repair=not dry_run, batch_size=batch_size, progress=bar.update)
        self.stdout.write(
            f"Checked {report.checked} products: {len(report.missing)} missing, {len(report.stale)} stale, "
            f"{len(report.extra)} extra in the index; {'repaired' if report.repaired else 'nothing changed'}."
        )
        for label, ids in (("missing", report.missing), ("stale", report.stale), ("extra", report.extra)):
            if ids and options["verbosity"] > 1:
                self.stdout.write(f"  {label}: {', '.join(map(str, ids[:50]))}{' ...' if len(ids) > 50 else ''}")
