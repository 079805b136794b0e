"""Shared steps of the loyalty and add-on tests: a two-seller shop, orders placed and delivered."""

from django.db.models import Sum

from buyers.addons.models import CartService, ServiceOffer
from buyers.loyalty.models import LoyaltyAccount, PointsEntry, Referral
from buyers.services import cart_item_add, checkout_place
from payouts.models import JournalLine
from tests.conftest import row_counts
from tests.factories import make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def make_shop(category, *, prices=(3333, 6667)):
    shop = {}
    for name, price in zip(("alpha", "beta"), prices):
        vendor, owner = make_vendor(name=name.title())
        shop[name] = {
            "vendor": vendor,
            "owner": owner,
            "offer": make_offer(
                vendor=vendor, owner=owner, category=category, title=f"{name} item", price=price, stock=50
            ),
        }
    return shop


def place(buyer, shop, *, names=("alpha", "beta"), quantity=1, key="k", **options):
    for name in names:
        cart_item_add(buyer=buyer, offer_id=shop[name]["offer"].id, quantity=quantity)
    return checkout_place(
        buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS, **options
    )


def deliver(order, shop):
    by_vendor = {part["vendor"].id: part for part in shop.values()}
    for vo in order.vendor_orders.all():
        part = by_vendor[vo.vendor_id]
        vendor_order_ship(
            vendor=part["vendor"],
            actor=part["owner"],
            vendor_order_id=vo.id,
            carrier="dhl",
            tracking_number=f"{vo.id:012d}",
        )
        vendor_order_mark_delivered(vendor=part["vendor"], actor=part["owner"], vendor_order_id=vo.id)


def journal_sum(user) -> int:
    return PointsEntry.objects.filter(account__user=user).aggregate(t=Sum("points"))["t"] or 0


def unbalanced_entries():
    return list(JournalLine.objects.values("entry_id", "currency").annotate(total=Sum("amount")).exclude(total=0))


def all_counts() -> dict[str, int]:
    """row_counts() plus this feature's tables (their app labels are not in its list)."""
    return {
        **row_counts(),
        "loyalty": LoyaltyAccount.objects.count(),
        "points": PointsEntry.objects.count(),
        "referrals": Referral.objects.count(),
        "service_offers": ServiceOffer.objects.count(),
        "cart_services": CartService.objects.count(),
    }
