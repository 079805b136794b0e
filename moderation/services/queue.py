"""The operators' review queue: items open, are claimed, and end approved, rejected or with
changes requested. Approve and reject always speak about the listing (or product): approving a
report dismisses it, rejecting a reported offer takes it down. Every decision is audited and
mailed to the vendor through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from moderation.conf import setting
from moderation.emails import moderation_mail_queue
from moderation.models import OfferSuppression, ReasonTemplate, ReviewItem
from vendors.models import Offer, Vendor
from vendors.services.events import catalog_product_changed

S = ReviewItem.Status
MAX_REASON = 2000


def review_due_at(created_at):
    return created_at + timedelta(hours=setting("MODERATION_REVIEW_TARGET_HOURS"))


def review_item_open(
    *, kind: str, vendor: Vendor, product=None, offer=None, report=None, summary: str = ""
) -> ReviewItem:
    """Queue an item, or return the one already waiting for the same product/offer and kind."""
    lookup = {"kind": kind, "status__in": ReviewItem.OPEN_STATUSES, "report__isnull": True}
    if report is None:
        lookup.update({"offer": offer} if offer is not None else {"product": product, "offer__isnull": True})
        existing = ReviewItem.objects.filter(**lookup).first()
        if existing is not None:
            return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            return ReviewItem.objects.create(
                kind=kind,
                vendor=vendor,
                product=product,
                offer=offer,
                report=report,
                summary=summary[:5000],
                due_at=review_due_at(now),
            )
    except IntegrityError:  # queued concurrently by another request: that one stands
        return ReviewItem.objects.get(**lookup)


def reason_resolve(*, vendor: Vendor, template: str = "", text: str = "") -> str:
    """The reason the vendor reads: a template in the vendor's language, and/or free text."""
    parts = []
    if template:
        found = ReasonTemplate.objects.filter(code=template, active=True).first()
        if found is None:
            codes = (
                ", ".join(ReasonTemplate.objects.filter(active=True).values_list("code", flat=True)) or "none defined"
            )
            raise DomainError(f"Unknown reason template {template!r}; available: {codes}.", field="template")
        parts.append(found.text_en if (vendor.language or "de").startswith("en") else found.text_de)
    if text.strip():
        parts.append(text.strip())
    reason = "\n\n".join(parts)
    if len(reason) > MAX_REASON:
        raise DomainError(f"The reason may have at most {MAX_REASON} characters.", field="reason")
    return reason


def _locked(item_id: int) -> ReviewItem:
    item = ReviewItem.objects.select_for_update().filter(id=item_id).first()
    if item is None:
        raise NotFound("No such review item.", field="item")
    return item


def review_item_check_decidable(*, item: ReviewItem, actor) -> None:
    if item.status not in ReviewItem.OPEN_STATUSES:
        raise Conflict(f"This item is already decided ({item.status}).", field="status", code="already_decided")
    if item.status == S.CLAIMED and item.claimed_by_id != actor.id:
        raise Conflict("Another operator has claimed this item.", field="status", code="claimed_by_other")


@transaction.atomic
def review_item_claim(*, actor, item_id: int) -> ReviewItem:
    item = _locked(item_id)
    review_item_check_decidable(item=item, actor=actor)
    if item.status == S.CLAIMED:
        return item  # claiming twice changes nothing
    item.status, item.claimed_by, item.claimed_at = S.CLAIMED, actor, timezone.now()
    item.save(update_fields=["status", "claimed_by", "claimed_at"])
    audit_record(actor=actor, action="review_item.claimed", obj=item)
    return item


def _subject(item: ReviewItem) -> str:
    if item.offer_id:
        return f"{item.offer.sku} ({item.offer.product})"
    if item.product_id:
        return str(item.product)
    return item.vendor.name


def _apply_approve(*, actor, item: ReviewItem, reason: str) -> None:
    from moderation.services.rules import offer_restore
    from vendors.services import product_approve

    if item.kind == ReviewItem.Kind.NEW_PRODUCT:
        product_approve(actor=actor, product_id=item.product_id)
    elif item.kind == ReviewItem.Kind.FLAGGED_OFFER:
        offer_restore(actor=actor, offer=Offer.objects.select_for_update().get(id=item.offer_id), reason=reason)
    # A report approved: the listing is fine, the report is dismissed; nothing changes.


def _apply_reject(*, actor, item: ReviewItem, reason: str) -> None:
    from vendors.services import product_reject

    if item.kind == ReviewItem.Kind.NEW_PRODUCT:
        product_reject(actor=actor, product_id=item.product_id, reason=reason)
        _statement_for_rejection(actor=actor, item=item, reason=reason, kind="product")
    elif item.offer_id:
        offer = Offer.objects.select_for_update().get(id=item.offer_id)
        if offer.status != Offer.Status.REJECTED:
            previous = offer.status
            offer.status = Offer.Status.REJECTED
            offer.save(update_fields=["status", "updated_at"])
            # A rejected offer is not suppressed any more: nothing may lift it back to its old status.
            OfferSuppression.objects.filter(offer=offer).delete()
            audit_record(actor=actor, action="offer.rejected", obj=offer, reason=reason, data={"from": previous})
            catalog_product_changed(product_ids=[offer.product_id])
            _statement_for_rejection(actor=actor, item=item, reason=reason, kind="offer")
    # A rejected report about a whole vendor is recorded; suspension is the vendors operator API's.


def _statement_for_rejection(*, actor, item: ReviewItem, reason: str, kind: str) -> None:
    """DSA Art. 17: the vendor gets a statement of reasons for the rejected listing."""
    from moderation.models import StatementOfReasons as SOR
    from moderation.services.statements import statement_issue

    if kind == "product":
        target_id, label, undo, scope = (
            item.product_id,
            str(item.product),
            "product",
            "The product is rejected from the catalog.",
        )
    else:
        target_id, label, undo, scope = item.offer_id, _subject(item), "target", "The offer is removed from the shop."
    statement_issue(
        target_kind=kind,
        target_id=target_id,
        target_label=label,
        vendor_id=item.vendor_id,
        restriction=SOR.Restriction.VISIBILITY,
        scope=scope,
        facts=f"{item.get_kind_display()}: {item.summary}".strip()[:2000]
        if item.summary
        else str(item.get_kind_display()),
        ground=SOR.Ground.TERMS,
        ground_detail=reason,
        source=SOR.Source.NOTICE if item.kind == ReviewItem.Kind.REPORT else SOR.Source.QUEUE,
        automated_detection=item.kind == ReviewItem.Kind.FLAGGED_OFFER,
        automated_decision=False,
        decided_by=actor,
        undo=undo,
    )


def _decide(*, actor, item_id: int, decision: str, reason: str) -> ReviewItem:
    item = _locked(item_id)
    review_item_check_decidable(item=item, actor=actor)
    if decision == S.APPROVED:
        _apply_approve(actor=actor, item=item, reason=reason)
    elif decision == S.REJECTED:
        _apply_reject(actor=actor, item=item, reason=reason)
    item.status, item.reason, item.decided_by, item.decided_at = decision, reason, actor, timezone.now()
    item.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"review_item.{decision}",
        obj=item,
        reason=reason,
        data={"kind": item.kind, "offer_id": item.offer_id, "product_id": item.product_id},
    )
    # A dismissed report is not news to the vendor; every other decision is.
    if not (item.kind == ReviewItem.Kind.REPORT and decision == S.APPROVED):
        moderation_mail_queue(vendor_id=item.vendor_id, kind=decision, subject=_subject(item), reason=reason)
    return item


def _reason_for(*, item_id: int, template: str, text: str, required: bool) -> str:
    item = ReviewItem.objects.select_related("vendor").filter(id=item_id).first()
    if item is None:
        raise NotFound("No such review item.", field="item")
    reason = reason_resolve(vendor=item.vendor, template=template, text=text)
    if required and not reason:
        raise DomainError("Give a reason (a template code or text); the vendor reads it.", field="reason")
    return reason


@transaction.atomic
def review_item_approve(*, actor, item_id: int, template: str = "", text: str = "") -> ReviewItem:
    reason = _reason_for(item_id=item_id, template=template, text=text, required=False)
    return _decide(actor=actor, item_id=item_id, decision=S.APPROVED, reason=reason)


@transaction.atomic
def review_item_reject(*, actor, item_id: int, template: str = "", text: str = "") -> ReviewItem:
    reason = _reason_for(item_id=item_id, template=template, text=text, required=True)
    return _decide(actor=actor, item_id=item_id, decision=S.REJECTED, reason=reason)


@transaction.atomic
def review_item_request_changes(*, actor, item_id: int, template: str = "", text: str = "") -> ReviewItem:
    reason = _reason_for(item_id=item_id, template=template, text=text, required=True)
    return _decide(actor=actor, item_id=item_id, decision=S.CHANGES_REQUESTED, reason=reason)


@dataclass
class BulkResult:
    id: int
    status: str  # the item's new status, or "error"
    errors: dict[str, list[str]] = field(default_factory=dict)


BULK_DECISIONS = {"approve": review_item_approve, "reject": review_item_reject}


def review_item_bulk_decide(
    *, actor, item_ids: list[int], decision: str, template: str = "", text: str = ""
) -> list[BulkResult]:
    """Approve or reject many items; each in its own transaction, so one refused item does not
    undo the others. A missing reason for a rejection is refused before anything changes."""
    if decision not in BULK_DECISIONS:
        raise DomainError(f"decision must be one of: {', '.join(BULK_DECISIONS)}.", field="decision")
    if decision == "reject" and not (template or text.strip()):
        raise DomainError("Give a reason (a template code or text); the vendors read it.", field="reason")
    results = []
    for item_id in dict.fromkeys(item_ids):
        try:
            item = BULK_DECISIONS[decision](actor=actor, item_id=item_id, template=template, text=text)
        except DomainError as exc:
            results.append(BulkResult(id=item_id, status="error", errors={exc.field or "detail": [exc.message]}))
        else:
            results.append(BulkResult(id=item_id, status=item.status))
    return results


@transaction.atomic
def reason_template_create(*, actor, code: str, text_de: str, text_en: str) -> ReasonTemplate:
    if ReasonTemplate.objects.filter(code=code).exists():
        raise Conflict(f"A reason template {code!r} exists already.", field="code")
    template = ReasonTemplate.objects.create(code=code, text_de=text_de.strip(), text_en=text_en.strip())
    audit_record(actor=actor, action="reason_template.created", obj=template)
    return template
