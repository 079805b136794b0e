"""Operators resolve payment anomalies (a Stripe payment whose amount or currency is not the
order's): they deal with the money outside (refund on Stripe, settle with the buyer) and record
here how, audited. The order's payment status is not touched: an anomaly never paid the order."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from payouts.models import PaymentAnomaly

MAX_RESOLUTION = 2000


@transaction.atomic
def payment_anomaly_resolve(*, actor, anomaly_id: int, resolution: str) -> PaymentAnomaly:
    anomaly = PaymentAnomaly.objects.select_for_update().filter(id=anomaly_id).first()
    if anomaly is None:
        raise NotFound(_("No such payment anomaly."), field="anomaly")
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError(_("Say how the anomaly was resolved."), field="resolution", code="required")
    if len(resolution) > MAX_RESOLUTION:
        raise DomainError(
            _("At most %(max)d characters.") % {"max": MAX_RESOLUTION}, field="resolution", code="too_long"
        )
    if anomaly.resolved_at is not None:
        raise Conflict(_("This anomaly is already resolved."), field="anomaly", code="already_resolved")
    anomaly.resolved_at = timezone.now()
    anomaly.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    anomaly.resolution = resolution
    anomaly.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit_record(
        actor=actor,
        action="payment_anomaly.resolved",
        obj=anomaly,
        reason=resolution,
        data={"order": anomaly.order_id, "kind": anomaly.kind},
    )
    return anomaly
