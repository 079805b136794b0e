"""Refund open guarantee claims past the seller's deadline (idempotent; the beat task runs it too)."""

from django.core.management.base import BaseCommand

from buyers.messaging.claims import claims_resolve_overdue


class Command(BaseCommand):
    help = "Refund open guarantee claims whose seller did not answer by the deadline (safe to repeat)."

    def handle(self, *args, **options):
        resolved = claims_resolve_overdue()
        self.stdout.write(
            f"claims resolved: {len(resolved)}" + (f" ({', '.join(f'C-{i}' for i in resolved)})" if resolved else "")
        )
