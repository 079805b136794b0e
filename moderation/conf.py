"""Moderation settings with their defaults; each may be overridden in Django settings.

Scorecard defaults follow established marketplaces: order defect rate under 1 %, late shipment
rate under 4 %, cancellation rate under 2.5 %, valid tracking rate over 95 % (basis points).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

DEFAULTS = {
    "MODERATION_REVIEW_TARGET_HOURS": 24,  # an item older than this is overdue
    # Orders above this value (minor units, shop currency) must ship with tracking.
    "MODERATION_TRACKING_REQUIRED_ABOVE": 5000,
    # Extra non-working days (ISO dates) on top of the German public holidays.
    "MODERATION_EXTRA_HOLIDAYS": [],
    # Regional holidays to add by name, e.g. ["corpus_christi", "reformation_day"].
    "MODERATION_REGIONAL_HOLIDAYS": [],
    "MODERATION_SCORECARD_MIN_ORDERS": 10,
    # Defaults for metrics an operator has not set (moderation.ScorecardThreshold rows win).
    # Defects are rare, so their rate is judged over the longer window.
    "MODERATION_THRESHOLDS_BPS": {
        "order_defect_rate": {"max": 100, "window_days": 90},
        "late_shipment_rate": {"max": 400, "window_days": 30},
        "cancellation_rate": {"max": 250, "window_days": 30},
        "valid_tracking_rate": {"min": 9500, "window_days": 30},
    },
    # Enforcement steps up at most once per this many days while a breach lasts.
    "MODERATION_ENFORCEMENT_STEP_DAYS": 7,
    # Levels one evaluation may climb at most (1: warning, then suppression, ... one at a time).
    "MODERATION_ENFORCEMENT_MAX_STEPS": 1,
    # After an operator's reversal, enforcement waits this long.
    "MODERATION_OVERRIDE_DAYS": 30,
    "MODERATION_REPORT_THROTTLE": "10/hour",
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def extra_holidays() -> set[date]:
    return {date.fromisoformat(d) for d in setting("MODERATION_EXTRA_HOLIDAYS")}


# Notice and action (DSA Art. 16, 17, 20, 23).
DEFAULTS.update(
    {
        "MODERATION_NOTICE_THROTTLE": "10/hour",
        # Art. 20(1): complaints at least six months after the decision was communicated.
        "MODERATION_APPEAL_MONTHS": 6,
        # Repeat offenders: vendors with this many notices acted upon within the window.
        "MODERATION_REPEAT_OFFENDER_NOTICES": 3,
        "MODERATION_REPEAT_OFFENDER_DAYS": 365,
        # Abusive notifiers (Art. 23): this many manifestly unfounded notices within the window
        # allow an operator to suspend processing of the notifier's notices for a while.
        "MODERATION_ABUSIVE_NOTIFIER_UNFOUNDED": 3,
        "MODERATION_ABUSIVE_NOTIFIER_DAYS": 365,
        "MODERATION_NOTIFIER_SUSPENSION_DAYS": 90,
    }
)
