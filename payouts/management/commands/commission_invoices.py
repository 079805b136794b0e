"""Issue the platform's commission invoices for a finished period (default: last calendar month)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from marketplace.errors import DomainError
from payouts.services.commission_invoices import commission_invoices_issue_period


class Command(BaseCommand):
    help = "Issue commission invoices to every vendor with commission in the period (idempotent: issued ones are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="period_from", type=date.fromisoformat, default=None)
        parser.add_argument("--to", dest="period_to", type=date.fromisoformat, default=None)
        parser.add_argument("--currency", default=settings.MARKETPLACE_CURRENCY)

    def handle(self, *args, period_from=None, period_to=None, currency="EUR", **options):
        first_of_month = timezone.localdate().replace(day=1)
        period_to = period_to or first_of_month - timedelta(days=1)
        period_from = period_from or period_to.replace(day=1)
        bar = tqdm(unit="vendor", file=self.stderr, disable=options.get("verbosity", 1) == 0)

        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        try:
            issued = commission_invoices_issue_period(
                period_from=period_from, period_to=period_to, currency=currency.upper(), progress=progress
            )
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from None
        bar.close()
        self.stdout.write(
            f"{period_from}..{period_to} {currency}: {len(issued)} commission invoices "
            f"({', '.join(i.number for i in issued)})"
        )
