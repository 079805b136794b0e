"""Holiday mode: a vendor pauses all its live offers until a date; they go live again on that day
(the daily ``holidays_end_due``) or when the vendor ends the holiday early.

Only the offers the holiday paused come back: an offer the vendor paused itself stays paused, and
one the holiday paused but the vendor changed meanwhile (to draft, or live again) keeps that.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import DomainError
from vendors.models import Offer, Product, Vendor
from vendors.services.events import catalog_product_changed

MAX_HOLIDAY_DAYS = 365


def _locked(vendor: Vendor) -> Vendor:
    return Vendor.objects.select_for_update().get(id=vendor.id)


@transaction.atomic
def holiday_start(*, vendor: Vendor, actor, until: date, today: date | None = None) -> Vendor:
    """Pause every live offer until ``until`` (tomorrow at the earliest, a year at the latest).
    Starting again while on holiday moves the date and pauses offers that went live since."""
    today = today or timezone.localdate()
    if until <= today:
        raise DomainError(_("The holiday must end after today."), field="until")
    if until > today + timedelta(days=MAX_HOLIDAY_DAYS):
        raise DomainError(_("A holiday lasts at most %(days)s days.") % {"days": MAX_HOLIDAY_DAYS}, field="until")
    vendor = _locked(vendor)
    live = Offer.objects.select_for_update().filter(vendor=vendor, status=Offer.Status.LIVE)
    offers = list(live.values_list("id", "product_id"))
    Offer.objects.filter(id__in=[offer_id for offer_id, _product in offers]).update(
        status=Offer.Status.PAUSED, updated_at=timezone.now()
    )
    paused = sorted(set(vendor.holiday_paused_offer_ids) | {offer_id for offer_id, _product in offers})
    vendor.holiday_until = until
    vendor.holiday_paused_offer_ids = paused
    vendor.save(update_fields=["holiday_until", "holiday_paused_offer_ids"])
    audit_record(
        actor=actor, action="vendor.holiday_started", obj=vendor, data={"until": until.isoformat(), "paused": paused}
    )
    catalog_product_changed(product_ids=[product for _offer, product in offers])
    return vendor


@transaction.atomic
def holiday_end(*, vendor: Vendor, actor) -> int:
    """End the holiday: the offers it paused go live again (those whose product is still active).
    Returns how many went live; ending when there is no holiday changes nothing."""
    vendor = _locked(vendor)
    if vendor.holiday_until is None:
        return 0
    back = Offer.objects.select_for_update().filter(
        vendor=vendor,
        id__in=vendor.holiday_paused_offer_ids,
        status=Offer.Status.PAUSED,
        product__status=Product.Status.ACTIVE,
    )
    offers = list(back.values_list("id", "product_id"))
    Offer.objects.filter(id__in=[offer_id for offer_id, _product in offers]).update(
        status=Offer.Status.LIVE, updated_at=timezone.now()
    )
    vendor.holiday_until = None
    vendor.holiday_paused_offer_ids = []
    vendor.save(update_fields=["holiday_until", "holiday_paused_offer_ids"])
    audit_record(actor=actor, action="vendor.holiday_ended", obj=vendor, data={"live_again": len(offers)})
    catalog_product_changed(product_ids=[product for _offer, product in offers])
    return len(offers)


def holidays_end_due(*, today: date | None = None) -> list[int]:
    """Daily: end the holidays whose date has come; the ids of those vendors."""
    today = today or timezone.localdate()
    ended = []
    for vendor in Vendor.objects.filter(holiday_until__lte=today).order_by("id"):
        holiday_end(vendor=vendor, actor=None)
        ended.append(vendor.id)
    return ended
