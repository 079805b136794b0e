"""Reading DAC7 notices (the seller portal's list, the console's period overview)."""

from __future__ import annotations

from django.db.models import QuerySet

from payouts.models import Dac7Notice


def dac7_notices_of(*, vendor) -> QuerySet[Dac7Notice]:
    return Dac7Notice.objects.filter(vendor=vendor).order_by("-year", "-quarter")


def dac7_notice_vendor_ids(*, year: int, quarter: int) -> set[int]:
    return set(Dac7Notice.objects.filter(year=year, quarter=quarter).values_list("vendor_id", flat=True))
