"""Seller analytics for a date range: sales, orders, units, average order value, return and claim
rates, average rating, top products and sales per day (issue 18 item 10).

Counted like the dashboard's sales chart (``marketplace.selectors.vendor_sales_by_day``): a part
counts on the day the buyer ordered (shop time zone), cancelled parts and unpaid card orders do
not. Sales are what buyers paid for the seller's parts (items after coupons, plus shipping).
Conversion is orders per product page view: views of the pages of the products the seller offers
(``vendors.product_views``, counted in Redis and flushed every 5 minutes, so today's figure lags by
up to that). A shared catalogue product's page shows every seller's offer, so its views count for
each of them. The rating trend is the average of the seller ratings given per week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.money import Money
from vendors.models import Offer
from vendors.product_views import product_views

MAX_DAYS = 366


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator * 100) / Decimal(self.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


@dataclass
class SellerAnalytics:
    date_from: date
    date_to: date
    currency: str
    orders: int
    units: int
    sales: Money
    average_order_value: Money | None
    return_rate: Rate
    claim_rate: Rate
    average_rating: Decimal | None
    ratings: int
    top_products: list[tuple[str, int, Money]]  # title, units, sales
    by_day: list[tuple[date, int, int, Money]]  # day, orders, units, sales
    views: int = 0
    conversion: Rate = Rate(0, 0)  # orders of product page views
    rating_trend: list[tuple[date, Decimal, int]] = ()  # week's Monday, average stars, ratings


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
    return start, end


def _counted_parts(*, vendor, currency: str, date_from: date, date_to: date):
    start, end = _bounds(date_from, date_to)
    booked = Q(order__payment_method=Order.PaymentMethod.INVOICE) | Q(order__payment_status=Order.PaymentStatus.PAID)
    return VendorOrder.objects.filter(
        booked, vendor_id=vendor.id, currency=currency, order__created_at__gte=start, order__created_at__lt=end
    ).exclude(status=VendorOrder.Status.CANCELLED)


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def seller_analytics(*, vendor, currency: str, date_from: date, date_to: date) -> SellerAnalytics:
    from buyers.messaging.models import Claim
    from buyers.models import ReturnRequest
    from moderation.scorecards import measure_read

    parts = _counted_parts(vendor=vendor, currency=currency, date_from=date_from, date_to=date_to)
    totals = parts.aggregate(
        n=Count("id"),
        items=Sum("items_amount"),
        discount=Sum("discount_amount"),
        shipping=Sum("shipping_amount"),
    )
    orders = totals["n"] or 0
    sales = (totals["items"] or 0) - (totals["discount"] or 0) + (totals["shipping"] or 0)
    lines = OrderLine.objects.filter(vendor_order__in=parts)
    units = lines.aggregate(n=Sum("quantity"))["n"] or 0
    delivered = parts.filter(delivered_at__isnull=False)
    returned = ReturnRequest.objects.filter(vendor_order__in=delivered).values("vendor_order_id").distinct().count()
    claimed = Claim.objects.filter(vendor_order__in=parts).values("vendor_order_id").distinct().count()
    top = (
        lines.values("product_title")
        .annotate(units=Sum("quantity"), sales=Sum(F("line_total_amount") - F("discount_amount")))
        .order_by("-sales", "product_title")[:10]
    )
    per_day = {
        row["day"]: row
        for row in parts.annotate(day=TruncDate("order__created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            n=Count("id", distinct=True),
            paid=Sum(F("items_amount") - F("discount_amount") + F("shipping_amount")),
        )
    }
    units_per_day = {
        row["day"]: row["n"]
        for row in lines.annotate(
            day=TruncDate("vendor_order__order__created_at", tzinfo=timezone.get_current_timezone())
        )
        .values("day")
        .annotate(n=Sum("quantity"))
    }
    days = (date_to - date_from).days + 1
    by_day = []
    for offset in range(days):
        day = date_from + timedelta(days=offset)
        row = per_day.get(day, {})
        by_day.append((day, row.get("n", 0), units_per_day.get(day, 0), Money(row.get("paid") or 0, currency)))
    start, _end = _bounds(date_from, date_to)
    rating = measure_read(name="average_rating", vendor_id=vendor.id, since=start)
    average = None
    if rating.denominator:
        average = (Decimal(rating.numerator) / Decimal(rating.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    views = product_views(
        product_ids=Offer.objects.filter(vendor_id=vendor.id).values("product_id"), date_from=date_from, date_to=date_to
    )
    return SellerAnalytics(
        views=views,
        conversion=Rate(orders, views),
        rating_trend=rating_trend(vendor=vendor, date_from=date_from, date_to=date_to),
        date_from=date_from,
        date_to=date_to,
        currency=currency,
        orders=orders,
        units=units,
        sales=Money(sales, currency),
        average_order_value=Money(_half_up(sales, orders), currency) if orders else None,
        return_rate=Rate(returned, delivered.count()),
        claim_rate=Rate(claimed, orders),
        average_rating=average,
        ratings=rating.denominator or 0,
        top_products=[(row["product_title"], row["units"], Money(row["sales"], currency)) for row in top],
        by_day=by_day,
    )


def rating_trend(*, vendor, date_from: date, date_to: date) -> list[tuple[date, Decimal, int]]:
    """Average stars of the visible seller ratings given per week (weeks with ratings only)."""
    from buyers.reviews.models import Review
    from buyers.reviews.selectors import VISIBLE

    start, end = _bounds(date_from, date_to)
    rows = (
        Review.objects.filter(
            VISIBLE, kind=Review.Kind.SELLER, vendor_id=vendor.id, created_at__gte=start, created_at__lt=end
        )
        .annotate(week=TruncWeek("created_at", tzinfo=timezone.get_current_timezone()))
        .values("week")
        .annotate(total=Sum("stars"), n=Count("id"))
        .order_by("week")
    )
    return [
        (
            row["week"].date() if isinstance(row["week"], datetime) else row["week"],
            (Decimal(row["total"]) / Decimal(row["n"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            row["n"],
        )
        for row in rows
    ]
