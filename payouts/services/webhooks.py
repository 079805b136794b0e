"""Stripe webhooks: store each event once, then apply it idempotently, in any order of arrival.

An event that needs something we have not seen yet (a refund or dispute for a payment whose
success event is still on its way) is kept as ``deferred`` and applied when the payment
arrives, or by the periodic retry task.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import Conflict, DomainError
from marketplace.models import Order
from marketplace.money import Money
from marketplace.outbox import outbox_publish
from payouts import stripe_gateway
from payouts.models import PaymentAnomaly, StripeEvent
from payouts.services import disputes, fees, orders, refunds

logger = logging.getLogger(__name__)


class NotReady(Exception):
    """The event refers to a state we have not reached yet; keep it and retry later."""


def _payment_intent_of(event_type: str, obj: dict) -> str:
    if event_type.startswith("payment_intent."):
        return obj.get("id", "")
    value = obj.get("payment_intent") or ""
    return value if isinstance(value, str) else value.get("id", "")


def stripe_event_receive(*, payload: bytes, signature: str) -> StripeEvent:
    """Verify, store once (unique event id), process. A duplicate delivery processes nothing new."""
    stripe_gateway.webhook_event_construct(payload=payload, signature=signature)
    try:
        data = json.loads(payload)
        event_id, event_type, obj = data["id"], data["type"], data["data"]["object"]
    except (ValueError, KeyError, TypeError) as exc:
        raise DomainError(_("Webhook payload is not a Stripe event."), field="payload") from exc
    event, _created = StripeEvent.objects.get_or_create(
        event_id=event_id,
        defaults={
            "type": event_type,
            "created": int(data.get("created") or 0),
            "payload": data,
            "payment_intent_id": _payment_intent_of(event_type, obj),
        },
    )
    stripe_event_process(event_id=event.id)
    if event.payment_intent_id:
        # Whatever just happened may unblock events that arrived too early for this payment.
        for waiting in (
            StripeEvent.objects.filter(payment_intent_id=event.payment_intent_id, status=StripeEvent.Status.DEFERRED)
            .exclude(id=event.id)
            .order_by("created", "id")
        ):
            stripe_event_process(event_id=waiting.id)
    event.refresh_from_db()
    return event


def stripe_event_process(*, event_id: int) -> str:
    """Apply one stored event; the row lock makes concurrent deliveries apply it once."""
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().get(id=event_id)
        if event.status in (StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED):
            return event.status
        event.attempts += 1
        handler = HANDLERS.get(event.type)
        event.last_error = ""  # a handler may leave a note here (payment anomalies)
        try:
            with transaction.atomic():
                if handler is None:
                    status = StripeEvent.Status.IGNORED
                else:
                    handler(event.payload["data"]["object"], event)
                    status = StripeEvent.Status.PROCESSED
        except NotReady as exc:
            status, event.last_error = StripeEvent.Status.DEFERRED, str(exc)
        except Exception as exc:  # kept with its error; the retry task tries again
            logger.exception("processing Stripe event %s failed", event.event_id)
            status, event.last_error = StripeEvent.Status.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        event.status = status
        event.processed_at = (
            timezone.now() if status in (StripeEvent.Status.PROCESSED, StripeEvent.Status.IGNORED) else None
        )
        event.save(update_fields=["status", "attempts", "last_error", "processed_at"])
        return status


def stripe_events_retry(*, limit: int = 500) -> int:
    """Retry deferred and failed events, oldest first (periodic task)."""
    ids = list(
        StripeEvent.objects.filter(status__in=[StripeEvent.Status.DEFERRED, StripeEvent.Status.FAILED])
        .order_by("created", "id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(stripe_event_process(event_id=event_id) == StripeEvent.Status.PROCESSED for event_id in ids)


def _order_for(obj: dict, payment_intent_id: str) -> Order:
    order = Order.objects.filter(payment_intent_id=payment_intent_id).first() if payment_intent_id else None
    if order is None:
        # The success event can beat our own write of the intent id; the metadata names the order.
        number = (obj.get("metadata") or {}).get("order_number")
        order = Order.objects.filter(number=number, payment_method=Order.PaymentMethod.CARD).first() if number else None
        if order is not None and not order.payment_intent_id and payment_intent_id:
            Order.objects.filter(id=order.id, payment_intent_id="").update(payment_intent_id=payment_intent_id)
            order.payment_intent_id = payment_intent_id
    if order is None:
        raise NotReady(f"No order for payment {payment_intent_id or '?'} yet.")
    return order


def _paid_order(obj: dict, event: StripeEvent) -> Order:
    order = _order_for({}, event.payment_intent_id)
    if order.payment_status != Order.PaymentStatus.PAID:
        raise NotReady(f"Payment {event.payment_intent_id} is not recorded as paid yet.")
    return order


def _payment_succeeded(obj: dict, event: StripeEvent) -> None:
    order = _order_for(obj, event.payment_intent_id)
    try:
        received = int(obj.get("amount_received") or obj.get("amount") or 0)
    except (TypeError, ValueError):
        received = -1
    currency = str(obj.get("currency", "")).upper()[:10]
    if order.payment_status != Order.PaymentStatus.PAID and (
        currency != order.currency or received != order.total_amount
    ):
        _payment_anomaly_record(event=event, order=order, received=received, currency=currency)
        return
    try:
        with transaction.atomic():
            orders.order_payment_succeeded(order_id=order.id, amount=Money(received, currency))
    except Conflict as exc:
        if exc.code != "order_cancelled":
            raise
        _payment_anomaly_record(
            event=event,
            order=order,
            received=received,
            currency=currency,
            kind=PaymentAnomaly.Kind.PAID_AFTER_CANCELLATION,
        )
        return
    if settings.MARKETPLACE_CARD_FEE_SOURCE == "stripe":
        # The tariff fee is booked; Stripe's actual fee is fetched after commit (no call in here).
        outbox_publish(topic=fees.PROCESSING_FEE_SYNC, key=f"order:{order.id}", payload={"order_id": order.id})


def _payment_anomaly_record(
    *, event: StripeEvent, order: Order, received: int, currency: str, kind: str | None = None
) -> PaymentAnomaly:
    """A payment that does not match its order, or that arrived for an order already cancelled
    (its reservation expired): kept for operators (the event counts as processed: Stripe's
    figures will not change by retrying), the order is left unpaid and nothing is booked."""
    kind = kind or (
        PaymentAnomaly.Kind.CURRENCY_MISMATCH if currency != order.currency else PaymentAnomaly.Kind.AMOUNT_MISMATCH
    )
    if kind == PaymentAnomaly.Kind.PAID_AFTER_CANCELLATION:
        detail = f"Stripe reported {received} {currency or '?'} (minor units) for order {order.number}, cancelled before the payment arrived: refund it on Stripe."
    else:
        detail = f"Stripe reported {received} {currency or '?'} (minor units) for order {order.number}, which is {order.total_amount} {order.currency}."
    anomaly, created = PaymentAnomaly.objects.get_or_create(
        event=event,
        defaults={
            "order": order,
            "kind": kind,
            "expected_amount": order.total_amount,
            "expected_currency": order.currency,
            "received_amount": received,
            "received_currency": currency,
            "detail": detail[:500],
        },
    )
    if created:
        logger.error("payment anomaly %s: %s", anomaly.kind, detail)
    event.last_error = detail[:2000]
    return anomaly


def _payment_failed(obj: dict, event: StripeEvent) -> None:
    orders.order_payment_failed(order_id=_order_for(obj, event.payment_intent_id).id)


def _charge_refunded(obj: dict, event: StripeEvent) -> None:
    order = _paid_order(obj, event)
    refunds.refund_sync_from_stripe(
        order_id=order.id,
        amount_refunded=Money(int(obj.get("amount_refunded") or 0), order.currency),
        charge_id=obj.get("id", ""),
    )


def _dispute_created(obj: dict, event: StripeEvent) -> None:
    order = _paid_order(obj, event)
    disputes.dispute_open(
        order_id=order.id,
        stripe_dispute_id=obj["id"],
        amount=Money(int(obj["amount"]), order.currency),
        reason=obj.get("reason") or "",
    )


def _dispute_closed(obj: dict, event: StripeEvent) -> None:
    _dispute_created(obj, event)  # a close that overtook its open: open it first (idempotent)
    disputes.dispute_close(stripe_dispute_id=obj["id"], won=obj.get("status") == "won")


def _account_updated(obj: dict, event: StripeEvent) -> None:
    from vendors.services import vendor_stripe_account_updated  # vendors owns connected accounts

    vendor_stripe_account_updated(
        stripe_account_id=obj["id"],
        charges_enabled=bool(obj.get("charges_enabled")),
        payouts_enabled=bool(obj.get("payouts_enabled")),
        event_created=event.created,
    )


HANDLERS = {
    "payment_intent.succeeded": _payment_succeeded,
    "payment_intent.payment_failed": _payment_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    "charge.dispute.closed": _dispute_closed,
    "account.updated": _account_updated,
    # transfer.* and payout.* are stored for the record; our own rows already hold their state.
}
