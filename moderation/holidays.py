"""German public holidays and business days, for ship-by dates.

Nationwide holidays by default (fixed dates plus the Easter-based ones); regional ones by name
through MODERATION_REGIONAL_HOLIDAYS and any extra dates through MODERATION_EXTRA_HOLIDAYS.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

from moderation.conf import extra_holidays, setting

NATIONWIDE_FIXED = {
    (1, 1): "new_year",
    (5, 1): "labour_day",
    (10, 3): "german_unity",
    (12, 25): "christmas",
    (12, 26): "boxing_day",
}
NATIONWIDE_EASTER = {-2: "good_friday", 1: "easter_monday", 39: "ascension", 50: "whit_monday"}
REGIONAL_FIXED = {
    "epiphany": (1, 6),
    "womens_day": (3, 8),
    "assumption": (8, 15),
    "reformation_day": (10, 31),
    "all_saints": (11, 1),
}
REGIONAL_EASTER = {"corpus_christi": 60}


@lru_cache(maxsize=64)
def _german(year: int, regional: tuple[str, ...]) -> frozenset[date]:
    days = {date(year, m, d) for (m, d) in NATIONWIDE_FIXED}
    sunday = easter(year)
    days |= {sunday + timedelta(days=offset) for offset in NATIONWIDE_EASTER}
    for name in regional:
        if name in REGIONAL_FIXED:
            days.add(date(year, *REGIONAL_FIXED[name]))
        elif name in REGIONAL_EASTER:
            days.add(sunday + timedelta(days=REGIONAL_EASTER[name]))
        else:
            raise ValueError(f"unknown regional holiday {name!r}")
    return frozenset(days)


def holidays(year: int) -> set[date]:
    return set(_german(year, tuple(setting("MODERATION_REGIONAL_HOLIDAYS")))) | {
        d for d in extra_holidays() if d.year == year
    }


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_business_days(start: date, days: int) -> date:
    """The business day ``days`` business days after ``start``; 0 means ``start`` itself if it is
    a business day, else the next one."""
    day = start
    while not is_business_day(day):
        day += timedelta(days=1)
    for _ in range(days):
        day += timedelta(days=1)
        while not is_business_day(day):
            day += timedelta(days=1)
    return day
