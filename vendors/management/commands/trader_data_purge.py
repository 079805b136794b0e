"""Erase the trader data of vendors closed longer than TRADER_DATA_RETENTION_DAYS ago.

What goes and what stays is listed in vendors/services/trader.py (ERASED_FIELDS, KEPT_FIELDS);
the daily Celery beat entry ``vendors-trader-data-purge`` runs the same service.
"""

from django.core.management.base import BaseCommand

from vendors.services.trader import retention_days, trader_data_purge


class Command(BaseCommand):
    help = "Erase trader data (DSA Art. 30) of vendors closed longer than the retention period ago."

    def handle(self, *args, **options):
        erased = trader_data_purge()
        self.stdout.write(
            f"Erased the trader data of {len(erased)} vendor(s) closed more than {retention_days()} days ago: {erased}"
        )
