"""DAC7 for a period: send the sellers' notices (--notify) and write the DPI XML file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from marketplace.errors import DomainError
from payouts.services import dac7


class Command(BaseCommand):
    help = (
        "Write the DAC7 file (OECD DPI XML v1.0, schema-validated) for a year or a quarter. Every reportable "
        "seller must have had its notice: pass --notify to send the missing ones first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
        parser.add_argument("--quarter", type=int, default=0, help="1-4; 0 (default) is the whole year")
        parser.add_argument("--notify", action="store_true", help="send the sellers' notices that are missing")
        parser.add_argument("--output", "-o", default="", help="file to write (default: standard output)")

    def handle(self, *args, year, quarter, notify, output, **options):
        try:
            if notify:
                sent = dac7.dac7_notices_send(actor=None, year=year, quarter=quarter)
                self.stderr.write(f"{sent} notices sent")
            file = dac7.dac7_xml(year=year, quarter=quarter)
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from None
        if output:
            Path(output).write_bytes(file.xml)
            self.stderr.write(f"{output}: {len(file.reported)} sellers reported, {len(file.excluded)} excluded")
        else:
            self.stdout.write(file.xml.decode())
