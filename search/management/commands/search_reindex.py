from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.indexing import search_reindex
from vendors.selectors import product_ids_all


class Command(BaseCommand):
    help = "Build a fresh product index, check it and swap the alias to it atomically."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size: int, **options):
        with tqdm(
            total=product_ids_all().count(), unit="product", desc="reindex", disable=options["verbosity"] == 0
        ) as bar:
            report = search_reindex(batch_size=batch_size, progress=bar.update)
        self.stdout.write(
            f"Indexed {report.documents} products into {report.index}; removed {report.removed_indices or 'no'} old indices."
        )
