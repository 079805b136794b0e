"""Internal complaints (DSA Art. 20): the affected party contests a statement of reasons within
six months; an operator other than the one who decided confirms or reverses, and a reversal
undoes the restriction. The "different operator" rule is checked here and by a database
constraint on Appeal."""

from __future__ import annotations

import calendar
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound, PermissionDenied
from moderation.conf import setting
from moderation.dsa_emails import dsa_mail_queue
from moderation.models import Appeal, StatementOfReasons
from moderation.services.statements import _addressee

SOR = StatementOfReasons
MIN_TEXT, MAX_TEXT = 10, 5000


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later, or the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def appeal_deadline(statement: SOR) -> datetime:
    return add_months(statement.created_at, setting("MODERATION_APPEAL_MONTHS"))


def _statement_for(*, statement_id: int, vendor=None, user=None) -> SOR:
    """The statement addressed to this vendor (seller portal) or to this user (a review's author)."""
    statements = SOR.objects.select_for_update()
    if vendor is not None:
        statement = statements.filter(id=statement_id, vendor=vendor).first()
    else:
        statement = statements.filter(id=statement_id, recipient=user, vendor__isnull=True).first() if user else None
    if statement is None:
        raise NotFound(_("No such statement of reasons."), field="statement")
    return statement


@transaction.atomic
def appeal_create(*, actor, statement_id: int, text: str, vendor=None) -> Appeal:
    statement = _statement_for(statement_id=statement_id, vendor=vendor, user=actor)
    text = (text or "").strip()
    if len(text) < MIN_TEXT:
        raise DomainError(
            _("Explain in at least %(n)s characters why the decision is wrong.") % {"n": MIN_TEXT}, field="text"
        )
    if len(text) > MAX_TEXT:
        raise DomainError(_("The complaint may have at most %(n)s characters.") % {"n": MAX_TEXT}, field="text")
    if Appeal.objects.filter(statement=statement).exists():
        raise Conflict(
            _("This decision has been complained about already."), field="statement", code="already_appealed"
        )
    deadline = appeal_deadline(statement)
    if timezone.now() > deadline:
        raise Conflict(
            _("The complaint period ended on %(date)s (six months after the decision).")
            % {"date": timezone.localtime(deadline).date().isoformat()},
            field="statement",
            code="appeal_period_over",
        )
    appeal = Appeal.objects.create(
        statement=statement, appellant=actor, text=text, original_decider_id=statement.decided_by_id
    )
    audit_record(actor=actor, action="appeal.created", obj=appeal, data={"statement": statement.reference})
    return appeal


def _undo(*, actor, statement: SOR, reason: str) -> None:
    from moderation.targets import target_kind

    if statement.undo == "target":
        target_kind(statement.target_kind).restore(statement.target_id)
    elif statement.undo == "standing":
        from moderation.services.enforcement import standing_reverse

        try:
            standing_reverse(actor=actor, vendor_id=statement.vendor_id, reason=reason, to_level=0)
        except Conflict:  # already back in good standing
            pass
    elif statement.undo == "product":
        from vendors.models import Product
        from vendors.services import product_approve

        if Product.objects.filter(id=statement.target_id, status=Product.Status.REJECTED).exists():
            product_approve(actor=actor, product_id=statement.target_id)


@transaction.atomic
def appeal_decide(*, actor, appeal_id: int, outcome: str, reason: str) -> Appeal:
    appeal = Appeal.objects.select_for_update().filter(id=appeal_id).first()
    if appeal is None:
        raise NotFound(_("No such complaint."), field="appeal")
    if appeal.status != Appeal.Status.OPEN:
        raise Conflict(_("This complaint is already decided."), field="status", code="already_decided")
    if appeal.original_decider_id is not None and appeal.original_decider_id == actor.id:
        raise PermissionDenied(
            _("You made the contested decision; a different operator must decide the complaint."),
            field="appeal",
            code="same_operator",
        )
    if outcome not in (Appeal.Status.CONFIRMED, Appeal.Status.REVERSED):
        raise DomainError(_("outcome must be confirmed or reversed."), field="outcome")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason; the complainant reads it."), field="reason")
    statement = SOR.objects.select_for_update().get(id=appeal.statement_id)
    now = timezone.now()
    if outcome == Appeal.Status.REVERSED:
        _undo(actor=actor, statement=statement, reason=reason)
    statement.outcome = SOR.Outcome.REVERSED if outcome == Appeal.Status.REVERSED else SOR.Outcome.CONFIRMED
    statement.revised_at = now
    statement.save(update_fields=["outcome", "revised_at"])
    appeal.status, appeal.decided_by, appeal.decision_reason, appeal.decided_at = outcome, actor, reason, now
    appeal.save(update_fields=["status", "decided_by", "decision_reason", "decided_at"])
    audit_record(
        actor=actor, action=f"appeal.{outcome}", obj=appeal, reason=reason, data={"statement": statement.reference}
    )
    to, language = _addressee(vendor_id=statement.vendor_id, recipient_id=statement.recipient_id)
    with translation.override(language):
        dsa_mail_queue(
            to=to,
            language=language,
            kind="appeal_decided",
            params={
                "reference": statement.reference,
                "label": statement.target_label,
                "reason": reason,
                "outcome": str(Appeal.Status(outcome).label),
            },
        )
    return appeal
