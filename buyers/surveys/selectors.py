"""Reads of surveys: results per vendor and for the platform.

All arithmetic is on integers: NPS is 100 x (promoters - detractors) / answers, kept as an exact
fraction and rounded half away from zero only for display; CSAT is the share of 4 and 5 answers
(same rounding) and the average score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Q, QuerySet, Sum

from buyers.surveys.models import Survey

PROMOTER_MIN, DETRACTOR_MAX, SATISFIED_MIN = 9, 6, 4


def _display(value: Fraction | None, places: int = 1) -> Decimal | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SurveyResults:
    sent: int
    answered: int
    promoters: int
    passives: int
    detractors: int
    csat_sum: int
    satisfied: int  # CSAT 4 or 5

    @property
    def nps(self) -> Fraction | None:
        """Exact NPS in -100..100, None without answers."""
        return Fraction(100 * (self.promoters - self.detractors), self.answered) if self.answered else None

    @property
    def nps_display(self) -> Decimal | None:
        return _display(self.nps)

    @property
    def csat_percent(self) -> Fraction | None:
        return Fraction(100 * self.satisfied, self.answered) if self.answered else None

    @property
    def csat_percent_display(self) -> Decimal | None:
        return _display(self.csat_percent)

    @property
    def csat_average(self) -> Fraction | None:
        return Fraction(self.csat_sum, self.answered) if self.answered else None

    @property
    def csat_average_display(self) -> Decimal | None:
        return _display(self.csat_average, places=2)

    @property
    def response_rate_display(self) -> Decimal | None:
        return _display(Fraction(100 * self.answered, self.sent)) if self.sent else None


def _aggregates():
    answered = Q(answered_at__isnull=False)
    return {
        "sent": Count("id"),
        "answered": Count("id", filter=answered),
        "promoters": Count("id", filter=answered & Q(nps__gte=PROMOTER_MIN)),
        "passives": Count("id", filter=answered & Q(nps__gt=DETRACTOR_MAX, nps__lt=PROMOTER_MIN)),
        "detractors": Count("id", filter=answered & Q(nps__lte=DETRACTOR_MAX)),
        "csat_sum": Sum("csat", filter=answered, default=0),
        "satisfied": Count("id", filter=answered & Q(csat__gte=SATISFIED_MIN)),
    }


def _surveys(*, since: datetime | None) -> QuerySet[Survey]:
    surveys = Survey.objects.all()
    return surveys.filter(sent_at__gte=since) if since else surveys


def survey_results(*, vendor_id: int | None = None, since: datetime | None = None) -> SurveyResults:
    """One vendor's results (``vendor_id``) or the platform's (all vendors)."""
    surveys = _surveys(since=since)
    if vendor_id is not None:
        surveys = surveys.filter(vendor_id=vendor_id)
    return SurveyResults(**surveys.aggregate(**_aggregates()))


@dataclass(frozen=True)
class VendorSurveyRow:
    vendor_id: int
    vendor_name: str
    results: SurveyResults


def survey_results_by_vendor(*, since: datetime | None = None) -> list[VendorSurveyRow]:
    """Per vendor with at least one survey, most answers first."""
    rows = (
        _surveys(since=since)
        .values("vendor_id", "vendor__name")
        .annotate(**_aggregates())
        .order_by("-answered", "vendor__name")
    )
    return [VendorSurveyRow(row.pop("vendor_id"), row.pop("vendor__name"), SurveyResults(**row)) for row in rows]


def survey_recent_comments(*, vendor_id: int | None = None, limit: int = 10) -> list[Survey]:
    surveys = Survey.objects.filter(answered_at__isnull=False).exclude(comment="").select_related("vendor")
    if vendor_id is not None:
        surveys = surveys.filter(vendor_id=vendor_id)
    return list(surveys.order_by("-answered_at", "-id")[:limit])
