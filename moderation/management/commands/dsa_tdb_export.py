"""Statements of reasons of a period as JSON lines in the DSA Transparency Database's fields."""

from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from moderation.transparency_db import tdb_export_lines, tdb_statements


class Command(BaseCommand):
    help = "Write the statements of reasons issued in a period as JSON lines for the DSA Transparency Database."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat, default=None)
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat, default=None)
        parser.add_argument("--output", "-o", default="", help="file to write (default: standard output)")

    def handle(self, *args, date_from=None, date_to=None, output="", **options):
        date_to = date_to or timezone.localdate() - timedelta(days=1)
        date_from = date_from or date_to
        if date_from > date_to:
            raise CommandError("--from must not be after --to")
        try:
            lines = list(tdb_export_lines(tdb_statements(date_from=date_from, date_to=date_to)))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if output:
            Path(output).write_text("".join(lines), encoding="utf-8")
            self.stderr.write(f"{output}: {len(lines)} statements")
        else:
            self.stdout.write("".join(lines), ending="")
