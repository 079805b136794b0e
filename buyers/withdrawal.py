"""Right of withdrawal (§§ 312g, 355, 356 BGB; Art. 9 Consumer Rights Directive).

A consumer buying from a business seller may withdraw within 14 days of receiving the goods,
without a reason. An offer's own return window may be longer, never shorter. A business buyer
(B2B) and a purchase from a private (C2C) seller carry no statutory right: only what the offer
grants. The period starts the day after delivery and ends at the end of its last day in the
shop's time zone (§§ 187(1), 188(1) BGB), so the deadline is a date, not a timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.models import BuyerProfile, OrderTerms, ReturnLine, ReturnRequest, WithdrawalDeclaration
from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import Order, OrderLine, VendorOrder
from marketplace.outbox import outbox_publish

STATUTORY_DAYS = 14
TERMS_VERSION = "2026-11"
WITHDRAWAL_RECEIVED = "buyers.withdrawal_received"


_UNREAD = object()


def order_terms_record(*, order: Order, buyer, profile=_UNREAD) -> OrderTerms:
    """Snapshot, inside the checkout transaction, whether the buyer buys as a consumer or a
    business: later profile changes must not change the rights attached to this order.
    ``profile``: the buyer's BuyerProfile (or None) when the caller has read it already."""
    if profile is _UNREAD:
        profile = BuyerProfile.objects.filter(user_id=buyer.pk).first()
    return OrderTerms.objects.create(
        order=order,
        buyer_is_business=bool(profile and profile.is_business),
        buyer_company_name=profile.company_name if profile else "",
        buyer_vat_id=profile.vat_id if profile else "",
        terms_version=TERMS_VERSION,
    )


def buyer_is_business(order: Order) -> bool:
    terms = OrderTerms.objects.filter(order_id=order.pk).first()
    # Orders without a snapshot (placed before it existed) count as consumer orders: the
    # reading that gives the buyer more rights, never fewer.
    return bool(terms and terms.buyer_is_business)


def vendor_is_trader(vendor) -> bool:
    # The vendors app marks private (C2C) sellers; every other seller is a business.
    return not getattr(vendor, "is_consumer_seller", False)


def statutory_right(*, vendor_order: VendorOrder) -> bool:
    return vendor_is_trader(vendor_order.vendor) and not buyer_is_business(vendor_order.order)


def return_days(*, vendor_order: VendorOrder, offer_window_days: int) -> int:
    """Days the buyer has to send a line back: max(14, the offer's window) when the statutory
    right applies, otherwise the offer's window alone (0 = no returns)."""
    statutory = STATUTORY_DAYS if statutory_right(vendor_order=vendor_order) else 0
    return max(statutory, offer_window_days or 0)


def _local_date(moment) -> date:
    return timezone.localtime(moment).date()


def return_deadline(*, vendor_order: VendorOrder, line: OrderLine) -> date | None:
    """Last day to declare (None: not delivered yet, or nothing to return within)."""
    if vendor_order.delivered_at is None:
        return None
    days = return_days(vendor_order=vendor_order, offer_window_days=line.offer.return_window_days)
    if days <= 0:
        return None
    return _local_date(vendor_order.delivered_at) + timedelta(days=days)


def return_open(*, vendor_order: VendorOrder, line: OrderLine, today: date | None = None) -> bool:
    deadline = return_deadline(vendor_order=vendor_order, line=line)
    return deadline is not None and (today or _local_date(timezone.now())) <= deadline


@dataclass(frozen=True)
class WithdrawableLine:
    line: OrderLine
    quantity_left: int
    deadline: date


def withdrawable_lines(*, vendor_order: VendorOrder) -> list[WithdrawableLine]:
    from buyers.returns import _returned_quantities

    returned = _returned_quantities(vendor_order)
    result = []
    for line in vendor_order.lines.select_related("offer"):
        left = line.quantity - returned.get(line.id, 0)
        deadline = return_deadline(vendor_order=vendor_order, line=line)
        if left > 0 and deadline is not None and return_open(vendor_order=vendor_order, line=line):
            result.append(WithdrawableLine(line=line, quantity_left=left, deadline=deadline))
    return result


@transaction.atomic
def withdrawal_declare(
    *, buyer, number: str, vendor_order_id: int, line_ids: list[int], consumer_name: str, consumer_address: str
) -> WithdrawalDeclaration:
    """File a declaration of withdrawal made through the model form: no reason asked. The
    items in full go back as a return with reason ``withdrawal``; the seller then follows the
    usual return steps (approve with instructions, receive, refund within 14 days)."""
    order = Order.objects.filter(buyer_id=buyer.pk, number=number).first()
    vendor_order = (
        VendorOrder.objects.select_for_update().filter(order=order, id=vendor_order_id).first() if order else None
    )
    if vendor_order is None:
        raise NotFound(_("No such order."), field="vendor_order")
    if not consumer_name.strip():
        raise DomainError(_("Enter your name."), field="consumer_name")
    if not consumer_address.strip():
        raise DomainError(_("Enter your address."), field="consumer_address")
    if vendor_order.status != VendorOrder.Status.DELIVERED:
        raise Conflict(
            _("A withdrawal can be declared here once the items are delivered; before that, cancel the order."),
            field="vendor_order",
            code="not_delivered",
        )
    if not line_ids:
        raise DomainError(_("Choose at least one item."), field="lines")
    open_lines = {w.line.id: w for w in withdrawable_lines(vendor_order=vendor_order)}
    all_lines = set(vendor_order.lines.values_list("id", flat=True))
    for line_id in line_ids:
        if line_id not in all_lines:
            raise NotFound(_("Line %(id)s is not part of this order.") % {"id": line_id}, field="lines")
        if line_id not in open_lines:
            raise DomainError(
                _("The withdrawal period for line %(id)s is over or it was returned already.") % {"id": line_id},
                field="lines",
                code="withdrawal_period_over",
            )
    request = ReturnRequest.objects.create(
        vendor_order=vendor_order, buyer=buyer, reason=ReturnRequest.Reason.WITHDRAWAL
    )
    ReturnLine.objects.bulk_create(
        ReturnLine(return_request=request, order_line_id=line_id, quantity=open_lines[line_id].quantity_left)
        for line_id in line_ids
    )
    declaration = WithdrawalDeclaration.objects.create(
        return_request=request,
        consumer_name=consumer_name.strip()[:200],
        consumer_address=consumer_address.strip()[:500],
        ordered_on=_local_date(order.created_at),
        received_on=_local_date(vendor_order.delivered_at),
        deadline=max(open_lines[line_id].deadline for line_id in line_ids),
    )
    audit_record(actor=buyer, action="return.withdrawal_declared", obj=request)
    _acknowledge(declaration, order)
    return declaration


def _acknowledge(declaration: WithdrawalDeclaration, order: Order) -> None:
    """The seller must confirm receipt of a declaration made online without delay (§ 356(1) BGB):
    the mail goes out through the outbox, after commit, retried until sent."""
    outbox_publish(
        topic=WITHDRAWAL_RECEIVED, key=f"withdrawal:{declaration.id}", payload={"declaration_id": declaration.id}
    )


def withdrawal_acknowledgement_send(events) -> None:
    from django.core.mail import send_mail
    from django.utils.translation import override

    from buyers.emails import _language

    declarations = WithdrawalDeclaration.objects.filter(
        id__in=[e.payload["declaration_id"] for e in events]
    ).select_related("return_request__vendor_order__order__buyer", "return_request__vendor_order__vendor")
    for declaration in declarations:
        vendor_order = declaration.return_request.vendor_order
        order = vendor_order.order
        with override(_language(order.buyer)):
            body = _(
                "We received your withdrawal from the contract for order %(number)s (seller: %(vendor)s) on %(date)s. "
                "The seller will tell you how to send the items back.\n"
            ) % {
                "number": order.number,
                "vendor": vendor_order.vendor.legal_name or vendor_order.vendor.name,
                "date": _local_date(declaration.declared_at).isoformat(),
            }
            send_mail(
                _("Withdrawal received: order %(number)s") % {"number": order.number},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [order.email],
            )
