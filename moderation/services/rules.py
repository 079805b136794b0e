"""Listing rules (operators' CRUD) and the evaluation of offers against them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from marketplace.audit import audit_record
from marketplace.errors import NotFound
from marketplace.models import Category
from marketplace.webhook_events import OFFER_SUPPRESSED, webhook_event_publish
from moderation.emails import moderation_mail_queue
from moderation.models import ListingCheck, ListingRule, OfferSuppression, ReviewItem
from moderation.rules import (
    RuleResult,
    compliance_results,
    listing_check,
    offers_not_yet_listed,
    rule_params_clean,
    rules_for,
)
from moderation.services.queue import review_item_open
from vendors.models import Offer, Product
from vendors.services.events import catalog_product_changed

# Offers a blocking rule takes off sale; rejected/suppressed ones already are.
SUPPRESSIBLE = (Offer.Status.DRAFT, Offer.Status.PENDING, Offer.Status.LIVE, Offer.Status.PAUSED)


def _category(category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    category = Category.objects.filter(id=category_id).first()
    if category is None:
        raise NotFound(f"No category {category_id}.", field="category")
    return category


@transaction.atomic
def listing_rule_create(
    *, actor, kind: str, params: dict, severity: str, category_id: int | None = None, active: bool = True
) -> ListingRule:
    params = rule_params_clean(kind=kind, params=params)
    rule = ListingRule.objects.create(
        kind=kind, params=params, severity=severity, category=_category(category_id), active=active
    )
    audit_record(
        actor=actor,
        action="listing_rule.created",
        obj=rule,
        data={"kind": kind, "params": params, "severity": severity},
    )
    return rule


@transaction.atomic
def listing_rule_update(
    *, actor, rule_id: int, params: dict | None = None, severity: str | None = None, active: bool | None = None
) -> ListingRule:
    rule = ListingRule.objects.select_for_update().filter(id=rule_id).first()
    if rule is None:
        raise NotFound("No such listing rule.", field="rule")
    if params is not None:
        rule.params = rule_params_clean(kind=rule.kind, params=params)
    if severity is not None:
        rule.severity = severity
    if active is not None:
        rule.active = active
    rule.save()
    audit_record(
        actor=actor,
        action="listing_rule.updated",
        obj=rule,
        data={"params": rule.params, "severity": rule.severity, "active": rule.active},
    )
    return rule


def offer_suppress(*, actor, offer: Offer, reason: str, cause: str, action: str = "offer.suppressed") -> None:
    """Take an offer off sale (status suppressed): audited, re-indexed through the outbox, with
    the cause and the status it had, so lifting the suppression puts it back there.

    The vendors app has no operator status service for offers, so moderation owns this step;
    it publishes the same catalog event the vendors services do."""
    previous = offer.status
    offer.status = Offer.Status.SUPPRESSED
    offer.save(update_fields=["status", "updated_at"])
    OfferSuppression.objects.update_or_create(offer=offer, defaults={"cause": cause, "previous_status": previous})
    audit_record(actor=actor, action=action, obj=offer, reason=reason, data={"from": previous, "cause": cause})
    catalog_product_changed(product_ids=[offer.product_id])
    webhook_event_publish(
        event_type=OFFER_SUPPRESSED, vendor_id=offer.vendor_id, data={"offer_id": offer.id, "cause": cause}
    )


def _status_after_suppression(offer: Offer, previous: str | None) -> str:
    if previous in (Offer.Status.DRAFT, Offer.Status.PAUSED):
        return previous
    # Live (or unknown: suppressed before causes were kept) goes live again; it waits while the product does.
    return Offer.Status.PENDING if offer.product.status == Product.Status.PENDING else Offer.Status.LIVE


def offer_restore(*, actor, offer: Offer, reason: str = "", action: str = "offer.restored") -> None:
    """Lift a suppression: the offer returns to the status it had (a live one waits as pending
    while its product does)."""
    if offer.status != Offer.Status.SUPPRESSED:
        return
    suppression = OfferSuppression.objects.filter(offer=offer).first()
    offer.status = _status_after_suppression(offer, suppression.previous_status if suppression else None)
    offer.save(update_fields=["status", "updated_at"])
    if suppression:
        suppression.delete()
    cause = suppression.cause if suppression else ""
    audit_record(actor=actor, action=action, obj=offer, reason=reason, data={"to": offer.status, "cause": cause})
    catalog_product_changed(product_ids=[offer.product_id])
    if cause != OfferSuppression.Cause.ENFORCEMENT:
        # Lifting a rule's or an operator's suppression must not undo a vendor-wide one still in force.
        from moderation.services.enforcement import offer_enforce_standing

        offer_enforce_standing(offer_id=offer.id)


def _restore_if_fixed(offer: Offer) -> None:
    """A rule-suppressed offer whose update passes every blocking rule again goes back to its
    previous status by itself; an operator's or enforcement's suppression stays. The waiting
    review item is closed: nothing is left to decide."""
    if not OfferSuppression.objects.filter(offer=offer, cause=OfferSuppression.Cause.RULES).exists():
        return
    offer_restore(
        actor=None, offer=offer, reason="All blocking listing rules pass again.", action="offer.restored_by_fix"
    )
    now = timezone.now()
    for item in ReviewItem.objects.select_for_update().filter(
        kind=ReviewItem.Kind.FLAGGED_OFFER, offer=offer, status__in=ReviewItem.OPEN_STATUSES, report__isnull=True
    ):
        item.status, item.reason, item.decided_at = (
            ReviewItem.Status.APPROVED,
            "Fixed by the vendor: all blocking rules pass.",
            now,
        )
        item.save(update_fields=["status", "reason", "decided_at"])
        audit_record(actor=None, action="review_item.resolved_by_fix", obj=item, data={"offer_id": offer.id})


def _statement_for_rules(*, offer: Offer, summary: str, codes: list[str]) -> None:
    """DSA Art. 17: an automated suppression is explained like any other restriction."""
    from moderation.models import StatementOfReasons as SOR
    from moderation.services.statements import statement_issue

    statement_issue(
        target_kind="offer",
        target_id=offer.id,
        target_label=f"{offer.sku} ({offer.product})",
        vendor_id=offer.vendor_id,
        restriction=SOR.Restriction.VISIBILITY,
        scope="The offer is not shown until it passes the listing rules or an operator restores it.",
        facts=summary,
        ground=SOR.Ground.TERMS,
        ground_detail="Listing rules: " + ", ".join(sorted(set(codes))),
        source=SOR.Source.RULES,
        automated_detection=True,
        automated_decision=True,
    )


@transaction.atomic
def listing_evaluate(*, offer_id: int) -> list[RuleResult]:
    """Run the rules on one offer, store the results (replacing the last ones) and, when a
    blocking rule fails, suppress the offer and put it in the review queue."""
    offer = Offer.objects.select_for_update().filter(id=offer_id).first()
    if offer is None:
        raise NotFound("No such offer.", field="offer")
    offer = Offer.objects.select_related("product__category", "variant", "vendor").get(id=offer.id)
    results = listing_check(offer)
    ListingCheck.objects.filter(offer=offer).delete()
    ListingCheck.objects.bulk_create(_checks(offer, results))
    _act_on_results(offer, results)
    return results


def _checks(offer: Offer, results: list[RuleResult]) -> list[ListingCheck]:
    return [
        ListingCheck(offer=offer, rule_id=r.rule_id, code=r.code, severity=r.severity, message=r.message)
        for r in results
    ]


def _act_on_results(offer: Offer, results: list[RuleResult]) -> None:
    blocks = [r for r in results if r.severity == ListingRule.Severity.BLOCK]
    if blocks and offer.status in SUPPRESSIBLE:
        summary = "\n".join(f"[{r.code}] {r.message}" for r in blocks)
        offer_suppress(
            actor=None,
            offer=offer,
            reason=summary,
            cause=OfferSuppression.Cause.RULES,
            action="offer.suppressed_by_rules",
        )
        _statement_for_rules(offer=offer, summary=summary, codes=[r.code for r in blocks])
        review_item_open(
            kind=ReviewItem.Kind.FLAGGED_OFFER, vendor=offer.vendor, offer=offer, product=offer.product, summary=summary
        )
        moderation_mail_queue(
            vendor_id=offer.vendor_id, kind="listing_blocked", subject=f"{offer.sku} ({offer.product})", reason=summary
        )
    elif not blocks and offer.status == Offer.Status.SUPPRESSED:
        _restore_if_fixed(offer)


def listing_changed(*, offer: Offer) -> None:
    """Hook the vendors listing services call inside their transaction after creating or
    changing an offer: rules run at once, so the vendor's response already shows the outcome."""
    listing_evaluate(offer_id=offer.id)
    from moderation.services.enforcement import offer_enforce_standing

    offer_enforce_standing(offer_id=offer.id)
    product = offer.product
    if product.status == Product.Status.PENDING and product.created_by_id == offer.vendor_id:
        review_item_open(
            kind=ReviewItem.Kind.NEW_PRODUCT, vendor=offer.vendor, product=product, summary=product.title_for()
        )
    offer.refresh_from_db(fields=["status"])


def listings_created(*, offers: list[Offer]) -> None:
    """``listing_changed`` for offers created together in this transaction (an import's chunk,
    ascending ids, with ``product`` (and its ``category``), ``variant`` and ``vendor`` loaded), with
    the same outcome as one call per offer in that order, but set-based: the rules are read once
    per category, each offer is checked in memory (rules that compare with other offers see only
    the offers created before it), the checks are written in one INSERT and the new products'
    review items in another. Only an offer that fails a blocking rule, or one of a vendor whose
    offers are suppressed, takes the one-by-one path."""
    from django.db.models import prefetch_related_objects

    from moderation.models import VendorStanding
    from moderation.services.enforcement import offer_enforce_standing
    from moderation.services.queue import review_due_at
    from vendors.services.compliance import compliance_requirements

    if not offers:
        return
    offers = sorted(offers, key=lambda o: o.id)
    rules_by_category: dict[int, list[ListingRule]] = {}
    legal_gates: set[int] = set()  # categories with GPSR/registration requirements
    for offer in offers:
        category = offer.product.category
        if category.id not in rules_by_category:
            rules_by_category[category.id] = rules_for(category)
            if compliance_requirements(category):
                legal_gates.add(category.id)
    if any(r.kind == ListingRule.Kind.MIN_IMAGES for rules in rules_by_category.values() for r in rules):
        prefetch_related_objects([o.product for o in offers], "images")
    suppressed_vendors = set(
        VendorStanding.objects.filter(
            vendor_id__in={o.vendor_id for o in offers}, level__gte=VendorStanding.Level.OFFERS_SUPPRESSED
        ).values_list("vendor_id", flat=True)
    )
    checks: list[ListingCheck] = []
    acted: list[Offer] = []
    not_yet = {o.id for o in offers}
    for offer in offers:
        not_yet.discard(offer.id)
        rules = rules_by_category[offer.product.category_id]
        results = []
        if rules:
            with offers_not_yet_listed(not_yet):
                results = listing_check(offer, rules=rules)
        if offer.product.category_id in legal_gates:
            results = results + compliance_results(offer)  # as listing_check without rules= adds them
        checks += _checks(offer, results)
        if results or offer.status == Offer.Status.SUPPRESSED:
            _act_on_results(offer, results)
            acted.append(offer)
        if offer.vendor_id in suppressed_vendors:
            offer_enforce_standing(offer_id=offer.id)
            acted.append(offer)
    ListingCheck.objects.bulk_create(checks)  # new offers: no earlier checks to replace
    # A product the vendor proposed waits in the review queue once (however many offers it has).
    pending = {
        o.product_id: o
        for o in offers
        if o.product.status == Product.Status.PENDING and o.product.created_by_id == o.vendor_id
    }
    if pending:
        queued = set(
            ReviewItem.objects.filter(
                kind=ReviewItem.Kind.NEW_PRODUCT,
                status__in=ReviewItem.OPEN_STATUSES,
                report__isnull=True,
                offer__isnull=True,
                product_id__in=pending,
            ).values_list("product_id", flat=True)
        )
        due_at = review_due_at(timezone.now())
        ReviewItem.objects.bulk_create(
            [
                ReviewItem(
                    kind=ReviewItem.Kind.NEW_PRODUCT,
                    vendor=o.vendor,
                    product=o.product,
                    summary=o.product.title_for()[:5000],
                    due_at=due_at,
                )
                for product_id, o in pending.items()
                if product_id not in queued
            ],
            ignore_conflicts=True,  # queued concurrently by another request: that one stands
        )
    if acted:
        statuses = dict(Offer.objects.filter(id__in=[o.id for o in acted]).values_list("id", "status"))
        for offer in acted:
            offer.status = statuses[offer.id]


@dataclass(frozen=True)
class DryRun:
    rule: ListingRule
    hits: list[tuple[Offer, RuleResult]]  # the offers failing the rule, with why
    checked: int  # offers evaluated
    truncated: bool  # more offers were in scope than were checked


DRY_RUN_LIMIT = 500


def listing_rule_dry_run(*, rule_id: int, limit: int = DRY_RUN_LIMIT) -> DryRun:
    """Which offers ``rule`` would block (or warn about) if they were evaluated now, without
    changing anything: the evaluation runs in a transaction that is rolled back (it may store
    image fingerprints), and no check, suppression or queue item is written. Offers that are
    on sale or could be (draft, pending, live, paused) in the rule's category tree, newest first."""
    rule = ListingRule.objects.select_related("category").filter(id=rule_id).first()
    if rule is None:
        raise NotFound("No such listing rule.", field="rule")
    offers = Offer.objects.filter(status__in=SUPPRESSIBLE).select_related("product__category", "variant", "vendor")
    if rule.category is not None:
        path = rule.category.path
        offers = offers.filter(
            models.Q(product__category__path=path) | models.Q(product__category__path__startswith=f"{path}/")
        )
    candidates = list(offers.order_by("-id")[: limit + 1])
    truncated = len(candidates) > limit
    candidates = candidates[:limit]
    hits = []
    with transaction.atomic():
        for offer in candidates:
            for result in listing_check(offer, rules=[rule]):
                hits.append((offer, result))
        transaction.set_rollback(True)
    return DryRun(rule=rule, hits=hits, checked=len(candidates), truncated=truncated)
