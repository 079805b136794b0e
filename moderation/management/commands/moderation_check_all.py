"""Run the listing rules over the whole catalog (every offer not already rejected)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from moderation.services import listing_evaluate
from vendors.models import Offer


class Command(BaseCommand):
    help = "Evaluate every offer against the listing rules; blocked offers are suppressed and queued."

    def add_arguments(self, parser):
        parser.add_argument("--category", type=int, help="only offers of products in this category")

    def handle(self, *args, **options):
        offers = Offer.objects.exclude(status=Offer.Status.REJECTED).order_by("id")
        if options["category"]:
            offers = offers.filter(product__category_id=options["category"])
        ids = list(offers.values_list("id", flat=True))
        warned = blocked = 0
        # One transaction per offer: a long run holds no locks and a crash keeps what is done.
        for offer_id in tqdm(ids, desc="listing rules", unit="offer", disable=options["verbosity"] == 0):
            severities = {r.severity for r in listing_evaluate(offer_id=offer_id)}
            blocked += "block" in severities
            warned += severities == {"warn"}
        self.stdout.write(f"checked {len(ids)} offers: {blocked} blocked, {warned} with warnings only")
