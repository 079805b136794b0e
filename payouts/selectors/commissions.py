"""Which commission applies to an order line, and how much it is (with VAT on it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from marketplace.money import Money
from payouts.models import CommissionRule


@dataclass(frozen=True)
class CommissionQuote:
    rule_id: int | None
    rate_bps: int
    fixed_per_item: int
    commission: Money
    vat: Money


def commission_rules_active(*, at: datetime | None = None, currency: str | None = None) -> list[CommissionRule]:
    at = at or timezone.now()
    rules = CommissionRule.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at), valid_from__lte=at)
    if currency:
        rules = rules.filter(currency=currency)
    return list(rules.select_related("category"))


RULES_CACHE_SECONDS = 300


def _rules_cache_key(currency: str) -> str:
    return f"commission_rules:{currency}"


def commission_rules_current(*, currency: str) -> list[CommissionRule]:
    """``commission_rules_active`` for now, from the shared cache (the checkout's hot path).

    The cache holds every rule of the currency not yet expired when it was read (categories
    included); the validity window is applied here at each call, so a rule that starts or ends
    later is right without a refresh. Saving or deleting a rule or a category empties it after
    commit (``commission_rules_forget``), so the cache never holds rows that were rolled back."""
    from django.core.cache import cache
    from django.db import transaction

    now = timezone.now()
    rules = cache.get(_rules_cache_key(currency))
    if rules is None:
        rules = list(
            CommissionRule.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now), currency=currency)
            .select_related("category")
            .order_by("id")
        )
        snapshot = list(rules)
        transaction.on_commit(lambda: cache.set(_rules_cache_key(currency), snapshot, RULES_CACHE_SECONDS))
    return [r for r in rules if r.valid_from <= now and (r.valid_until is None or r.valid_until > now)]


def commission_rules_forget(**kwargs) -> None:
    """Signal receiver: rules or categories changed; drop the cached rules once that commits."""
    from django.core.cache import cache
    from django.db import transaction

    currencies = set(settings.MARKETPLACE_CURRENCIES) | {settings.MARKETPLACE_CURRENCY}
    instance = kwargs.get("instance")
    if getattr(instance, "currency", None):
        currencies.add(instance.currency)
    keys = [_rules_cache_key(currency) for currency in sorted(currencies)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _specificity(rule: CommissionRule) -> tuple:
    depth = rule.category.path.count("/") if rule.category_id else -1
    return (rule.vendor_id is not None, rule.category_id is not None, depth, rule.valid_from, rule.id)


def commission_rule_pick(*, rules: list[CommissionRule], vendor_id: int, category_path: str) -> CommissionRule | None:
    """The most specific rule: vendor+category, vendor, category (deepest first), everything."""
    matching = [
        rule
        for rule in rules
        if (rule.vendor_id is None or rule.vendor_id == vendor_id)
        and (
            rule.category_id is None
            or category_path == rule.category.path
            or category_path.startswith(rule.category.path + "/")
        )
    ]
    return max(matching, key=_specificity, default=None)


def commission_quote(
    *, vendor, category_path: str, line_total: Money, quantity: int, rules: list[CommissionRule] | None = None
) -> CommissionQuote:
    """Commission and VAT on it for one order line; never more than the line itself."""
    if rules is None:
        rules = commission_rules_active(currency=line_total.currency)
    rule = commission_rule_pick(rules=rules, vendor_id=vendor.id, category_path=category_path)
    if rule is not None:
        rate, fixed = rule.rate_bps, rule.fixed_amount
    else:
        # No rule configured: the platform default (or the vendor's negotiated rate).
        override = getattr(vendor, "commission_bps", None)
        rate, fixed = (override if override is not None else settings.MARKETPLACE_COMMISSION_BPS), 0
    commission = min(line_total.percent(rate) + Money(fixed * quantity, line_total.currency), line_total)
    vat_bps = 0 if commission_reverse_charge(vendor) else settings.MARKETPLACE_COMMISSION_VAT_BPS
    vat = min(commission.percent(vat_bps), line_total - commission)
    return CommissionQuote(
        rule_id=rule.id if rule else None, rate_bps=rate, fixed_per_item=fixed, commission=commission, vat=vat
    )


def commission_reverse_charge(vendor) -> bool:
    """The platform's commission is a service to a business: for a vendor with a VAT ID in
    another EU country the vendor owes the VAT (reverse charge), so none is withheld or invoiced."""
    from payouts.vat import reverse_charge_applies

    return reverse_charge_applies(
        supplier_country=settings.MARKETPLACE_OPERATOR["country"], customer_vat_id=getattr(vendor, "vat_id", "") or ""
    )
