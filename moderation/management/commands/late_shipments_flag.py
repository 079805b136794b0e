from django.core.management.base import BaseCommand

from moderation.services.shipping import late_shipments_flag


class Command(BaseCommand):
    help = "Flag VendorOrders shipped after their ship-by date or still unshipped past it (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--lookback-days", type=int, default=120, help="orders placed this many days back")

    def handle(self, *args, **options):
        count = late_shipments_flag(lookback_days=options["lookback_days"])
        self.stdout.write(f"{count} new late shipments flagged")
