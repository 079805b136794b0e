from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from marketplace.models import Category, Order, VendorOrder


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("path")


def vendor_sales_by_day(*, vendor, currency: str, days: int = 30, today: date | None = None) -> list[tuple[date, int]]:
    """[(day, items sold in minor units)] for the last ``days`` days up to today, every day listed
    (zero when nothing sold). Counted on the day the buyer ordered, in the shop's time zone;
    cancelled parts and unpaid card orders do not count (invoice orders count when placed, as
    the ledger books them)."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    booked = Q(order__payment_method=Order.PaymentMethod.INVOICE) | Q(order__payment_status=Order.PaymentStatus.PAID)
    rows = (
        VendorOrder.objects.filter(booked, vendor_id=vendor.id, currency=currency)
        .exclude(status=VendorOrder.Status.CANCELLED)
        .annotate(day=TruncDate("order__created_at", tzinfo=timezone.get_current_timezone()))
        .filter(day__gte=first, day__lte=today)
        .values("day")
        .annotate(total=Sum("items_amount"))
    )
    totals = {row["day"]: row["total"] for row in rows}
    return [(first + timedelta(days=n), totals.get(first + timedelta(days=n), 0)) for n in range(days)]
