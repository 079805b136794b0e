from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from marketplace.db_router import reads_from_replica
from marketplace.errors import NotFound
from marketplace.models import AuditLogEntry, Category, Order, OrderNote, VendorOrder
from marketplace.money import Money


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("path")


@reads_from_replica()
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


# --------------------------------------------------------------------------- operator dashboard


@dataclass(frozen=True)
class QueueCount:
    """One work queue: how many items wait and how many of them are past their deadline."""

    waiting: int
    overdue: int


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of ``first``, start of the day after ``last``) in the shop's time zone."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), zone),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone),
    )


# What counts as sold: parts not cancelled, of invoice orders once placed and of card orders once
# paid (as vendor_sales_by_day and the ledger).
_BOOKED_PART = (
    Q(order__payment_method=Order.PaymentMethod.INVOICE) | Q(order__payment_status=Order.PaymentStatus.PAID)
) & ~Q(order__status=Order.Status.CANCELLED)


@dataclass(frozen=True)
class OrderFigures:
    currency: str
    gmv: Money  # gross merchandise value: what buyers pay for goods and shipping, discounts taken off
    orders: int
    by_day: list[tuple[date, int, int]]  # (day, orders, gmv minor units), every day of the period

    @property
    def average_order_value(self) -> Money:
        """GMV per order, rounded half up to the minor unit (integers only)."""
        if not self.orders:
            return Money.zero(self.currency)
        return Money((2 * self.gmv.amount + self.orders) // (2 * self.orders), self.currency)


def order_figures(*, date_from: date, date_to: date, currency: str) -> OrderFigures:
    """Orders and GMV per day of the period (the day the buyer ordered, shop time zone).

    GMV is the parts' items minus discount plus shipping, cancelled parts left out; an order
    counts once if any part of it is sold. CO2 contributions are not merchandise and not in it."""
    start, end = day_bounds(date_from, date_to)
    rows = (
        VendorOrder.objects.filter(
            _BOOKED_PART, currency=currency, order__created_at__gte=start, order__created_at__lt=end
        )
        .exclude(status=VendorOrder.Status.CANCELLED)
        .annotate(day=TruncDate("order__created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            gmv=Sum(F("items_amount") - F("discount_amount") + F("shipping_amount")),
            orders=Count("order_id", distinct=True),
        )
    )
    per_day = {row["day"]: (row["orders"], row["gmv"]) for row in rows}
    days = (date_to - date_from).days + 1
    by_day = [(date_from + timedelta(days=n), *per_day.get(date_from + timedelta(days=n), (0, 0))) for n in range(days)]
    # An order's parts share its day, so the per-day order counts add up to the period's.
    return OrderFigures(
        currency=currency,
        gmv=Money(sum(d[2] for d in by_day), currency),
        orders=sum(d[1] for d in by_day),
        by_day=by_day,
    )


def open_invoice_queue(*, today: date | None = None) -> QueueCount:
    """Invoice orders not paid yet (and not cancelled); overdue: past their payment due date."""
    today = today or timezone.localdate()
    invoices = Order.objects.filter(
        payment_method=Order.PaymentMethod.INVOICE,
        payment_status=Order.PaymentStatus.PENDING,
        status=Order.Status.PLACED,
    )
    counts = invoices.aggregate(waiting=Count("id"), overdue=Count("id", filter=Q(payment_due_date__lt=today)))
    return QueueCount(counts["waiting"], counts["overdue"])


# --------------------------------------------------------------------------- operator order search and page


def order_search(*, query: str, limit: int = 20) -> QuerySet[Order]:
    """Orders by number (exact, or its beginning) or by the buyer's e-mail (exact, any case)."""
    query = query.strip()
    if not query:
        return Order.objects.none()
    match = (
        Q(number__iexact=query) | Q(number__istartswith=query) | Q(email__iexact=query) | Q(buyer__email__iexact=query)
    )
    return Order.objects.filter(match).order_by("-created_at", "-id")[:limit]


def order_get_for_operator(*, number: str) -> Order:
    order = Order.objects.select_related("buyer").filter(number=number).first()
    if order is None:
        raise NotFound("No such order.", field="number")
    return order


def order_parts(*, order: Order) -> QuerySet[VendorOrder]:
    return order.vendor_orders.select_related("vendor").prefetch_related("lines").order_by("id")


def order_notes(*, order: Order) -> QuerySet[OrderNote]:
    return OrderNote.objects.filter(order=order).select_related("author")


def audit_trail(*, objects: dict[str, list]) -> QuerySet[AuditLogEntry]:
    """Audit entries about any of ``objects`` ({model label_lower: [ids]}), newest first."""
    match = Q(pk__in=[])
    for object_type, ids in objects.items():
        if ids:
            match |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    return AuditLogEntry.objects.filter(match).select_related("actor").order_by("-created_at", "-id")


# --------------------------------------------------------------------------- audit log


def audit_log_list(
    *,
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditLogEntry]:
    """Audit entries, newest first. ``actor``: e-mail or user name (contained, any case), or
    "system" for entries without a person; ``object_type`` exact (e.g. "marketplace.order");
    ``action``: its beginning ("refund." finds every refund action); days in the shop's time zone."""
    entries = AuditLogEntry.objects.select_related("actor")
    actor = actor.strip()
    if actor.lower() == "system":
        entries = entries.filter(actor__isnull=True)
    elif actor:
        entries = entries.filter(Q(actor__email__icontains=actor) | Q(actor__username__iexact=actor))
    if object_type:
        entries = entries.filter(object_type=object_type.strip().lower())
    if object_id:
        entries = entries.filter(object_id=object_id.strip())
    if action:
        entries = entries.filter(action__istartswith=action.strip())
    if date_from:
        entries = entries.filter(created_at__gte=day_bounds(date_from, date_from)[0])
    if date_to:
        entries = entries.filter(created_at__lt=day_bounds(date_to, date_to)[1])
    return entries.order_by("-created_at", "-id")


def audit_object_types() -> list[str]:
    return list(AuditLogEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
