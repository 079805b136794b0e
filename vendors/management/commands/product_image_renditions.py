"""Make the srcset renditions of product pictures uploaded before renditions existed (once after
deploying them; new uploads get theirs at once). Run ``search_reindex`` afterwards."""

from django.core.management.base import BaseCommand

from vendors.services.images import renditions_backfill


class Command(BaseCommand):
    help = "Make the missing renditions (narrower copies for srcset) of product pictures."

    def handle(self, *args, **options):
        done = renditions_backfill()
        self.stdout.write(self.style.SUCCESS(f"Made renditions for {done} pictures."))
