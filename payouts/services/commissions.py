"""Operators set commission rules and book manual adjustments."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound
from marketplace.models import Category
from marketplace.money import Money
from payouts.ledger import ADJUSTMENTS, credit, debit, ledger_post, vendor_payable
from payouts.models import CommissionRule, JournalEntry
from vendors.models import Vendor


@transaction.atomic
def commission_rule_create(
    *,
    actor,
    rate_bps: int,
    fixed: Money,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    vendor_id: int | None = None,
    category_id: int | None = None,
    note: str = "",
) -> CommissionRule:
    if not 0 <= rate_bps <= 10_000:
        raise DomainError(_("rate_bps must be between 0 and 10000 (0 to 100 %)."), field="rate_bps")
    if fixed.amount < 0:
        raise DomainError(_("The fixed amount must not be negative."), field="fixed")
    if fixed.currency not in settings.MARKETPLACE_CURRENCIES:
        raise DomainError(
            _("Currency must be one of %(allowed)s.") % {"allowed": ", ".join(settings.MARKETPLACE_CURRENCIES)},
            field="fixed",
        )
    valid_from = valid_from or timezone.now()
    if valid_until is not None and valid_until <= valid_from:
        raise DomainError(_("valid_until must be after valid_from."), field="valid_until")
    if vendor_id is not None and not Vendor.objects.filter(id=vendor_id).exists():
        raise NotFound(_("No such vendor."), field="vendor")
    if category_id is not None and not Category.objects.filter(id=category_id).exists():
        raise NotFound(_("No such category."), field="category")
    rule = CommissionRule.objects.create(
        vendor_id=vendor_id,
        category_id=category_id,
        rate_bps=rate_bps,
        fixed_amount=fixed.amount,
        currency=fixed.currency,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note[:300],
        created_by=actor,
    )
    audit_record(actor=actor, action="commission_rule.created", obj=rule, reason=note)
    return rule


@transaction.atomic
def commission_rule_end(*, actor, rule_id: int, at: datetime | None = None) -> CommissionRule:
    """End a rule (rules are never deleted: order lines keep the id that applied)."""
    rule = CommissionRule.objects.select_for_update().filter(id=rule_id).first()
    if rule is None:
        raise NotFound(_("No such commission rule."), field="rule")
    at = at or timezone.now()
    if at <= rule.valid_from:
        raise DomainError(_("A rule can only end after it started."), field="valid_until")
    rule.valid_until = min(at, rule.valid_until) if rule.valid_until else at
    rule.save(update_fields=["valid_until"])
    audit_record(actor=actor, action="commission_rule.ended", obj=rule)
    return rule


@transaction.atomic
def ledger_adjustment_post(*, actor, vendor_id: int, amount: Money, reason: str):
    """Manual correction of a seller's balance (positive: the platform owes it more)."""
    if not reason.strip():
        raise DomainError(_("A manual adjustment needs a reason."), field="reason")
    if not amount:
        raise DomainError(_("The amount must not be zero."), field="amount")
    vendor = Vendor.objects.select_for_update().filter(id=vendor_id).first()  # serialises the key count
    if vendor is None:
        raise NotFound(_("No such vendor."), field="vendor")

    n = JournalEntry.objects.filter(kind="adjustment", reference=f"vendor-{vendor_id}").count()
    entry = ledger_post(
        kind="adjustment",
        reference=f"vendor-{vendor_id}",
        idempotency_key=f"adjustment:{vendor_id}:{n + 1}",
        postings=[debit(ADJUSTMENTS, amount), credit(vendor_payable(vendor_id), amount)],
        memo=reason.strip()[:500],
    )
    audit_record(
        actor=actor,
        action="ledger.adjustment",
        obj=vendor,
        reason=reason,
        data={"amount": amount.amount, "entry": entry.pk},
    )
    return entry
