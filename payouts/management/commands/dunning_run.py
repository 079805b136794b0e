"""Send the dunning notices that are due today (what the daily Celery beat task does)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from payouts.services.dunning import dunning_run


class Command(BaseCommand):
    help = "Give every overdue invoice order its next dunning level (reminder, second reminder, hand-over) when due."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="Run as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, date=None, **options):
        try:
            today = _parse(date)
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD).") from None
        report = dunning_run(today=today)
        names = {1: "reminders", 2: "second reminders", 3: "hand-overs"}
        for level, numbers in report.sent.items():
            self.stdout.write(f"{names[level]}: {len(numbers)}" + (f" ({', '.join(numbers)})" if numbers else ""))


def _parse(value):
    return dt.date.fromisoformat(value) if value else None
