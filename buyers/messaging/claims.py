"""Guarantee claims: the buyer opens one on a seller's part after a waiting period, the seller
answers with evidence or refunds by a deadline, an operator decides contested ones, and a
periodic resolver refunds (and charges the seller for) claims nobody answered.

Every write locks the claim row first and checks its status under the lock; a refund is stored on
the claim (one-to-one) in the same transaction as the refund itself, so running the resolver
twice, or the resolver racing a seller's refund, refunds once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.messaging import services
from buyers.messaging.conf import setting
from buyers.messaging.emails import CLAIM_CHANGED
from buyers.messaging.models import Claim, Conversation, Party
from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import Order, VendorOrder
from marketplace.outbox import outbox_publish
from payouts.claims import claim_refund_check, claim_refund_issue, claim_refundable
from vendors.notifications import seller_notify

logger = logging.getLogger(__name__)

Status, Reason, Resolution = Claim.Status, Claim.Reason, Claim.Resolution
UNDECIDED = (Status.OPEN, Status.CONTESTED)
DECISIONS = (Resolution.REFUND_FULL, Resolution.REFUND_PARTIAL, Resolution.REPLACEMENT, Resolution.REJECTED)


def _ship_by(vendor_order: VendorOrder):
    from moderation.shipping import vendor_order_ship_by

    return vendor_order_ship_by(vendor_order)


def claim_open_from(*, vendor_order: VendorOrder) -> datetime.date:
    """The first day a "not received" claim may be opened: ship-by date + the transit allowance."""
    return _ship_by(vendor_order) + timedelta(days=setting("MESSAGING_CLAIM_NOT_RECEIVED_DAYS"))


def claim_open_check(
    *, vendor_order: VendorOrder, reason: str, amount: int | None, today=None, waive_waiting: bool = False
) -> int:
    """May a claim be opened on this part now? Returns the amount to claim (default: all left)."""
    from buyers.models import ReturnRequest

    today = today or timezone.localdate()
    if reason not in Reason.values:
        raise DomainError(_("Choose one of: %(reasons)s.") % {"reasons": ", ".join(Reason.values)}, field="reason")
    if vendor_order.status == VendorOrder.Status.CANCELLED:
        raise Conflict(
            _("This part of the order was cancelled; there is nothing to claim."),
            field="vendor_order",
            code="cancelled",
        )
    order = vendor_order.order
    if order.payment_method == Order.PaymentMethod.CARD and order.payment_status != Order.PaymentStatus.PAID:
        raise Conflict(_("This order is not paid; there is nothing to claim."), field="vendor_order", code="not_paid")
    if Claim.objects.filter(vendor_order=vendor_order).exists():
        raise Conflict(
            _("There is already a claim on this part of the order."), field="vendor_order", code="claim_exists"
        )
    ship_by = _ship_by(vendor_order)
    last_day = ship_by + timedelta(days=setting("MESSAGING_CLAIM_WINDOW_DAYS"))
    if today > last_day and not waive_waiting:
        raise DomainError(
            _("Claims for this order were possible until %(date)s.") % {"date": last_day.isoformat()},
            field="vendor_order",
            code="claim_window_over",
        )
    if not waive_waiting:
        if reason == Reason.NOT_RECEIVED:
            first_day = claim_open_from(vendor_order=vendor_order)
            if today < first_day:
                raise DomainError(
                    _("Parcels may still be on their way: a claim for an item not received is possible from %(date)s.")
                    % {"date": first_day.isoformat()},
                    field="reason",
                    code="too_early",
                )
        elif reason == Reason.NOT_AS_DESCRIBED and vendor_order.delivered_at is None:
            raise DomainError(
                _("A claim that the item is not as described is possible once it is delivered."),
                field="reason",
                code="not_delivered",
            )
        elif (
            reason == Reason.REFUND_TOO_LOW
            and not ReturnRequest.objects.filter(
                vendor_order=vendor_order, status=ReturnRequest.Status.REFUNDED
            ).exists()
        ):
            raise DomainError(
                _("This claim needs a refunded return on this order."), field="reason", code="no_refunded_return"
            )
    if amount is None:
        amount = claim_refundable(vendor_order=vendor_order).total
    claim_refund_check(vendor_order=vendor_order, amount=amount)
    return amount


def _claim_create(
    *, vendor_order: VendorOrder, conversation: Conversation, reason: str, amount: int, opened_by
) -> Claim:
    claim = Claim.objects.create(
        vendor_order=vendor_order,
        conversation=conversation,
        buyer_id=vendor_order.order.buyer_id,
        vendor_id=vendor_order.vendor_id,
        reason=reason,
        currency=vendor_order.currency,
        amount=amount,
        opened_by=opened_by,
        respond_by=timezone.now() + timedelta(days=setting("MESSAGING_CLAIM_RESPONSE_DAYS")),
    )
    audit_record(actor=opened_by, action="claim.opened", obj=claim, data={"reason": reason, "amount": amount})
    outbox_publish(topic=CLAIM_CHANGED, key=f"claim:{claim.id}", payload={"claim_id": claim.id, "state": "open"})
    seller_notify(
        vendor_id=claim.vendor_id,
        kind="claim",
        key=f"claim:{claim.id}",
        params={"number": vendor_order.order.number, "claim": claim.id},
        url=f"{reverse('frontend:seller_conversation', args=[conversation.id])}?vendor={claim.vendor_id}",
    )
    return claim


def claim_open(
    *, buyer, number: str, vendor_order_id: int, reason: str, body: str, amount: int | None = None, upload=None
) -> Claim:
    """The buyer opens a claim; the explanation (and evidence) goes into the order's conversation."""
    services.message_check(body=body, upload=upload)
    with transaction.atomic():
        order = Order.objects.filter(buyer_id=buyer.pk, number=number).first()
        vendor_order = (
            VendorOrder.objects.select_for_update().filter(order=order, id=vendor_order_id).first() if order else None
        )
        if vendor_order is None:
            raise NotFound(_("No such order."), field="vendor_order")
        amount = claim_open_check(vendor_order=vendor_order, reason=reason, amount=amount)
        message = services.conversation_start(
            buyer=buyer, body=body, upload=upload, number=number, vendor_order_id=vendor_order_id
        )
        return _claim_create(
            vendor_order=vendor_order, conversation=message.conversation, reason=reason, amount=amount, opened_by=buyer
        )


def claim_from_conversation(*, operator, conversation: Conversation, reason: str, amount: int | None = None) -> Claim:
    """An operator who joined a conversation about an order turns it into a claim (the waiting
    period is the operator's judgement; the seller's deadline runs as for any claim)."""
    if conversation.vendor_order_id is None:
        raise Conflict(
            _("Only a conversation about an order can become a claim."), field="conversation", code="no_order"
        )
    with transaction.atomic():
        vendor_order = (
            VendorOrder.objects.select_for_update().select_related("order").get(id=conversation.vendor_order_id)
        )
        amount = claim_open_check(vendor_order=vendor_order, reason=reason, amount=amount, waive_waiting=True)
        conversation = services.conversation_join(operator=operator, conversation=conversation)
        return _claim_create(
            vendor_order=vendor_order, conversation=conversation, reason=reason, amount=amount, opened_by=operator
        )


def _locked(claim_id: int) -> Claim:
    return Claim.objects.select_for_update().select_related("vendor_order", "conversation").get(id=claim_id)


def _close(claim: Claim, *, resolution: str, actor, amount: int = 0, refund=None, reason: str = "") -> Claim:
    claim.status, claim.resolution, claim.resolved_amount, claim.closed_at = (
        Status.CLOSED,
        resolution,
        amount,
        timezone.now(),
    )
    claim.refund, claim.decision_reason = refund, reason[:1000]
    if actor is not None and getattr(actor, "is_staff", False):
        claim.decided_by = actor
    claim.save(
        update_fields=[
            "status",
            "resolution",
            "resolved_amount",
            "closed_at",
            "refund",
            "decision_reason",
            "decided_by",
        ]
    )
    audit_record(
        actor=actor,
        action=f"claim.{resolution}",
        obj=claim,
        reason=reason,
        data={"amount": amount, "refund_id": refund.id if refund else None},
    )
    outbox_publish(topic=CLAIM_CHANGED, key=f"claim:{claim.id}", payload={"claim_id": claim.id, "state": resolution})
    return claim


def claim_respond(*, vendor, actor, claim_id: int, body: str, upload=None) -> Claim:
    """The seller answers with evidence (a message, optionally a document): the claim is contested
    and waits for an operator's decision; the deadline no longer runs."""
    from buyers.messaging.selectors import claim_get_for_vendor

    claim_get_for_vendor(vendor=vendor, claim_id=claim_id)
    services.message_check(body=body, upload=upload)
    with transaction.atomic():
        claim = _locked(claim_id)
        if claim.status != Status.OPEN:
            raise Conflict(
                _("This claim is %(status)s; it takes no answer now.") % {"status": claim.get_status_display()},
                field="status",
                code="invalid_transition",
            )
        if timezone.now() > claim.respond_by:
            raise Conflict(
                _("The deadline to answer passed on %(date)s.") % {"date": claim.respond_by.date().isoformat()},
                field="status",
                code="deadline_passed",
            )
        services.message_send(
            conversation=claim.conversation, author=actor, party=Party.SELLER, body=body, upload=upload
        )
        claim.status, claim.responded_at = Status.CONTESTED, timezone.now()
        claim.save(update_fields=["status", "responded_at"])
        audit_record(actor=actor, action="claim.contested", obj=claim)
        outbox_publish(
            topic=CLAIM_CHANGED, key=f"claim:{claim.id}", payload={"claim_id": claim.id, "state": "contested"}
        )
    return claim


def claim_refund_by_seller(*, vendor, actor, claim_id: int) -> Claim:
    """The seller gives the buyer what the claim asks; the claim closes."""
    from buyers.messaging.selectors import claim_get_for_vendor

    claim_get_for_vendor(vendor=vendor, claim_id=claim_id)
    with transaction.atomic():
        claim = _locked(claim_id)
        if claim.status not in UNDECIDED:
            raise Conflict(_("This claim is closed already."), field="status", code="invalid_transition")
        refund = claim_refund_issue(
            actor=actor,
            vendor_order_id=claim.vendor_order_id,
            amount=claim.amount,
            claim_id=claim.id,
            vendor_id=vendor.id,
        )
        return _close(claim, resolution=Resolution.SELLER_REFUND, actor=actor, amount=refund.amount, refund=refund)


def claim_decide(*, operator, claim_id: int, decision: str, reason: str, amount: int | None = None) -> Claim:
    """An operator settles a claim: full or partial refund (charged to the seller), a replacement
    the seller owes, or rejection. The reason is shown to both parties and audited."""
    if decision not in DECISIONS:
        raise DomainError(_("Decide one of: %(decisions)s.") % {"decisions": ", ".join(DECISIONS)}, field="decision")
    if not reason.strip():
        raise DomainError(_("Give the reason for the decision; both parties will read it."), field="reason")
    with transaction.atomic():
        claim = _locked(claim_id)
        if claim.status not in UNDECIDED:
            raise Conflict(_("This claim is closed already."), field="status", code="invalid_transition")
        refund = None
        if decision == Resolution.REFUND_PARTIAL:
            if amount is None or not 0 < amount < claim.amount:
                raise DomainError(
                    _("A partial refund is 1 to %(max)s (minor units, less than claimed).") % {"max": claim.amount - 1},
                    field="amount",
                )
        elif decision == Resolution.REFUND_FULL:
            amount = claim.amount
        else:
            amount = 0
        if amount:
            refund = claim_refund_issue(
                actor=operator, vendor_order_id=claim.vendor_order_id, amount=amount, claim_id=claim.id
            )
        services.conversation_join(operator=operator, conversation=claim.conversation)
        return _close(claim, resolution=decision, actor=operator, amount=amount, refund=refund, reason=reason.strip())


def claims_resolve_overdue(*, now: datetime | None = None) -> list[int]:
    """Refund every open claim whose seller let the deadline pass, and charge the seller (through
    the refund's ledger entry). Safe to run any number of times: a claim is closed with its refund
    in one transaction, and a closed claim is skipped. Returns the ids resolved by this run."""
    now = now or timezone.now()
    resolved = []
    for claim_id in (
        Claim.objects.filter(status=Status.OPEN, respond_by__lt=now).order_by("id").values_list("id", flat=True)
    ):
        try:
            with transaction.atomic():
                claim = _locked(claim_id)
                if claim.status != Status.OPEN or claim.respond_by >= now:
                    continue  # answered or resolved meanwhile
                refund = claim_refund_issue(
                    actor=None, vendor_order_id=claim.vendor_order_id, amount=claim.amount, claim_id=claim.id
                )
                _close(
                    claim,
                    resolution=Resolution.DEADLINE_REFUND,
                    actor=None,
                    amount=refund.amount,
                    refund=refund,
                    reason="The seller did not answer by the deadline.",
                )
                resolved.append(claim.id)
        except DomainError as exc:
            # E.g. the seller refunded the order another way meanwhile: left for an operator, not retried blindly.
            logger.warning("claim C-%s not resolved automatically: %s", claim_id, exc.message)
    return resolved
