"""Load demo data (categories, vendors, staff, buyers, listings); safe to run repeatedly."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frontend import demo_data


class Command(BaseCommand):
    help = "Load demo categories, vendors, users and listings. Running it again creates nothing new."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=320, help="number of demo products (default 320)")
        parser.add_argument(
            "--skip-outbox",
            action="store_true",
            help="mark the outbox events as delivered (run search_reindex afterwards to fill the index)",
        )

    def handle(self, *args, products: int, skip_outbox: bool, **options):
        if products < 0:
            raise CommandError("--products must not be negative")
        started = time.monotonic()
        result = demo_data.seed(n_products=products, skip_outbox=skip_outbox)
        elapsed = time.monotonic() - started

        if result.created_anything:
            created = ", ".join(f"{n} {what}" for what, n in result.created.items())
            self.stdout.write(self.style.SUCCESS(f"Seeded demo data in {elapsed:.1f}s (created {created})."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already present; nothing to do."))
        if skip_outbox:
            self.stdout.write(f"Marked {result.outbox_marked} outbox events delivered; run `manage.py search_reindex`.")
        self.stdout.write("Totals: " + ", ".join(f"{what} {n}" for what, n in demo_data.counts().items()))

        text = demo_data.demo_users_text(result.users)
        path = settings.BASE_DIR / ".local" / "demo-users.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write("")
        self.stdout.write(text)
        self.stdout.write(f"(written to {path})")
