"""Dunning of overdue invoices: reminder, second reminder, hand-over to collection.

``dunning_run`` (daily Celery beat task, and ``manage.py dunning_run``) gives every invoice
order that is unpaid past its date the next level when its time has come:

- level 1 (reminder) ``MARKETPLACE_DUNNING_REMINDER_DAYS`` after the payment due date,
- level 2 (second reminder) ``MARKETPLACE_DUNNING_SECOND_REMINDER_DAYS`` after the reminder,
- level 3 (hand-over to collection) ``MARKETPLACE_DUNNING_HANDOVER_DAYS`` after the second.

Each level is recorded once per order (a unique constraint: running twice sends nothing
twice), adds its fee to what the buyer owes (booked: buyer receivable to dunning fees, no VAT)
and sends its mail through the outbox, in the buyer's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.audit import audit_record
from marketplace.models import Order, OutboxEvent
from marketplace.money import Money
from marketplace.outbox import outbox_publish
from payouts.ledger import BUYER_RECEIVABLE, DUNNING_FEES, credit, debit, ledger_post
from payouts.models import DunningNotice
from payouts.services.receipts import invoice_outstanding, open_invoice_filter

DUNNING_MAIL = "payouts.dunning_mail"


def dunning_days(level: int) -> int:
    return {
        1: settings.MARKETPLACE_DUNNING_REMINDER_DAYS,
        2: settings.MARKETPLACE_DUNNING_SECOND_REMINDER_DAYS,
        3: settings.MARKETPLACE_DUNNING_HANDOVER_DAYS,
    }[level]


def dunning_fee(level: int) -> int:
    return {
        1: settings.MARKETPLACE_DUNNING_REMINDER_FEE,
        2: settings.MARKETPLACE_DUNNING_SECOND_REMINDER_FEE,
        3: settings.MARKETPLACE_DUNNING_HANDOVER_FEE,
    }[level]


@dataclass
class DunningReport:
    sent: dict[int, list[str]] = field(default_factory=lambda: {1: [], 2: [], 3: []})

    @property
    def total(self) -> int:
        return sum(len(numbers) for numbers in self.sent.values())


def _next_level(order: Order, notices: list[DunningNotice], today: date) -> int | None:
    """Level 1 once the due date is ``REMINDER_DAYS`` (at least one) days past; each next level
    its days after the previous notice went out; nothing after the hand-over."""
    last = notices[-1] if notices else None
    if last is None:
        if order.payment_due_date is None:
            return None
        return 1 if (today - order.payment_due_date).days >= max(dunning_days(1), 1) else None
    level = last.level + 1
    if level > DunningNotice.Level.HANDOVER:
        return None
    return level if (today - last.sent_on).days >= dunning_days(level) else None


def dunning_due(*, order: Order, today: date) -> int | None:
    """The level the order should get today, if any."""
    notices = list(order.dunning_notices.order_by("level"))
    return _next_level(order, notices, today)


def dunning_notice_send(*, order_id: int, level: int, today: date | None = None) -> DunningNotice | None:
    """Record the order's notice of ``level`` (once), book its fee and queue its mail."""
    today = today or timezone.localdate()
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(open_invoice_filter(), id=order_id).first()
        if order is None:
            return None
        outstanding = invoice_outstanding(order=order)
        if outstanding.amount <= 0:
            return None
        fee = Money(dunning_fee(level), order.currency)
        try:
            with transaction.atomic():
                notice = DunningNotice.objects.create(
                    order=order,
                    level=level,
                    currency=order.currency,
                    fee_amount=fee.amount,
                    outstanding_amount=(outstanding + fee).amount,
                    sent_on=today,
                    pay_by=today + timedelta(days=settings.MARKETPLACE_DUNNING_PAY_WITHIN_DAYS),
                )
        except IntegrityError:
            return None  # another run sent this level already
        if fee:
            ledger_post(
                kind="dunning_fee",
                reference=order.number,
                idempotency_key=f"dunning_fee:{notice.pk}",
                postings=[debit(BUYER_RECEIVABLE, fee), credit(DUNNING_FEES, fee)],
                memo=f"Dunning fee, level {level}",
            )
        outbox_publish(topic=DUNNING_MAIL, key=f"dunning:{order.id}:{level}", payload={"notice_id": notice.id})
        audit_record(actor=None, action="invoice.dunning", obj=order, data={"level": level, "fee": fee.amount})
    return notice


def dunning_run(*, today: date | None = None) -> DunningReport:
    """Give every overdue invoice order its next dunning level when due. Safe to run again."""
    today = today or timezone.localdate()
    report = DunningReport()
    overdue = (
        Order.objects.filter(open_invoice_filter(), payment_due_date__lt=today)
        .prefetch_related("dunning_notices")
        .order_by("payment_due_date", "id")
    )
    for order in overdue.iterator(chunk_size=500):
        level = _next_level(order, sorted(order.dunning_notices.all(), key=lambda n: n.level), today)
        if level is not None and dunning_notice_send(order_id=order.id, level=level, today=today) is not None:
            report.sent[level].append(order.number)
    return report


# --- Mail (outbox handler) --------------------------------------------------------------------


def dunning_mail_text(notice: DunningNotice) -> tuple[str, str]:
    order = notice.order
    values = {
        "number": order.number,
        "outstanding": Money(notice.outstanding_amount, notice.currency),
        "fee": Money(notice.fee_amount, notice.currency),
        "due": order.payment_due_date.isoformat() if order.payment_due_date else "-",
        "pay_by": notice.pay_by.isoformat(),
    }
    if notice.level == DunningNotice.Level.REMINDER:
        subject = _("Payment reminder for your order %(number)s") % values
        body = (
            _(
                "Hello,\n\nwe have not yet received full payment for your order %(number)s, which was due on %(due)s. "
                "Perhaps this has slipped your mind.\n\nAmount outstanding: %(outstanding)s\n"
                "Please transfer it by %(pay_by)s, quoting %(number)s as the payment reference.\n\n"
                "If you have paid in the meantime, please disregard this reminder.\n"
            )
            % values
        )
    elif notice.level == DunningNotice.Level.SECOND_REMINDER:
        subject = _("Second reminder for your order %(number)s") % values
        body = (
            _(
                "Hello,\n\nyour order %(number)s, due on %(due)s, is still not paid in full despite our reminder.\n\n"
                "Amount outstanding: %(outstanding)s (including a dunning fee of %(fee)s)\n"
                "Please transfer it by %(pay_by)s, quoting %(number)s as the payment reference. "
                "Otherwise we will hand the claim over to a collection agency.\n"
            )
            % values
        )
    else:
        subject = _("Your order %(number)s: claim handed over to collection") % values
        body = (
            _(
                "Hello,\n\nas your order %(number)s, due on %(due)s, remains unpaid despite two reminders, "
                "we have handed the claim over to a collection agency, which will contact you.\n\n"
                "Amount outstanding: %(outstanding)s (including a fee of %(fee)s)\n"
            )
            % values
        )
    return subject, body


def handle_dunning_mail(events: list[OutboxEvent]) -> None:
    from buyers.emails import _language

    notices = DunningNotice.objects.filter(id__in=[e.payload["notice_id"] for e in events]).select_related(
        "order__buyer"
    )
    for notice in notices:
        with override(_language(notice.order.buyer)):
            subject, body = dunning_mail_text(notice)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.order.email])
