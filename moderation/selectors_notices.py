"""Reads for notice and action: the notice queue, statements of reasons per addressee, appeals,
repeat offenders and abusive notifiers, and the yearly transparency figures (DSA Art. 15/24)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from marketplace.csv_export import csv_writer
from marketplace.errors import DomainError, NotFound
from marketplace.selectors import QueueCount
from moderation.conf import setting
from moderation.models import Appeal, Notice, NotifierSuspension, StatementOfReasons

SOR = StatementOfReasons


def notice_list(*, status: str | None = None) -> QuerySet[Notice]:
    notices = Notice.objects.select_related("vendor", "decided_by")
    if status:
        if status not in Notice.Status.values:
            raise DomainError(f"Unknown status {status!r}; allowed: {', '.join(Notice.Status.values)}.", field="status")
        notices = notices.filter(status=status)
    return notices.order_by("created_at", "id")


def notice_get(*, notice_id: int) -> Notice:
    notice = Notice.objects.select_related("vendor", "decided_by").filter(id=notice_id).first()
    if notice is None:
        raise NotFound("No such notice.", field="notice")
    return notice


def notice_get_by_reference(*, reference: str) -> Notice | None:
    return Notice.objects.filter(reference=reference).first()


def statement_list_for_vendor(*, vendor) -> QuerySet[SOR]:
    return SOR.objects.filter(vendor=vendor).select_related("appeal").order_by("-created_at", "-id")


def statement_get_for_vendor(*, vendor, statement_id: int) -> SOR:
    statement = SOR.objects.filter(vendor=vendor, id=statement_id).select_related("appeal").first()
    if statement is None:
        raise NotFound("No such statement of reasons.", field="statement")
    return statement


def statement_list_for_user(*, user) -> QuerySet[SOR]:
    return (
        SOR.objects.filter(recipient=user, vendor__isnull=True).select_related("appeal").order_by("-created_at", "-id")
    )


def statement_list(*, vendor_id: int | None = None) -> QuerySet[SOR]:
    statements = SOR.objects.select_related("vendor", "decided_by", "appeal")
    if vendor_id is not None:
        statements = statements.filter(vendor_id=vendor_id)
    return statements.order_by("-created_at", "-id")


def appeal_list(*, status: str | None = None) -> QuerySet[Appeal]:
    appeals = Appeal.objects.select_related("statement", "statement__vendor", "original_decider", "decided_by")
    if status:
        if status not in Appeal.Status.values:
            raise DomainError(f"Unknown status {status!r}; allowed: {', '.join(Appeal.Status.values)}.", field="status")
        appeals = appeals.filter(status=status)
    return appeals.order_by("created_at", "id")


# --------------------------------------------------------------------------- repeat offenders, abusive notifiers


@dataclass(frozen=True)
class RepeatOffender:
    vendor_id: int
    vendor_name: str
    upheld: int
    repeat: bool


def repeat_offenders(*, now: datetime | None = None) -> list[RepeatOffender]:
    """Vendors with notices acted upon in the window, most first; ``repeat`` at the threshold."""
    now = now or timezone.now()
    since = now - timedelta(days=setting("MODERATION_REPEAT_OFFENDER_DAYS"))
    needed = setting("MODERATION_REPEAT_OFFENDER_NOTICES")
    rows = (
        Notice.objects.filter(status=Notice.Status.ACTION_TAKEN, decided_at__gte=since, vendor__isnull=False)
        .values("vendor_id", "vendor__name")
        .annotate(upheld=Count("id"))
        .order_by("-upheld", "vendor_id")
    )
    return [RepeatOffender(r["vendor_id"], r["vendor__name"], r["upheld"], r["upheld"] >= needed) for r in rows]


@dataclass(frozen=True)
class AbusiveNotifier:
    email: str
    unfounded: int
    abusive: bool
    suspended_until: datetime | None


def notifier_unfounded_count(*, email: str, now: datetime | None = None) -> int:
    now = now or timezone.now()
    since = now - timedelta(days=setting("MODERATION_ABUSIVE_NOTIFIER_DAYS"))
    return Notice.objects.filter(notifier_email__iexact=email, manifestly_unfounded=True, decided_at__gte=since).count()


def abusive_notifiers(*, now: datetime | None = None) -> list[AbusiveNotifier]:
    now = now or timezone.now()
    since = now - timedelta(days=setting("MODERATION_ABUSIVE_NOTIFIER_DAYS"))
    needed = setting("MODERATION_ABUSIVE_NOTIFIER_UNFOUNDED")
    rows = (
        Notice.objects.filter(manifestly_unfounded=True, decided_at__gte=since)
        .exclude(notifier_email="")
        .annotate(address=Lower("notifier_email"))
        .values("address")
        .annotate(unfounded=Count("id"))
        .order_by("-unfounded", "address")
    )
    suspended = {}
    for s in NotifierSuspension.objects.filter(until__gt=now).order_by("until"):
        suspended[s.email.lower()] = s.until
    return [
        AbusiveNotifier(r["address"], r["unfounded"], r["unfounded"] >= needed, suspended.get(r["address"]))
        for r in rows
    ]


# --------------------------------------------------------------------------- transparency


def median(values: list[int]) -> Fraction | None:
    """Exact median of integers: the middle one, or the mean of the two middle ones."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _seconds_text(micros: Fraction | None) -> str | None:
    """Seconds as an exact decimal string (a median of microseconds ends in at most .5 of one)."""
    if micros is None:
        return None
    value = Decimal(micros.numerator) / Decimal(micros.denominator) / Decimal(1_000_000)
    return format(value.normalize(), "f") if value else "0"


def _percent(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return str((Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.01")))


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    if not 2000 <= year <= 2100:
        raise DomainError("year must be from 2000 to 2100.", field="year")
    start = timezone.make_aware(datetime(year, 1, 1))
    return start, timezone.make_aware(datetime(year + 1, 1, 1))


def transparency_report(*, year: int) -> dict:
    """The year's figures (notices counted by when they arrived, statements and appeals by when
    they were issued/made; handling time from receipt to decision, exact)."""
    start, end = _year_bounds(year)
    notices = Notice.objects.filter(created_at__gte=start, created_at__lt=end)
    by_category = dict.fromkeys(Notice.Category.values, 0)
    by_category.update({r["category"]: r["n"] for r in notices.values("category").annotate(n=Count("id"))})
    by_status = dict.fromkeys(Notice.Status.values, 0)
    by_status.update({r["status"]: r["n"] for r in notices.values("status").annotate(n=Count("id"))})
    handled = [
        _micros(d - c) for c, d in notices.filter(decided_at__isnull=False).values_list("created_at", "decided_at")
    ]
    statements = SOR.objects.filter(created_at__gte=start, created_at__lt=end)
    total = statements.count()
    by_restriction = dict.fromkeys(SOR.Restriction.values, 0)
    by_restriction.update({r["restriction"]: r["n"] for r in statements.values("restriction").annotate(n=Count("id"))})
    by_source = dict.fromkeys(SOR.Source.values, 0)
    by_source.update({r["source"]: r["n"] for r in statements.values("source").annotate(n=Count("id"))})
    by_ground = dict.fromkeys(SOR.Ground.values, 0)
    by_ground.update({r["ground"]: r["n"] for r in statements.values("ground").annotate(n=Count("id"))})
    automated = statements.aggregate(
        decision=Count("id", filter=Q(automated_decision=True)),
        detection=Count("id", filter=Q(automated_detection=True)),
    )
    appeals = Appeal.objects.filter(created_at__gte=start, created_at__lt=end)
    appeals_by_status = dict.fromkeys(Appeal.Status.values, 0)
    appeals_by_status.update({r["status"]: r["n"] for r in appeals.values("status").annotate(n=Count("id"))})
    appeal_times = [
        _micros(d - c) for c, d in appeals.filter(decided_at__isnull=False).values_list("created_at", "decided_at")
    ]
    return {
        "year": year,
        "notices": {
            "received": notices.count(),
            "by_category": by_category,
            "by_status": by_status,
            "from_signed_in_notifiers": notices.filter(notifier__isnull=False).count(),
            "manifestly_unfounded": notices.filter(manifestly_unfounded=True).count(),
            "decided": len(handled),
            "median_handling_seconds": _seconds_text(median(handled)),
        },
        "actions": {
            "total": total,
            "by_restriction": by_restriction,
            "by_source": by_source,
            "by_ground": by_ground,
            "automated_decisions": automated["decision"],
            "automated_decision_percent": _percent(automated["decision"], total),
            "automated_detections": automated["detection"],
            "automated_detection_percent": _percent(automated["detection"], total),
        },
        "appeals": {
            "received": appeals.count(),
            "by_status": appeals_by_status,
            "median_handling_seconds": _seconds_text(median(appeal_times)),
        },
        "notifier_suspensions": NotifierSuspension.objects.filter(created_at__gte=start, created_at__lt=end).count(),
        "business_user_complaints": business_complaints(appeals),
    }


def business_complaints(appeals) -> dict:
    """P2B Art. 11(4): the internal complaint-handling system for business users (sellers'
    complaints against restrictions): how many, their main types (the restriction complained
    about), the outcomes and the median time to process them."""
    sellers = appeals.filter(statement__vendor__isnull=False)
    by_type = dict.fromkeys(SOR.Restriction.values, 0)
    by_type.update(
        {r["statement__restriction"]: r["n"] for r in sellers.values("statement__restriction").annotate(n=Count("id"))}
    )
    by_outcome = dict.fromkeys(Appeal.Status.values, 0)
    by_outcome.update({r["status"]: r["n"] for r in sellers.values("status").annotate(n=Count("id"))})
    times = [
        _micros(d - c) for c, d in sellers.filter(decided_at__isnull=False).values_list("created_at", "decided_at")
    ]
    return {
        "received": sellers.count(),
        "by_type": by_type,
        "by_outcome": by_outcome,
        "median_handling_seconds": _seconds_text(median(times)),
    }


def _flatten(prefix: str, value, rows: list) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, rows)
    else:
        rows.append((prefix, "" if value is None else value))


def transparency_csv(report: dict) -> str:
    """One row per figure: measure (dotted path), value."""
    rows: list = []
    _flatten("", report, rows)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["measure", "value"])
    writer.writerows(rows)
    return out.getvalue()


# --------------------------------------------------------------------------- dashboard queues


def notice_queue(*, now: datetime | None = None) -> QueueCount:
    """Notices not decided yet; overdue: received more than SLA_NOTICE_HOURS ago."""
    now = now or timezone.now()
    waiting = Notice.objects.filter(status=Notice.Status.RECEIVED)
    return QueueCount(
        waiting.count(), waiting.filter(created_at__lt=now - timedelta(hours=settings.SLA_NOTICE_HOURS)).count()
    )


def appeal_queue(*, now: datetime | None = None) -> QueueCount:
    """Open appeals; overdue: filed more than SLA_APPEAL_DAYS ago."""
    now = now or timezone.now()
    waiting = Appeal.objects.filter(status=Appeal.Status.OPEN)
    return QueueCount(
        waiting.count(), waiting.filter(created_at__lt=now - timedelta(days=settings.SLA_APPEAL_DAYS)).count()
    )
