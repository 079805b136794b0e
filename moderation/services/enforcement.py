"""Scorecard enforcement: a vendor breaking a threshold climbs warning -> offers suppressed ->
payouts held -> suspended, one step per evaluation (MODERATION_ENFORCEMENT_MAX_STEPS may allow
more) and at most once per MODERATION_ENFORCEMENT_STEP_DAYS while the breach lasts. Each step is
audited and mailed with the numbers behind it; an operator reverses steps with a reason, after
which enforcement waits MODERATION_OVERRIDE_DAYS.

A warning clears by itself once no threshold is broken; restrictions (suppression, hold,
suspension) stay until an operator lifts them: a vendor whose offers are gone cannot sell its way
back, so the numbers alone would never recover.

Lock order: the standing row, then the vendor (suspension), then offers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from moderation.conf import setting
from moderation.emails import moderation_mail_queue
from moderation.models import OfferSuppression, VendorStanding
from moderation.scorecards import (
    Breach,
    Threshold,
    scorecard_as_dict,
    scorecard_breaches,
    thresholds_effective,
    vendor_scorecard,
)
from moderation.services.rules import SUPPRESSIBLE, offer_restore, offer_suppress
from vendors.models import Offer, Vendor
from vendors.notifications import seller_notify

logger = logging.getLogger(__name__)
L = VendorStanding.Level
ENFORCED = OfferSuppression.Cause.ENFORCEMENT


def _standing_locked(vendor_id: int) -> VendorStanding:
    if not VendorStanding.objects.filter(vendor_id=vendor_id).exists():
        try:
            with transaction.atomic():
                VendorStanding.objects.create(vendor_id=vendor_id)
        except IntegrityError:  # created concurrently; that row is as good
            pass
    return VendorStanding.objects.select_for_update().get(vendor_id=vendor_id)


def offer_enforce_standing(*, offer_id: int) -> None:
    """An offer of a vendor whose offers are suppressed is suppressed too (a new listing, or one
    whose other suppression was just lifted). Runs inside the listing's transaction."""
    offer = Offer.objects.select_related("product").get(id=offer_id)
    if offer.status not in SUPPRESSIBLE:
        return
    if VendorStanding.objects.filter(vendor_id=offer.vendor_id, level__gte=L.OFFERS_SUPPRESSED).exists():
        offer_suppress(
            actor=None,
            offer=offer,
            reason="Seller performance: the vendor's offers are suppressed.",
            cause=ENFORCED,
            action="offer.suppressed_by_enforcement",
        )


def _suppress_offers(*, vendor_id: int, reason: str) -> int:
    offers = list(
        Offer.objects.select_for_update()
        .select_related("product")
        .filter(vendor_id=vendor_id, status__in=SUPPRESSIBLE)
        .order_by("id")
    )
    for offer in offers:
        offer_suppress(actor=None, offer=offer, reason=reason, cause=ENFORCED, action="offer.suppressed_by_enforcement")
    return len(offers)


def _enter(level: int, *, standing: VendorStanding, reason: str) -> None:
    """Apply the restriction of ``level`` (the warning has none beyond the mail)."""
    from payouts.models import PayoutHold
    from payouts.services.payout_runs import payout_hold_set
    from vendors.services import vendor_suspend

    vendor_id = standing.vendor_id
    seller_notify(
        vendor_id=vendor_id,
        kind="enforcement",
        key=f"level:{level}:{timezone.now().isoformat()}",
        params={"level": int(level)},
        url=f"{reverse('frontend:seller_health')}?vendor={vendor_id}",
    )
    if level == L.OFFERS_SUPPRESSED:
        _suppress_offers(vendor_id=vendor_id, reason=reason)
        _statement_for_step(vendor_id=vendor_id, level=level, reason=reason)
    elif level == L.PAYOUTS_HELD and not PayoutHold.objects.filter(vendor_id=vendor_id).exists():
        # An operator's own hold stays the operator's: only a hold placed here is lifted on reversal.
        payout_hold_set(actor=None, vendor_id=vendor_id, reason=reason[:500])
        standing.payouts_held_by_enforcement = True
        _statement_for_step(vendor_id=vendor_id, level=level, reason=reason)
    elif level == L.SUSPENDED and Vendor.objects.filter(id=vendor_id, status=Vendor.Status.APPROVED).exists():
        vendor_suspend(actor=None, vendor_id=vendor_id, reason=reason)
        standing.suspended_by_enforcement = True
        _statement_for_step(vendor_id=vendor_id, level=level, reason=reason)


STEP_RESTRICTION = {
    L.OFFERS_SUPPRESSED: ("visibility", "All offers of the seller are removed from the shop."),
    L.PAYOUTS_HELD: ("monetary", "Payouts to the seller are held."),
    L.SUSPENDED: ("service", "The seller account is suspended."),
}


def _statement_for_step(*, vendor_id: int, level: int, reason: str) -> None:
    """DSA Art. 17: each restricting step comes with a statement of reasons (automated: the
    scorecard detected and decided it)."""
    from moderation.models import StatementOfReasons as SOR
    from moderation.services.statements import statement_issue

    restriction, scope = STEP_RESTRICTION[level]
    statement_issue(
        target_kind="vendor",
        target_id=vendor_id,
        target_label=Vendor.objects.get(id=vendor_id).name,
        vendor_id=vendor_id,
        restriction=restriction,
        scope=scope,
        facts=reason,
        ground=SOR.Ground.TERMS,
        ground_detail="Seller performance standards (scorecard thresholds)",
        source=SOR.Source.ENFORCEMENT,
        automated_detection=True,
        automated_decision=True,
        undo="standing",
    )


def _leave(level: int, *, actor, standing: VendorStanding, reason: str) -> None:
    """Undo the restriction of ``level``, as far as enforcement placed it."""
    from payouts.services.payout_runs import payout_hold_release
    from vendors.services import vendor_reinstate

    vendor_id = standing.vendor_id
    if level == L.OFFERS_SUPPRESSED:
        suppressed = (
            Offer.objects.select_for_update()
            .select_related("product")
            .filter(
                vendor_id=vendor_id,
                status=Offer.Status.SUPPRESSED,
                id__in=OfferSuppression.objects.filter(cause=ENFORCED).values("offer_id"),
            )
            .order_by("id")
        )
        for offer in suppressed:
            offer_restore(actor=actor, offer=offer, reason=reason, action="offer.restored_by_reversal")
    elif level == L.PAYOUTS_HELD and standing.payouts_held_by_enforcement:
        try:
            payout_hold_release(actor=actor, vendor_id=vendor_id, reason=reason)
        except NotFound:  # an operator released it meanwhile
            pass
        standing.payouts_held_by_enforcement = False
    elif level == L.SUSPENDED and standing.suspended_by_enforcement:
        if Vendor.objects.filter(id=vendor_id, status=Vendor.Status.SUSPENDED).exists():
            vendor_reinstate(actor=actor, vendor_id=vendor_id)
        standing.suspended_by_enforcement = False


METRIC_LABELS = {
    "order_defect_rate": lambda: _("Order defect rate"),
    "late_shipment_rate": lambda: _("Late shipment rate"),
    "cancellation_rate": lambda: _("Cancellation rate"),
    "valid_tracking_rate": lambda: _("Valid tracking rate"),
    "return_rate": lambda: _("Return rate"),
    "on_time_delivery_rate": lambda: _("On-time delivery rate"),
}


def _bps_percent(bps: int) -> str:
    return f"{bps // 100}.{bps % 100:02d}"


def breach_text(breach: Breach) -> str:
    """One line with the numbers, e.g. 'Late shipment rate (30 days): 5.00 % (2 of 40); allowed: at most 4.00 %.'"""
    allowed = _("at most %(limit)s %%") if breach.threshold.bound == "max" else _("at least %(limit)s %%")
    return _("%(metric)s (%(days)s days): %(percent)s %% (%(n)s of %(d)s orders); allowed: %(allowed)s.") % {
        "metric": METRIC_LABELS[breach.metric](),
        "days": breach.days,
        "percent": breach.rate.percent,
        "n": breach.rate.numerator,
        "d": breach.rate.denominator,
        "allowed": allowed % {"limit": _bps_percent(breach.threshold.limit_bps)},
    }


def breach_as_dict(breach: Breach) -> dict:
    return {
        "metric": breach.metric,
        "days": breach.days,
        "numerator": breach.rate.numerator,
        "denominator": breach.rate.denominator,
        "percent": str(breach.rate.percent),
        "bound": breach.threshold.bound,
        "limit_bps": breach.threshold.limit_bps,
    }


LEVEL_NEWS = {
    L.WARNING: lambda: _("This is a warning: your seller performance is below our standards."),
    L.OFFERS_SUPPRESSED: lambda: _("Your offers were removed from the shop until your performance recovers."),
    L.PAYOUTS_HELD: lambda: _("Your payouts are held until your performance recovers."),
    L.SUSPENDED: lambda: _("Your seller account was suspended because of your seller performance."),
}


def _step_due(standing: VendorStanding, now) -> bool:
    if standing.level == L.GOOD or standing.changed_at is None:
        return True
    return now - standing.changed_at >= timedelta(days=setting("MODERATION_ENFORCEMENT_STEP_DAYS"))


@transaction.atomic
def standing_evaluate(
    *, vendor_id: int, today: date | None = None, thresholds: dict[str, Threshold] | None = None
) -> VendorStanding:
    """Score one vendor, record the numbers and take the next enforcement step if one is due."""
    standing = _standing_locked(vendor_id)
    vendor = Vendor.objects.get(id=vendor_id)
    now = timezone.now()
    thresholds = thresholds_effective() if thresholds is None else thresholds
    card = vendor_scorecard(vendor_id=vendor_id, today=today, thresholds=thresholds)
    breaches = scorecard_breaches(scorecard=card, thresholds=thresholds)
    standing.metrics = scorecard_as_dict(card)
    standing.breaches = [breach_as_dict(b) for b in breaches]
    standing.evaluated_at = now
    before = standing.level
    overridden = standing.override_until is not None and standing.override_until > now
    if breaches and not overridden and standing.level < L.SUSPENDED and _step_due(standing, now):
        target = min(int(L.SUSPENDED), standing.level + max(1, setting("MODERATION_ENFORCEMENT_MAX_STEPS")))
        with translation.override(vendor.language or settings.LANGUAGE_CODE):  # as the mail itself
            numbers = "\n".join(breach_text(b) for b in breaches)
            news = str(LEVEL_NEWS[target]())
        for level in range(standing.level + 1, target + 1):
            _enter(level, standing=standing, reason=numbers)
        standing.level, standing.changed_at = target, now
        audit_record(
            actor=None,
            action="vendor_standing.escalated",
            obj=standing,
            reason=numbers,
            data={"vendor_id": vendor_id, "from": before, "to": target, "breaches": standing.breaches},
        )
        moderation_mail_queue(vendor_id=vendor_id, kind="enforcement", subject=news, reason=numbers)
    elif not breaches and standing.level == L.WARNING:
        standing.level, standing.changed_at = L.GOOD, now
        audit_record(
            actor=None, action="vendor_standing.recovered", obj=standing, data={"vendor_id": vendor_id, "from": before}
        )
    elif standing.level >= L.OFFERS_SUPPRESSED:
        # Offers that slipped past the listing hook (e.g. listed while this evaluation ran) go down too.
        _suppress_offers(vendor_id=vendor_id, reason="Seller performance: the vendor's offers are suppressed.")
    standing.save()
    return standing


@dataclass
class EvaluationRun:
    evaluated: int = 0
    escalated: int = 0
    failed: int = 0


def standings_evaluate_all(*, today: date | None = None) -> EvaluationRun:
    """Every approved vendor and every vendor under enforcement; one transaction each, so one
    vendor's failure does not stop the others (it is logged and retried on the next run)."""
    thresholds = thresholds_effective()
    run = EvaluationRun()
    under_enforcement = VendorStanding.objects.filter(level__gt=L.GOOD).values("vendor_id")
    vendor_ids = (
        Vendor.objects.filter(Q(status=Vendor.Status.APPROVED) | Q(id__in=under_enforcement))
        .order_by("id")
        .values_list("id", flat=True)
    )
    for vendor_id in vendor_ids.iterator():
        before = VendorStanding.objects.filter(vendor_id=vendor_id).values_list("level", flat=True).first() or 0
        try:
            standing = standing_evaluate(vendor_id=vendor_id, today=today, thresholds=thresholds)
        except DomainError:
            logger.exception("standing evaluation failed for vendor %s", vendor_id)
            run.failed += 1
            continue
        run.evaluated += 1
        run.escalated += standing.level > before
    return run


@transaction.atomic
def standing_reverse(*, actor, vendor_id: int, reason: str, to_level: int | None = None) -> VendorStanding:
    """An operator takes back enforcement steps down to ``to_level`` (default: one step)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give a reason for the reversal; the vendor reads it.", field="reason")
    if len(reason) > 2000:
        raise DomainError("The reason may have at most 2000 characters.", field="reason")
    if not Vendor.objects.filter(id=vendor_id).exists():
        raise NotFound("No such vendor.", field="vendor")
    standing = VendorStanding.objects.select_for_update().filter(vendor_id=vendor_id).first()
    if standing is None or standing.level == L.GOOD:
        raise Conflict(
            "This vendor is in good standing; there is no step to reverse.", field="level", code="nothing_to_reverse"
        )
    target = standing.level - 1 if to_level is None else to_level
    if not 0 <= target < standing.level:
        raise DomainError(
            f"to_level must be from 0 to {standing.level - 1} (below the current level {standing.level}).",
            field="to_level",
        )
    before = standing.level
    for level in range(before, target, -1):
        _leave(level, actor=actor, standing=standing, reason=reason)
    now = timezone.now()
    standing.level, standing.changed_at = target, now
    standing.override_until = now + timedelta(days=setting("MODERATION_OVERRIDE_DAYS"))
    standing.save()
    audit_record(
        actor=actor,
        action="vendor_standing.reversed",
        obj=standing,
        reason=reason,
        data={"vendor_id": vendor_id, "from": before, "to": target},
    )
    moderation_mail_queue(
        vendor_id=vendor_id,
        kind="enforcement_reversed",
        subject=f"{L(before).label} -> {L(target).label}",
        reason=reason,
    )
    return standing
